/// A key of a ``ProbingTable``: equality, a stand-in for empty entries, and a
/// well-mixed 64-bit hash (the table uses its upper bits).
protocol ProbingKey: Equatable {
    static var placeholder: Self { get }
    var probeHash: UInt64 { get }
}

/// A map from small keys to small non-negative indices: open addressing with
/// linear probing over one array, at most half full. A pane's groups
/// (``GroupKey`` → accumulator) and its group tuples (``FineCellTable``) use it.
///
/// Why not `Dictionary`: the engine looks up a pane's groups on every event,
/// and `Hasher` (SipHash-1-3, seeded per process) cost about 25 ns per lookup
/// in the profile, a third of the engine's per-event time. The keys are not
/// attacker-chosen in a way that matters here: a service's value is already a
/// 64-bit hash, and a pane holds at most its safety cap of values per domain
/// and dimension, so probing stays bounded.
struct ProbingTable<Key: ProbingKey> {
    private struct Entry {
        var key: Key
        /// The key's index; -1 marks an empty entry.
        var index: Int32
    }

    private static var empty: Entry { Entry(key: .placeholder, index: -1) }
    private var entries: [Entry] = []
    private(set) var count = 0

    /// The index of `key`, or `nil`.
    @inline(__always)
    func index(of key: Key) -> Int? {
        guard !entries.isEmpty else { return nil }
        return entries.withUnsafeBufferPointer { table in
            let mask = table.count - 1
            var position = Self.home(of: key, mask: mask)
            while true {
                let entry = table[position]
                if entry.index < 0 { return nil }
                if entry.key == key { return Int(entry.index) }
                position = (position + 1) & mask
            }
        }
    }

    /// Forgets every key, keeping the table's memory.
    mutating func removeAll() {
        if !entries.isEmpty { entries.withUnsafeMutableBufferPointer { $0.update(repeating: Self.empty) } }
        count = 0
    }

    /// Records `key` at `index`; `key` must not be present.
    mutating func insert(_ key: Key, index: Int) {
        if (count + 1) * 2 > entries.count { grow() }
        Self.place(Entry(key: key, index: Int32(index)), in: &entries)
        count += 1
    }

    private mutating func grow() {
        let old = entries
        entries = Array(repeating: Self.empty, count: max(16, old.count * 2))
        for entry in old where entry.index >= 0 { Self.place(entry, in: &entries) }
    }

    private static func place(_ entry: Entry, in table: inout [Entry]) {
        let mask = table.count - 1
        var position = home(of: entry.key, mask: mask)
        while table[position].index >= 0 { position = (position + 1) & mask }
        table[position] = entry
    }

    @inline(__always)
    private static func home(of key: Key, mask: Int) -> Int {
        Int(truncatingIfNeeded: key.probeHash >> 32) & mask
    }
}

extension GroupKey: ProbingKey {
    static var placeholder: GroupKey { .all }

    var probeHash: UInt64 {
        (value ^ (UInt64(domain) << 8 | UInt64(dimension.rawValue)) &* 0xff51_afd7_ed55_8ccd) &* 0x9e37_79b9_7f4a_7c15
    }
}
