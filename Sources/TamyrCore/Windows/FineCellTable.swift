/// A pane's map from an event's full group tuple (domain, service, region,
/// channel) to the slots of the five groups it updates, so an in-order event
/// costs one lookup instead of five: a ``ProbingTable`` from tuple to cell, and
/// the cells' slots.
///
/// Bounded: at ``capacityLimit`` tuples it refuses new ones, and the engine
/// updates such an event's groups directly (a producer inventing a new region
/// and service per event still cannot grow it).
struct FineCellTable {
    struct Key: ProbingKey {
        var serviceHash: UInt64
        var region: UInt64
        var domain: UInt8
        var channel: UInt8

        static var placeholder: Key { Key(serviceHash: 0, region: 0, domain: 0, channel: 0) }

        var probeHash: UInt64 {
            (serviceHash ^ (region &* 0x9e37_79b9_7f4a_7c15) ^ (UInt64(domain) << 8 | UInt64(channel)))
                &* 0xff51_afd7_ed55_8ccd
        }
    }

    /// Group slots of a tuple; -1 for a breakdown that is not published.
    struct Slots {
        var domain: Int32
        var service: Int32
        var region: Int32
        var channel: Int32
        var all: Int32
    }

    static let capacityLimit = 1 << 16
    private var cells = ProbingTable<Key>()
    /// By cell.
    private(set) var slots: [Slots] = []

    var count: Int { slots.count }

    /// The cell of `key`, or `nil`.
    @inline(__always)
    func cell(of key: Key) -> Int32? {
        cells.index(of: key).map { Int32($0) }
    }

    /// Forgets every tuple, keeping the table's memory.
    mutating func removeAll() {
        cells.removeAll()
        slots.removeAll(keepingCapacity: true)
    }

    /// Adds `key` (not present) with its slots; `nil` when the table is at its limit.
    mutating func insert(_ key: Key, slots groupSlots: Slots) -> Int32? {
        guard slots.count < Self.capacityLimit else { return nil }
        let cell = slots.count
        slots.append(groupSlots)
        cells.insert(key, index: cell)
        return Int32(cell)
    }
}
