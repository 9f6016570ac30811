/// A mergeable sketch of processing times in integer microseconds, for quantiles within 1 %.
///
/// Logarithmic buckets in the manner of DDSketch (Masson, Rim and Lee, 2019), laid out by
/// ``DurationBuckets``: each value from 1 to 512 µs has a bucket of its own, larger values go
/// to buckets (γ^(i-1), γ^i] with γ = 1.009 / 0.991, and zero has a separate count. Durations
/// up to a day (86,400,000,000 µs) use keys up to 1,565 (1,053 logarithmic buckets); the counts
/// are kept in one contiguous array covering only the keys from the lowest to the highest one
/// used, so a sketch of a narrow distribution stays small.
///
/// - Accuracy: ``quantile(_:)`` is within 1 % of the exact nearest-rank value (0 exactly when
///   that value is 0); ``count``, ``minMicros`` and ``maxMicros`` are exact.
/// - Merging: ``merge(_:)`` adds bucket counts, so merging the sketches of slices gives a sketch
///   equal (`==`) to the one fed all their values; it is commutative and associative, and an
///   empty sketch is its identity.
/// - Memory: nothing on the heap while no non-zero value was added; then 8 bytes per bucket
///   between the lowest and the highest used, at most an eighth more for growth, and a 32-byte
///   header: about 2 KB for 10,000 values of a log-normal of median 200 ms and σ = 0.5 (216
///   buckets), 100 bytes for 200 ms ± 5 %, about 14 KB for anything from 1 µs to a day.
/// - Counts are `UInt64`: a bucket of a long window can pass 2^32 (an hour at 1.2 M events/s
///   with constant durations), and a second, widened representation would burden every add,
///   merge and comparison to save 4 bytes per bucket.
///
/// A value type; copies share storage until written (copy on write). `Sendable`.
package struct DurationSketch: Sendable, Equatable {
    // counts[k] counts the values of key lowestKey + k. Invariant (which makes the synthesised
    // `==` compare contents): empty with lowestKey == 0, or first and last elements non-zero,
    // because the array only ever grows to take a value in a new key.
    // Internal, not private, for the checkpoint codec (DurationSketch+Checkpoint.swift).
    var counts: [UInt64] = []
    var lowestKey = 0
    var zeroCount: UInt64 = 0
    var minimum = Int64.max
    var maximum = Int64.min

    /// The number of values added, including those merged in.
    package internal(set) var count: UInt64 = 0

    /// An empty sketch; allocates nothing.
    package init() {}

    /// Empties the sketch, keeping its bucket array's memory (a recycled pane).
    package mutating func removeAll() {
        counts.removeAll(keepingCapacity: true)
        lowestKey = 0
        zeroCount = 0
        minimum = .max
        maximum = .min
        count = 0
    }

    /// The smallest value added (after clamping negatives to 0); `nil` when empty.
    package var minMicros: Int64? { count == 0 ? nil : minimum }

    /// The largest value added; `nil` when empty.
    package var maxMicros: Int64? { count == 0 ? nil : maximum }

    /// Adds one duration. Negative values are clamped to 0; no precondition.
    ///
    /// - Complexity: O(1) amortised, no allocation unless the value falls outside the buckets
    ///   already covered (then the array grows to the new key: O(buckets) once per new lowest
    ///   or highest key).
    package mutating func add(micros: Int64) {
        let value = Swift.max(micros, 0)
        add(clampedMicros: value, key: value > 0 ? DurationBuckets.key(for: value) : 0)
    }

    /// ``add(micros:)`` for a value already clamped to 0 and above whose key
    /// (``DurationBuckets/key(for:)``, ignored for 0) the caller computed once
    /// for several sketches.
    @inline(__always)
    package mutating func add(clampedMicros value: Int64, key: Int) {
        count += 1
        minimum = Swift.min(minimum, value)
        maximum = Swift.max(maximum, value)
        if value == 0 {
            zeroCount += 1
            return
        }
        let position = key &- lowestKey
        if position >= 0 && position < counts.count {
            counts[position] &+= 1
            return
        }
        cover(lowest: key, highest: key)
        counts[key - lowestKey] &+= 1
    }

    /// ``add(clampedMicros:key:)`` for each pair of `values` (clamped to 0 and above) and their
    /// `keys`: the same sketch, with the array grown at most once and its uniqueness checked once.
    package mutating func add(clampedMicros values: UnsafeBufferPointer<Int64>, keys: UnsafeBufferPointer<Int>) {
        var lowest = Int.max
        var highest = Int.min
        var zeros: UInt64 = 0
        for index in values.indices {
            let value = values[index]
            minimum = Swift.min(minimum, value)
            maximum = Swift.max(maximum, value)
            if value == 0 {
                zeros += 1
            } else {
                lowest = Swift.min(lowest, keys[index])
                highest = Swift.max(highest, keys[index])
            }
        }
        count += UInt64(values.count)
        zeroCount += zeros
        guard lowest <= highest else { return }
        if counts.isEmpty || lowest < lowestKey || highest >= lowestKey + counts.count {
            cover(lowest: lowest, highest: highest)
        }
        let base = lowestKey
        counts.withUnsafeMutableBufferPointer { counts in
            for index in values.indices where values[index] != 0 {
                counts[keys[index] &- base] &+= 1
            }
        }
    }

    /// Adds every value of `other` to this sketch, as if they had been added one by one.
    ///
    /// - Complexity: O(*b*) for *b* buckets of `other` (a vectorised add), plus O(*b'*) when
    ///   this sketch must grow to cover `other`'s range; O(1) when either sketch is empty.
    package mutating func merge(_ other: DurationSketch) {
        guard other.count > 0 else { return }
        guard count > 0 else {
            // Shares `other`'s storage until either is written: merging into a fresh
            // accumulator is free.
            self = other
            return
        }
        count += other.count
        zeroCount += other.zeroCount
        minimum = Swift.min(minimum, other.minimum)
        maximum = Swift.max(maximum, other.maximum)
        guard !other.counts.isEmpty else { return }
        cover(lowest: other.lowestKey, highest: other.lowestKey + other.counts.count - 1)
        let start = other.lowestKey - lowestKey
        counts.withUnsafeMutableBufferPointer { target in
            other.counts.withUnsafeBufferPointer { source in
                let target = UnsafeMutableBufferPointer(rebasing: target[start ..< start + source.count])
                // Plain indices over two unsafe buffers: the optimiser turns this into SIMD adds.
                for index in 0 ..< source.count {
                    target[index] &+= source[index]
                }
            }
        }
    }

    /// The value at nearest rank ⌈q · count⌉ (1-based, rank 1 the smallest), within 1 % relative
    /// error of the exact value (exactly 0 when that value is 0); `nil` when empty.
    ///
    /// Rank 1 and rank `count` are answered exactly (``minMicros`` and ``maxMicros``), so
    /// `quantile(1)` and every quantile of one or two values are exact. Other ranks are answered
    /// with the representative of the bucket holding the value of that rank, clamped to
    /// [``minMicros``, ``maxMicros``] and rounded to the nearest microsecond.
    ///
    /// - Parameter q: In (0, 1]. `q <= 0` (and NaN) give rank 1, `q >= 1` rank `count`. The rank
    ///   is computed in `Double`, as ⌈q · Double(count)⌉.
    /// - Complexity: O(*b*) for *b* buckets covered; the walk starts at the nearer end.
    package func quantile(_ q: Double) -> Int64? {
        guard count > 0 else { return nil }
        let rank: UInt64
        if q > 0 {
            let real = (q * Double(count)).rounded(.up)
            rank = real >= Double(count) ? count : Swift.max(1, UInt64(real))
        } else {
            rank = 1
        }
        // The extreme ranks are known exactly; this also makes one and two values exact.
        if rank == 1 { return minimum }
        if rank == count { return maximum }
        if rank <= zeroCount { return 0 }
        let key = key(ofRank: rank - zeroCount, amongNonZero: count - zeroCount)
        let estimate = DurationBuckets.representative(ofKey: key)
        // Clamping can only move the estimate towards the true value, which lies in
        // [minimum, maximum]; it also keeps the conversion below in range.
        if estimate <= Double(minimum) { return minimum }
        if estimate >= Double(maximum) { return maximum }
        return Int64(estimate.rounded())
    }

    /// Heap bytes held by this sketch, approximately: the count array's capacity and header
    /// (counted in full even while shared with a copy); 0 when nothing was allocated.
    package var memoryBytes: Int {
        counts.capacity == 0 ? 0 : Self.arrayHeaderBytes + counts.capacity * MemoryLayout<UInt64>.stride
    }

    // Swift's array storage header on 64-bit platforms: object header (16) + count and capacity.
    private static let arrayHeaderBytes = 32

    /// The key of the bucket holding the `rank`-th smallest of the `total` non-zero values.
    private func key(ofRank rank: UInt64, amongNonZero total: UInt64) -> Int {
        counts.withUnsafeBufferPointer { buckets in
            if rank <= total / 2 {
                var remaining = rank
                for index in buckets.indices {
                    if buckets[index] >= remaining { return lowestKey + index }
                    remaining -= buckets[index]
                }
            } else {
                // The rank-th smallest is the (total - rank + 1)-th largest.
                var remaining = total - rank + 1
                for index in buckets.indices.reversed() {
                    if buckets[index] >= remaining { return lowestKey + index }
                    remaining -= buckets[index]
                }
            }
            preconditionFailure("bucket counts do not add up to the non-zero count")
        }
    }

    /// Grows `counts` so that it covers keys `lowest ... highest` as well as those it covers.
    private mutating func cover(lowest: Int, highest: Int) {
        if counts.isEmpty {
            lowestKey = lowest
            // Appended, not replaced: a recycled sketch keeps its capacity.
            counts.append(contentsOf: repeatElement(0, count: highest - lowest + 1))
            return
        }
        let currentHighest = lowestKey + counts.count - 1
        let needed = Swift.max(highest, currentHighest) - Swift.min(lowest, lowestKey) + 1
        if needed > counts.capacity {
            // An eighth more than needed, not the double that appending would allocate: the
            // engine keeps thousands of sketches. Still geometric, so a sketch that grows one
            // bucket at a time copies each count about nine times over its life.
            counts.reserveCapacity(needed + needed / 8)
        }
        if highest > currentHighest {
            counts.append(contentsOf: repeatElement(0, count: highest - currentHighest))
        }
        if lowest < lowestKey {
            // Growing at the front shifts the counts: at most once per new lowest key, which
            // for a stream of independent values happens O(log n) times.
            counts.insert(contentsOf: repeatElement(0, count: lowestKey - lowest), at: 0)
            lowestKey = lowest
        }
    }
}
