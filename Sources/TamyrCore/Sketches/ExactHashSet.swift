/// A set of 64-bit hashes with room for at most ``capacity`` members: the exact mode of
/// ``DistinctCounter``.
///
/// Open addressing with linear probing in a table of at most ``maximumSlots`` slots: a power of
/// two, kept at most three quarters full, while members are being added; a denser table of any
/// size after ``compact()``. The slot value 0 marks an empty slot, so the hash 0
/// is recorded by a flag instead. The table's layout depends on insertion order; the set's
/// contents do not, and ``==`` compares contents.
///
/// - Memory: nothing while empty; then 8 bytes per slot, between 8 and 8,192 slots (64 KiB, the
///   size of the HyperLogLog registers the counter switches to when this set is full).
///   ``compact()`` moves a set that will take few more members (a pane that has ended, which
///   only late events reach) into a table 5/6 full, about 9.6 bytes per member instead of
///   11 to 21; it still takes members, up to 9/10 full, and then grows into a power of two.
/// - Complexity: `insert` O(1) expected (hashes are uniformly distributed: they come from
///   SipHash, and slots are chosen by Fibonacci hashing besides, so sequential test values
///   spread too).
struct ExactHashSet: Sendable, Equatable {
    /// The largest table: 8,192 slots of 8 bytes, the size of the HyperLogLog registers.
    static let maximumSlots = 8_192

    /// The most members the set holds: three quarters of ``maximumSlots``.
    static let capacity = maximumSlots / 4 * 3

    private static let initialSlots = 8

    private var slots: [UInt64] = []
    private var containsZero = false
    /// The most non-zero members the table takes before it grows: 3/4 of a power-of-two
    /// table, 9/10 of a compacted one.
    private var memberLimit = 0
    /// Whether the table is a compacted one (``compact()``).
    private(set) var isCompact = false

    /// The number of distinct hashes in the set, 0 included.
    private(set) var count = 0

    /// The members the table holds: all but the hash 0, which is a flag.
    private var nonZeroMembers: Int { count - (containsZero ? 1 : 0) }

    /// An empty set; allocates nothing.
    init() {}

    /// Empties the set and keeps its table, for a recycled pane (no allocation, no page faults).
    /// A compacted set gets a power-of-two table as large as the one it had before compacting:
    /// the recycled pane's group will most likely need it again.
    mutating func removeAll() {
        if isCompact {
            setTable([UInt64](repeating: 0, count: Self.tableSlots(forMembers: count)), compact: false)
            containsZero = false
            count = 0
            return
        }
        if !slots.isEmpty { slots.withUnsafeMutableBufferPointer { $0.update(repeating: 0) } }
        containsZero = false
        count = 0
    }

    /// What ``insert(_:)`` did.
    enum InsertOutcome: Sendable, Equatable {
        /// The hash is now a member and was not before.
        case inserted
        /// The hash was already a member.
        case present
        /// The hash is not a member and the set already holds ``ExactHashSet/capacity`` members.
        case full
    }

    /// Adds `hash` unless present or the set is full.
    mutating func insert(_ hash: UInt64) -> InsertOutcome {
        if hash == 0 {
            if containsZero { return .present }
            guard count < Self.capacity else { return .full }
            containsZero = true
            count += 1
            return .inserted
        }
        if slots.isEmpty {
            setTable(Array(repeating: 0, count: Self.initialSlots), compact: false)
        }
        var (slot, present) = slots.withUnsafeBufferPointer { Self.probe(hash, in: $0, compact: isCompact) }
        if present { return .present }
        guard count < Self.capacity else { return .full }
        if nonZeroMembers >= memberLimit {
            // Cannot pass maximumSlots: below capacity, the members + 1 are at most 3/4 of it.
            grow()
            slot = slots.withUnsafeBufferPointer { Self.probe(hash, in: $0, compact: isCompact).slot }
        }
        slots[slot] = hash
        count += 1
        return .inserted
    }

