@testable import TamyrCore
import Testing

/// An ended pane stores its exact distinct counters without their tables (`compact()`). A
/// compacted counter must stay the same counter: equal (`==`) to the one it came from, the
/// same estimate, the same checkpoint, the same merges either way round, and, fed more hashes
/// (late events), count what a `Set<UInt64>` counts and switch to the same HyperLogLog past the
/// exact limit. Populations from empty to a full exact set, with repeats and the zero hash.
@Suite("A compacted counter is the same counter in less memory")
struct CompactedCounterTests {
    static let populations: [UInt64] = [0, 1, 9, 700, 4_000, 6_143, 6_144]

    /// `count` draws from `population` distinct hashes (the zero hash among them), repeats included.
    static func run(_ random: inout SketchRandom, population: UInt64, count: Int) -> [UInt64] {
        (0 ..< count).map { _ in
            let draw = random.next() % (population + 1)
            return draw == 0 ? 0 : SketchRandom.mix(draw)
        }
    }

    static func checkpoint(_ counter: DistinctCounter) -> [UInt8] {
        var writer = CheckpointWriter()
        counter.encode(into: &writer)
        return writer.bytes
    }

    @Test(arguments: populations.indices)
    func compactedEqualsTableAndKeepsCounting(case index: Int) throws {
        var random = SketchRandom(seed: UInt64(index) + 40)
        let population = Self.populations[index]
        var reference = Set<UInt64>()
        var table = DistinctCounter()
        if population > 0 {
            let hashes = Self.run(&random, population: population - 1, count: Int(population) * 3)
            hashes.withUnsafeBufferPointer { table.add(hashes: $0) }
            reference.formUnion(hashes)
        }
        #expect(table.isExact && table.estimate == UInt64(reference.count))

        var compacted = table
        compacted.compact()
        #expect(compacted == table && table == compacted)
        #expect(compacted.estimate == table.estimate)
        #expect(compacted.exact.isCompact == (reference.subtracting([0]).count > 0))
        #expect(Self.checkpoint(compacted).count == Self.checkpoint(table).count)
        var reader = CheckpointReader(Self.checkpoint(compacted), from: 0)
        #expect(try DistinctCounter(decoding: &reader) == table)
        if reference.count >= 9 { #expect(compacted.memoryBytes < table.memoryBytes) }
        if reference.count >= 9 {
            // Slots 6/5 of the non-zero members, plus one, against a table at most 3/4 full:
            // 9.6 bytes per member, and at most 9/10 of the table.
            let members = Double(reference.subtracting([0]).count)
            #expect(Double(compacted.memoryBytes) <= 32 + 8 + 9.6 * members)
            #expect(compacted.memoryBytes * 10 <= table.memoryBytes * 9 + 80)
        }

        // Merged either way round with another set, compacted or not: the same union.
        var other = DistinctCounter()
        let otherHashes = Self.run(&random, population: 2_000, count: 1_500)
        otherHashes.withUnsafeBufferPointer { other.add(hashes: $0) }
        var otherCompacted = other
        otherCompacted.compact()
        var expected = table
        expected.merge(other)
        for (left, right) in [(compacted, other), (compacted, otherCompacted), (table, otherCompacted)] {
            var forward = left
            forward.merge(right)
            var backward = right
            backward.merge(left)
            #expect(forward == expected && backward == expected, "population \(population)")
        }

        // Late events: more hashes, one by one and in runs, as a table counter takes them.
        var fresh = DistinctCounter()
        reference.forEach { fresh.add(hash: $0) }
        for round in 0 ..< 4 {
            let late = Self.run(&random, population: population + 50, count: 400)
            if round % 2 == 0 {
                late.withUnsafeBufferPointer { compacted.add(hashes: $0) }
            } else {
                for hash in late { compacted.add(hash: hash) }
            }
            late.withUnsafeBufferPointer { fresh.add(hashes: $0) }
            reference.formUnion(late)
            if reference.count <= DistinctCounter.exactLimit {
                #expect(compacted.isExact && compacted.estimate == UInt64(reference.count), "population \(population), round \(round)")
            }
            #expect(compacted == fresh, "population \(population), round \(round)")
            compacted.compact()
        }
        // Past the limit both become the same HyperLogLog.
        for value in 0 ..< UInt64(DistinctCounter.exactLimit + 1) {
            compacted.add(hash: SketchRandom.mix(value &+ 1 << 40))
            fresh.add(hash: SketchRandom.mix(value &+ 1 << 40))
        }
        #expect(!compacted.isExact && compacted == fresh)
    }

    /// A recycled pane empties a compacted counter: it must count from zero again, exactly.
    @Test func emptiedCompactedCounterCountsFromZero() {
        var random = SketchRandom(seed: 99)
        var counter = DistinctCounter()
        Self.run(&random, population: 5_000, count: 9_000).withUnsafeBufferPointer { counter.add(hashes: $0) }
        counter.compact()
        counter.removeAll()
        #expect(counter.isEmpty && counter.estimate == 0)
        let hashes = Self.run(&random, population: 300, count: 2_000)
        hashes.withUnsafeBufferPointer { counter.add(hashes: $0) }
        #expect(counter.estimate == UInt64(Set(hashes).count))
    }
}
