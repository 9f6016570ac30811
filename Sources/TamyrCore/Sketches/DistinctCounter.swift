/// A mergeable count of distinct 64-bit hashes (of applicant ids, see ``ApplicantHasher``):
/// exact while small, then a HyperLogLog.
///
/// - Exact mode: the hashes themselves, in an ``ExactHashSet``, while at most ``exactLimit``
///   (6,144) distinct hashes were seen; ``estimate`` is then the exact count. The limit is where
///   the set's table would outgrow the 64 KiB of HyperLogLog registers.
/// - HyperLogLog mode: a ``HyperLogLog`` of precision 16 (65,536 registers, 64 KiB) with Ertl's
///   improved estimator, entered for good when the distinct count passes ``exactLimit``.
///   The estimator's relative standard error is about 1.04 / √65,536 = 0.41 %, so the contract's
///   2 % bound is about 4.9 standard errors away: a single estimate falls outside it with a
///   probability of about one in a million (normal tail), and Ertl's estimator keeps this error
///   uniform across the whole range, including the transition from few to many registers set.
///   (Counting distinct *hashes* adds the error of hash collisions: for 64-bit hashes and 10^7
///   ids, about 3 · 10^-6 expected collisions, nothing.)
///
/// Merging is a set union: exact ∪ exact stays exact while the union fits, otherwise becomes a
/// HyperLogLog; an exact set merged with a HyperLogLog inserts its hashes; two HyperLogLogs take
/// the register-wise maximum. Both representations depend only on the set of hashes seen, so
/// merging the counters of slices gives a counter equal (`==`) to the one fed all hashes, and
/// `merge` is commutative and associative, with an empty counter as its identity.
///
/// - Memory: nothing while empty; in exact mode a table of 8-byte slots, 3/8 to 3/4 full once
///   past its first 8 slots, so 11 to 21 bytes per distinct hash (16 KiB for 1,000), at most
///   64 KiB, and about 9.6 bytes per hash once compacted (``compact()``, an ended pane's
///   counters); 64 KiB in HyperLogLog mode, and about 32 KiB once compacted (the registers
///   packed four bits each, losslessly: ``PackedHyperLogLog``). See ``memoryBytes``.
///
/// A value type; copies share storage until written (copy on write). `Sendable`.
package struct DistinctCounter: Sendable, Equatable {
    // Exactly one mode holds data: `exact` is emptied when `hyperLogLog` is created, and at
    // most one of `hyperLogLog` and `packed` (HyperLogLog mode, compacted) is set.
    // Internal, not private, for the checkpoint codec (DistinctCounter+Checkpoint.swift).
    var exact = ExactHashSet()
    var hyperLogLog: HyperLogLog? = nil
    var packed: PackedHyperLogLog? = nil

    /// The largest number of distinct hashes counted exactly: 6,144.
    package static var exactLimit: Int { ExactHashSet.capacity }

    /// An empty counter; allocates nothing.
    package init() {}

    /// Empties the counter, keeping the exact table's memory for reuse (a recycled pane).
    package mutating func removeAll() {
        exact.removeAll()
        hyperLogLog = nil
        packed = nil
    }

    /// Whether no hash was added or merged in.
    package var isEmpty: Bool { hyperLogLog == nil && packed == nil && exact.count == 0 }

    /// Whether ``estimate`` is exact (at most ``exactLimit`` distinct hashes seen).
    package var isExact: Bool { hyperLogLog == nil && packed == nil }

    /// The HyperLogLog itself, unpacked if compacted; `nil` in exact mode.
    var sketch: HyperLogLog? { hyperLogLog ?? packed?.unpacked }

    /// Unpacks a compacted HyperLogLog before a change other than a hash added.
    @inline(__always)
    private mutating func unpackForChange() {
        if let sketch = packed.take() { hyperLogLog = sketch.unpacked }
    }

    /// Adds `hashes` to the packed registers in place (late events reaching an ended pane):
    /// unpacking and packing again cost the default windows' steady state half its time per
    /// event. Returns how many it took: all of them unless one needed unpacking.
    private mutating func addPacked(_ hashes: UnsafeBufferPointer<UInt64>) -> Int {
        var sketch = packed.take()!
        defer { packed = sketch }
        for (index, hash) in hashes.enumerated() where !sketch.insert(hash) { return index }
        return hashes.count
    }

    /// Records `hash`.
    ///
    /// - Complexity: O(1) expected, no allocation except when the exact table doubles (7 times
    ///   at most) and once, 64 KiB, when switching to HyperLogLog mode (then O(``exactLimit``)).
    package mutating func add(hash: UInt64) {
        if packed != nil {
            // Force-unwrapped in place, as below: the packed registers are not copied.
            if packed!.insert(hash) { return }
            unpackForChange()
        }
        if hyperLogLog != nil {
            // Force-unwrapped in place: the 64 KiB of registers are not copied.
            hyperLogLog!.insert(hash)
            return
        }
        if exact.insert(hash) == .full {
            switchToHyperLogLog()
            hyperLogLog!.insert(hash)
        }
    }

    /// Records every hash of `hashes`: the same counter as adding them one by one.
    package mutating func add(hashes: UnsafeBufferPointer<UInt64>) {
        var hashes = hashes
        if packed != nil {
            let taken = addPacked(hashes)
            if taken == hashes.count { return }
            unpackForChange()
            hashes = UnsafeBufferPointer(rebasing: hashes[taken...])
        }
        var index = 0
        if hyperLogLog == nil {
            index = exact.insert(contentsOf: hashes)
            guard index < hashes.count else { return }
            // The exact set is full: from here on, a HyperLogLog.
            switchToHyperLogLog()
        }
        hyperLogLog!.insert(contentsOf: UnsafeBufferPointer(rebasing: hashes[index...]))
    }

    /// Makes this counter that of the union of both sets of hashes.
    ///
    /// - Complexity: O(1) when either is empty; O(*n*) for *n* hashes held by the smaller exact
    ///   set; O(65,536) for two HyperLogLogs (vectorised, a few microseconds).
    package mutating func merge(_ other: DistinctCounter) {
        if other.isEmpty { return }
        if isEmpty {
            self = other
            return
        }
        unpackForChange()
        if let otherPacked = other.packed {
            // A compacted pane merged into a window: its registers a chunk at a time.
            if hyperLogLog != nil {
                hyperLogLog!.merge(otherPacked)
            } else {
                var union = otherPacked.unpacked
                exact.forEachChunk { union.insert(contentsOf: $0) }
                exact = ExactHashSet()
                hyperLogLog = union
            }
            return
        }
        switch (hyperLogLog != nil, other.hyperLogLog) {
        case (true, let otherSketch?):
            hyperLogLog!.merge(otherSketch)
        case (true, nil):
            other.exact.forEachChunk { hyperLogLog!.insert(contentsOf: $0) }
        case (false, let otherSketch?):
            var union = otherSketch
            exact.forEachChunk { union.insert(contentsOf: $0) }
            exact = ExactHashSet()
            hyperLogLog = union
        case (false, nil):
            // Insert the smaller set into the larger: fewer probes, fewer table doublings;
            // in chunks, through the batch insert (a window's assembly merges thousands).
            if other.exact.count > exact.count {
                var union = other
                exact.forEachChunk { union.add(hashes: $0) }
                self = union
            } else {
                other.exact.forEachChunk { add(hashes: $0) }
            }
        }
    }

    /// The number of distinct hashes seen: exact in exact mode (at most ``exactLimit``),
    /// otherwise the HyperLogLog estimate, within 2 % with overwhelming probability (see the
    /// type's documentation), and never below ``exactLimit`` + 1, which is known to be exceeded.
    ///
    /// - Complexity: O(1) in exact mode; about 20 µs (a pass over 64 KiB) in HyperLogLog mode.
    package var estimate: UInt64 {
        let estimate: Double
        if let hyperLogLog {
            estimate = hyperLogLog.estimate.rounded()
        } else if let packed {
            estimate = HyperLogLog.estimate(histogram: packed.rankHistogram).rounded()
        } else {
            return UInt64(exact.count)
        }
        return Swift.max(UInt64(exactly: estimate) ?? UInt64.max, UInt64(Self.exactLimit + 1))
    }

    /// In HyperLogLog mode, keeps the register histogram up to date from now on, so that
    /// ``estimate`` costs O(50) instead of a pass over 64 KiB (``HyperLogLog/keepRankCounts()``).
    /// Nothing in exact mode, whose estimate is already O(1), nor after switching to a
    /// HyperLogLog. Changes no value (`==`) and no estimate.
    package mutating func keepRankCounts() {
        unpackForChange()
        if hyperLogLog != nil { hyperLogLog!.keepRankCounts() }
    }

    /// Stores the counter in less memory, for one that will take few or no more hashes, such
    /// as an ended pane's: in exact mode, the hashes without a table (``ExactHashSet/compact()``);
    /// in HyperLogLog mode, the registers four bits each (``PackedHyperLogLog``), unless too
    /// spread out to gain. Changes no value (`==`) and no estimate; the next hash added
    /// rebuilds the table or unpacks the registers.
    package mutating func compact() {
        if let sketch = hyperLogLog {
            // Not a window's sketch that keeps its histogram: those are merged into, not ended.
            guard sketch.rankCounts == nil, let small = PackedHyperLogLog(sketch) else { return }
            packed = small
            hyperLogLog = nil
        } else if packed == nil {
            exact.compact()
        }
    }

    /// Heap bytes held, approximately (counted in full even while shared with a copy): 0 when
    /// empty; the exact table (at most 64 KiB + 32), or the registers (64 KiB + 32; packed,
    /// 32 KiB + 64 and 4 bytes per exception).
    package var memoryBytes: Int { hyperLogLog?.memoryBytes ?? packed?.memoryBytes ?? exact.memoryBytes }

    /// Same mode and same contents: equal sets in exact mode, equal registers in HyperLogLog
    /// mode, packed or not.
    package static func == (lhs: DistinctCounter, rhs: DistinctCounter) -> Bool {
        if lhs.packed != nil || rhs.packed != nil { return lhs.sketch == rhs.sketch && lhs.exact == rhs.exact }
        return lhs.hyperLogLog == rhs.hyperLogLog && lhs.exact == rhs.exact
    }

    private mutating func switchToHyperLogLog() {
        var sketch = HyperLogLog()
        exact.forEachChunk { sketch.insert(contentsOf: $0) }
        exact = ExactHashSet()
        hyperLogLog = sketch
    }
}
