/// The fixed bucket layout behind every ``DurationSketch``: which bucket a duration in
/// microseconds falls in, and which value a bucket stands for.
///
/// Buckets are numbered by a *key*; keys grow with the values they hold, so a sketch can keep
/// its counts in one array indexed by `key - lowestKey`.
///
/// - Key 0 is never used: zero durations are counted apart by the sketch.
/// - Keys `1 ... exactLimit` hold exactly the value equal to the key (representative: the
///   value itself, no error).
/// - Key `firstLogKey + t` is the logarithmic bucket *i* = `firstLogIndex + t`: the integers
///   above `exactLimit` in (γ^(i-1), γ^i], with γ = (1 + α) / (1 - α) and α = 0.9 %. Its
///   representative is 2γ^i / (γ + 1), which is within α of every real number in the bucket.
///   Durations up to a day use keys up to 1,565.
///
/// Why the exact range: the sketch answers in whole microseconds, and rounding a representative
/// to an integer adds up to 0.5 µs of error. Within 1 % overall needs α·v + 0.5 <= 0.01·v, that
/// is v >= 500 for α = 0.9 %; below that, a bucket of width α·v can hold two integers that no
/// single integer represents within 1 % (60 and 61, for instance). Giving each value up to 512
/// its own bucket removes the problem; `DurationBucketsTests` checks every bucket's two ends.
///
/// The bounds γ^i are computed on first use, by repeated multiplication (no libm in this
/// module), into ``logUpperBounds``. Bucket membership is decided on integers, against their
/// floors, which ``DurationBucketTables`` holds as static data together with a lookup table
/// that makes `key(for:)` a few integer operations; `DurationBucketsTests` checks that those
/// tables are exactly what ``logUpperBounds`` gives.
package enum DurationBuckets {
    /// α: the largest relative distance between a logarithmic bucket's representative and a
    /// real number in the bucket. Kept below 1 % so integer rounding fits in the remainder.
    package static let relativeAccuracy = 0.009

    /// γ = (1 + α) / (1 - α): the ratio between consecutive logarithmic bucket bounds.
    package static let gamma = (1 + relativeAccuracy) / (1 - relativeAccuracy)

    /// Values `1 ... exactLimit` are counted exactly, one bucket (key) per value.
    package static let exactLimit: Int64 = 512

    /// The key of the first logarithmic bucket.
    package static let firstLogKey = 513

    /// The largest key any value can map to (that of `Int64.max`).
    package static var maximumKey: Int { firstLogKey + DurationBucketTables.integerUpperBounds.count - 1 }

    /// The bucket key of a duration.
    ///
    /// - Parameter micros: A duration >= 1 µs (zero is counted apart; checked in debug builds).
    /// - Complexity: O(1): a few integer operations and two reads of static tables; no lazy
    ///   initialisation, no allocation.
    @inline(__always)
    package static func key(for micros: Int64) -> Int {
        assert(micros >= 1, "zero and negative durations are counted apart")
        if micros <= exactLimit { return Int(truncatingIfNeeded: micros) }
        // The position of the highest set bit and the 6 bits after it choose a cell, a 64th of
        // a binary order of magnitude, spanning a ratio of at most 1 + 1/64 < γ: so a cell meets
        // at most one bucket bound, and the cell's first bucket or the next holds the value.
        // (Measured here: 9 ns per value with the tables built lazily, 12 to 14 ns with a log2
        // from the `Double`'s bits and a cubic correction, 30 ns with libm `log`.)
        let bits = UInt64(bitPattern: micros)
        let leadingZeros = bits.leadingZeroBitCount
        let cellBits = DurationBucketTables.cellBitsPerOctave
        let fraction = Int(truncatingIfNeeded: (bits &<< UInt64(leadingZeros)) &>> UInt64(63 - cellBits))
            & ((1 << cellBits) - 1)
        let octave = 63 - leadingZeros - DurationBucketTables.firstCellExponent
        var bucket = Int(DurationBucketTables.cellBuckets[octave << cellBits | fraction])
        // Branch-free in practice (a `setl`): which side of a bound is unpredictable.
        bucket &+= micros > DurationBucketTables.integerUpperBounds[bucket] ? 1 : 0
        return firstLogKey &+ bucket
    }

    /// The value bucket `key` stands for: the key itself in the exact range, 2γ^i / (γ + 1)
    /// for logarithmic bucket *i*. Not rounded: the sketch clamps, then rounds.
    ///
    /// - Parameter key: A key in `1 ... maximumKey`.
    /// - Complexity: O(1); the first call builds ``logUpperBounds`` (about 2,100 multiplications).
    package static func representative(ofKey key: Int) -> Double {
        if key <= Int(exactLimit) { return Double(key) }
        return logUpperBounds[key - firstLogKey] * (2 / (gamma + 1))
    }

    /// The logarithmic index *i* of key `firstLogKey`: the smallest *i* with γ^i >= 513.
    package static var firstLogIndex: Int { powers.firstIndex }

    /// `logUpperBounds[t]` = γ^(`firstLogIndex` + t), the upper bound of key `firstLogKey + t`,
    /// up to the first bound >= 2^63, so that every `Int64` has a bucket.
    package static var logUpperBounds: [Double] { powers.bounds }

    // Built once, thread-safely, by the runtime on first use (global initialisation). Only the
    // quantile path reads it.
    private static let powers: (firstIndex: Int, bounds: [Double]) = {
        var bound = 1.0
        var index = 0
        while bound < Double(exactLimit + 1) {
            bound *= gamma
            index += 1
        }
        // Repeated multiplication drifts by about one ulp per step (about 1e-13 relative after
        // 2,400 steps): irrelevant to a 1 % guarantee, and these computed values, not γ^i,
        // define the buckets.
        var bounds: [Double] = []
        while true {
            bounds.append(bound)
            if bound >= 0x1p63 { return (index, bounds) }
            bound *= gamma
        }
    }()
}
