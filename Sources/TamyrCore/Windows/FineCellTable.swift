/// A pane's map from an event's full group tuple (domain, service, region,
/// channel) to the slots of the five groups it updates, so an in-order event
/// costs one lookup instead of five. Open addressing, linear probing.
///
/// Bounded: at ``capacityLimit`` tuples it refuses new ones, and the engine
/// updates such an event's groups directly (a producer inventing a new region
/// and service per event still cannot grow it).
struct FineCellTable {
    struct Key: Equatable {
        var serviceHash: UInt64
        var region: UInt64
        var domain: UInt8
        var channel: UInt8
    }

    /// Group slots of a tuple; -1 for a breakdown that is not published.
    struct Slots {
        var domain: Int32
        var service: Int32
        var region: Int32
        var channel: Int32
        var all: Int32
    }

    private struct Entry {
        var key: Key
        /// Index into `slots`; -1 marks an empty entry.
        var cell: Int32
    }

    static let capacityLimit = 1 << 16
    private var entries: [Entry] = []
    private(set) var slots: [Slots] = []

    var count: Int { slots.count }

    /// The cell of `key`, or `nil`.
    @inline(__always)
    func cell(of key: Key) -> Int32? {
        guard !entries.isEmpty else { return nil }
        return entries.withUnsafeBufferPointer { table in
            let mask = table.count - 1
            var index = Self.home(of: key, mask: mask)
            while true {
                let entry = table[index]
                if entry.cell < 0 { return nil }
                if entry.key == key { return entry.cell }
                index = (index + 1) & mask
            }
        }
    }

    /// Forgets every tuple, keeping the table's memory.
    mutating func removeAll() {
        if !entries.isEmpty {
            let empty = Entry(key: Key(serviceHash: 0, region: 0, domain: 0, channel: 0), cell: -1)
            entries.withUnsafeMutableBufferPointer { $0.update(repeating: empty) }
        }
        slots.removeAll(keepingCapacity: true)
    }

    /// Adds `key` (not present) with its slots; `nil` when the table is at its limit.
    mutating func insert(_ key: Key, slots groupSlots: Slots) -> Int32? {
        guard slots.count < Self.capacityLimit else { return nil }
        if (slots.count + 1) * 2 > entries.count { grow() }
        let cell = Int32(slots.count)
        slots.append(groupSlots)
        Self.place(Entry(key: key, cell: cell), in: &entries)
        return cell
    }

    private mutating func grow() {
        let old = entries
        let empty = Entry(key: Key(serviceHash: 0, region: 0, domain: 0, channel: 0), cell: -1)
        entries = Array(repeating: empty, count: max(64, old.count * 2))
        for entry in old where entry.cell >= 0 { Self.place(entry, in: &entries) }
    }

    private static func place(_ entry: Entry, in table: inout [Entry]) {
        let mask = table.count - 1
        var index = home(of: entry.key, mask: mask)
        while table[index].cell >= 0 { index = (index + 1) & mask }
        table[index] = entry
    }

    @inline(__always)
    private static func home(of key: Key, mask: Int) -> Int {
        let mixed = (key.serviceHash ^ (key.region &* 0x9e37_79b9_7f4a_7c15)
            ^ (UInt64(key.domain) << 8 | UInt64(key.channel))) &* 0xff51_afd7_ed55_8ccd
        return Int(truncatingIfNeeded: mixed >> 40) & mask
    }
}
