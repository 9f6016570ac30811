// TEMPORARY exact stand-ins until the real sketches land. Delete this file.
package struct DurationSketch: Sendable, Equatable {
    var values: [Int64] = []
    package init() {}
    package mutating func add(micros: Int64) { values.append(max(0, micros)) }
    package mutating func merge(_ other: DurationSketch) { values += other.values }
    package var count: UInt64 { UInt64(values.count) }
    package var minMicros: Int64? { values.min() }
    package var maxMicros: Int64? { values.max() }
    package func quantile(_ q: Double) -> Int64? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        var rank = Int((q * Double(sorted.count)).rounded(.up))
        rank = min(max(rank, 1), sorted.count)
        return sorted[rank - 1]
    }
    package var memoryBytes: Int { values.count * 8 }
}
package struct DistinctCounter: Sendable, Equatable {
    var members: Set<UInt64> = []
    package init() {}
    package mutating func add(hash: UInt64) { members.insert(hash) }
    package mutating func merge(_ other: DistinctCounter) { members.formUnion(other.members) }
    package var isEmpty: Bool { members.isEmpty }
    package var estimate: UInt64 { UInt64(members.count) }
    package var memoryBytes: Int { members.count * 8 }
    package static var exactLimit: Int { .max }
}
package struct ApplicantHasher: Sendable {
    let key0: UInt64, key1: UInt64
    package init(key0: UInt64, key1: UInt64) { self.key0 = key0; self.key1 = key1 }
    package func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h = key0 ^ 0xcbf2_9ce4_8422_2325
        for b in bytes { h ^= UInt64(b); h &*= 0x0000_0100_0000_01b3 }
        return h ^ key1
    }
}