    /// Inserts `hashes` in order until one does not fit because the set is full;
    /// returns how many were taken (all of them unless it filled up). The same set
    /// as inserting them one by one, with the table's uniqueness checked once per
    /// run instead of once per hash (the engine's staged flush inserts in runs).
    mutating func insert(contentsOf hashes: UnsafeBufferPointer<UInt64>) -> Int {
        // A compacted table takes a few late hashes one by one; a run as long as a pane's
        // (merging into a copy of it) goes into the power-of-two table it grows into.
        if isCompact && hashes.count > Self.compactRunLimit { grow() }
        var index = 0
        while index < hashes.count {
            let hash = hashes[index]
            let members = nonZeroMembers
            // Checked here so that the fast loop below always takes its first hash.
            if slots.isEmpty || isCompact || hash == 0 || count >= Self.capacity || members >= memberLimit {
                // The general path: the first table, a compacted one, the zero hash, growing, or full.
                if insert(hash) == .full { return index }
                index += 1
                continue
            }
            var added = 0
            let start = index
            let countBefore = count
            let memberLimit = memberLimit
            index = withUnsafeTemporaryAllocation(of: UInt64.self, capacity: Self.lookahead) { ahead in
                slots.withUnsafeMutableBufferPointer { table -> Int in
                    var members = members
                    var block = start
                    while block < hashes.count {
                        // The first slots of the next few hashes, loaded together: the table is
                        // cold in a flush (a 5m/1s profile spent two thirds of this function on
                        // the first probe's load, one miss at a time), and independent loads
                        // overlap. Not a copy of the table: see `probe(_:in:compact:firstOccupant:)`.
                        let end = Swift.min(block + Self.lookahead, hashes.count)
                        for position in block ..< end {
                            ahead[position - block] = table[Self.firstSlot(of: hashes[position], slotCount: table.count, compact: false)]
                        }
                        for position in block ..< end {
                            let hash = hashes[position]
                            if hash == 0 { return position }
                            let (slot, present) = Self.probe(
                                hash, in: UnsafeBufferPointer(table), compact: false, firstOccupant: ahead[position - block])
                            if !present {
                                // Growing (or filling up) is the general path's business.
                                if members >= memberLimit || countBefore + added >= Self.capacity {
                                    return position
                                }
                                table[slot] = hash
                                members += 1
                                added += 1
                            }
                        }
                        block = end
                    }
                    return hashes.count
                }
            }
            count += added
        }
        return hashes.count
    }

    /// Whether `hash` is a member.
    func contains(_ hash: UInt64) -> Bool {
        if hash == 0 { return containsZero }
        guard !slots.isEmpty else { return false }
        return slots.withUnsafeBufferPointer { Self.probe(hash, in: $0, compact: isCompact).present }
    }

