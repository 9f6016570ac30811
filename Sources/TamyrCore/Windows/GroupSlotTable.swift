/// A pane's map from ``GroupKey`` to the index of its accumulator: open
/// addressing with linear probing over one array, and a multiplicative hash of
/// the key's 64-bit value.
///
/// Why not `Dictionary`: the engine looks up five groups per event and pane,
/// and `Hasher` (SipHash-1-3, seeded per process) cost about 25 ns per lookup
/// in the profile, a third of the engine's per-event time. The keys are not
/// attacker-chosen in a way that matters here: a service's value is a 64-bit
/// FNV hash and each pane holds at most its safety cap of values per domain
/// and dimension, so probing stays bounded.
struct GroupSlotTable {
    private struct Entry {
        var key: GroupKey
        /// The accumulator's index; -1 marks an empty entry.
        var slot: Int32
    }

    private static let empty = Entry(key: .all, slot: -1)
    private var entries: [Entry] = []
    private(set) var count = 0

    /// The slot of `key`, or `nil`.
    @inline(__always)
    func slot(of key: GroupKey) -> Int? {
        guard !entries.isEmpty else { return nil }
        return entries.withUnsafeBufferPointer { table in
            let mask = table.count - 1
            var index = Self.home(of: key, mask: mask)
            while true {
                let entry = table[index]
                if entry.slot < 0 { return nil }
                if entry.key == key { return Int(entry.slot) }
                index = (index + 1) & mask
            }
        }
    }

    /// Forgets every key, keeping the table's memory.
    mutating func removeAll() {
        if !entries.isEmpty { entries.withUnsafeMutableBufferPointer { $0.update(repeating: Self.empty) } }
        count = 0
    }

    /// Records `key` at `slot`; `key` must not be present.
    mutating func insert(_ key: GroupKey, slot: Int) {
        if (count + 1) * 2 > entries.count { grow() }
        Self.place(Entry(key: key, slot: Int32(slot)), in: &entries)
        count += 1
    }

    private mutating func grow() {
        let old = entries
        entries = Array(repeating: Self.empty, count: max(16, old.count * 2))
        for entry in old where entry.slot >= 0 { Self.place(entry, in: &entries) }
    }

    private static func place(_ entry: Entry, in table: inout [Entry]) {
        let mask = table.count - 1
        var index = home(of: entry.key, mask: mask)
        while table[index].slot >= 0 { index = (index + 1) & mask }
        table[index] = entry
    }

    @inline(__always)
    private static func home(of key: GroupKey, mask: Int) -> Int {
        let mixed = (key.value ^ (UInt64(key.domain) << 8 | UInt64(key.dimension.rawValue)) &* 0xff51_afd7_ed55_8ccd)
            &* 0x9e37_79b9_7f4a_7c15
        return Int(truncatingIfNeeded: mixed >> 32) & mask
    }
}