    /// Calls `body` with the members in chunks of at most 512, in no particular
    /// order: merging sets goes through the batch inserts instead of one call per hash.
    func forEachChunk(_ body: (UnsafeBufferPointer<UInt64>) -> Void) {
        if containsZero {
            let zero: [UInt64] = [0]
            zero.withUnsafeBufferPointer(body)
        }
        guard !slots.isEmpty else { return }
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 512) { chunk in
            slots.withUnsafeBufferPointer { table in
                var filled = 0
                for hash in table where hash != 0 {
                    chunk[filled] = hash
                    filled += 1
                    if filled == chunk.count {
                        body(UnsafeBufferPointer(chunk))
                        filled = 0
                    }
                }
                if filled > 0 { body(UnsafeBufferPointer(rebasing: chunk[..<filled])) }
            }
        }
    }

    /// Heap bytes held: the slot table and its array header; 0 when nothing is allocated.
    var memoryBytes: Int {
        // The table size asked for, not `slots.capacity`: the allocator may round a block
        // up by a few slots, which made the figure (and a test's bound) vary run to run.
        slots.isEmpty ? 0 : 32 + slots.count * MemoryLayout<UInt64>.stride
    }

    /// Same members, whatever the order they were inserted in.
    static func == (lhs: ExactHashSet, rhs: ExactHashSet) -> Bool {
        guard lhs.count == rhs.count, lhs.containsZero == rhs.containsZero else { return false }
        for hash in lhs.slots where hash != 0 && !rhs.contains(hash) { return false }
        return true
    }

    /// Moves the members into a table about 5/6 full (see Memory above); the same set (`==`).
    /// O(*n*); nothing if already compacted or if that would not shrink the table.
    mutating func compact() {
        guard !isCompact, !slots.isEmpty else { return }
        let members = nonZeroMembers
        if members == 0 { return setTable([], compact: false) }
        let size = members + members / 5 + 1
        guard size < slots.count else { return }
        rehash(into: size, compact: true)
    }

    /// Runs longer than this make a compacted table grow before taking them.
    private static let compactRunLimit = 64

    // Fibonacci hashing: the top bits of hash × 2^64/φ, so inputs that differ only in high or
    // only in low bits still spread over the table. A compacted table's size is no power of
    // two: the product's top bits scaled to it (multiply-high, Lemire's range reduction).
    @inline(__always)
    private static func firstSlot(of hash: UInt64, slotCount: Int, compact: Bool) -> Int {
        let mixed = hash &* 0x9E37_79B9_7F4A_7C15
        if compact { return Int(truncatingIfNeeded: mixed.multipliedFullWidth(by: UInt64(slotCount)).high) }
        return Int(truncatingIfNeeded: mixed &>> UInt64(64 - slotCount.trailingZeroBitCount))
    }

    /// Where `hash` is in `table` (a non-zero hash, a non-empty table, `compact` if it is a
    /// compacted one), or the empty slot where it goes: linear probing from its first slot.
    @inline(__always)
    private static func probe(_ hash: UInt64, in table: UnsafeBufferPointer<UInt64>, compact: Bool) -> (slot: Int, present: Bool) {
        // No occupant known ahead: the first slot is read like the others.
        probe(hash, in: table, compact: compact, firstOccupant: 0)
    }

    /// Hashes whose first slots ``insert(contentsOf:)`` loads ahead of probing.
    private static let lookahead = 16

    /// ``probe(_:in:compact:)`` given what `hash`'s first slot held earlier during the same run of
    /// inserts. A member is never removed or moved within a run (the table only grows
    /// between runs), so a non-zero occupant read earlier is still there; an empty one may
    /// have been filled since, and is read again (from cache, by now).
    @inline(__always)
    private static func probe(
        _ hash: UInt64, in table: UnsafeBufferPointer<UInt64>, compact: Bool, firstOccupant: UInt64
    ) -> (slot: Int, present: Bool) {
        let mask = table.count - 1
        var slot = firstSlot(of: hash, slotCount: table.count, compact: compact)
        var occupant = firstOccupant != 0 ? firstOccupant : table[slot]
        while true {
            if occupant == hash { return (slot, true) }
            if occupant == 0 { return (slot, false) }
            if compact {
                slot += 1
                if slot == table.count { slot = 0 }
            } else {
                slot = (slot + 1) & mask
            }
            occupant = table[slot]
        }
    }

    /// The smallest table in which `members` non-zero members leave room for one more
    /// (at most ``maximumSlots``): the table that inserting them one by one ends with.
    private static func tableSlots(forMembers members: Int) -> Int {
        var slotCount = initialSlots
        while slotCount < maximumSlots && needsGrowth(members: members, slots: slotCount) { slotCount *= 2 }
        return slotCount
    }

    /// Whether one more non-zero member would fill a power-of-two table of `slots` beyond three quarters.
    @inline(__always)
    private static func needsGrowth(members: Int, slots: Int) -> Bool { (members + 1) * 4 > slots * 3 }

    private mutating func setTable(_ table: [UInt64], compact: Bool) {
        slots = table
        isCompact = compact
        memberLimit = compact ? table.count / 10 * 9 : table.count / 4 * 3
    }

    /// Doubles the table, or replaces a compacted one by the power of two it needs.
    private mutating func grow() {
        rehash(into: isCompact ? Self.tableSlots(forMembers: nonZeroMembers) : slots.count * 2, compact: false)
    }

    private mutating func rehash(into size: Int, compact: Bool) {
        var table = [UInt64](repeating: 0, count: size)
        // Through buffer pointers: indexing `slots` checked bounds and uniqueness per member,
        // and a 1 s pane's busy groups grow ten times each, every second (4 % of a 5m/1s profile).
        table.withUnsafeMutableBufferPointer { table in
            slots.withUnsafeBufferPointer { old in
                for hash in old where hash != 0 {
                    table[Self.probe(hash, in: UnsafeBufferPointer(table), compact: compact).slot] = hash
                }
            }
        }
        setTable(table, compact: compact)
    }
}
