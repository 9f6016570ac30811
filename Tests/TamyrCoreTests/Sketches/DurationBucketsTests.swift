import Foundation
import TamyrCore
import Testing

@Suite("DurationBuckets: every bucket's representative is within 1 % of every integer in it")
struct DurationBucketsTests {
    /// The integers a logarithmic bucket holds, from its definition: above 512 and at most γ^i,
    /// but more than γ^(i-1).
    static func integerRange(ofLogBucket t: Int) -> ClosedRange<Int64> {
        let bounds = DurationBucketTables.integerUpperBounds
        let lowest = t == 0 ? DurationBuckets.exactLimit + 1 : bounds[t - 1] + 1
        return lowest ... bounds[t]
    }

    /// The error the sketch can make on `value` in the bucket: the representative rounded to a
    /// whole microsecond, relative to the value.
    static func relativeError(ofKey key: Int, for value: Int64) -> Double {
        let answer = DurationBuckets.representative(ofKey: key).rounded()
        return abs(answer - Double(value)) / Double(value)
    }

    @Test("the table holds γ^i from the first i with γ^i >= 513 up to 2^63")
    func tableMatchesItsDefinition() {
        let gamma = DurationBuckets.gamma
        let bounds = DurationBuckets.logUpperBounds
        #expect(abs(gamma - 1.009 / 0.991) < 1e-15)
        #expect(bounds[0] >= 513 && bounds[0] / gamma < 513)
        #expect(bounds[bounds.count - 1] >= 0x1p63 && bounds[bounds.count - 2] < 0x1p63)
        for (t, bound) in bounds.enumerated() {
            let expected = pow(gamma, Double(DurationBuckets.firstLogIndex + t))
            #expect(abs(bound / expected - 1) < 1e-11, "bucket \(t): \(bound) vs \(expected)")
            let integerBound = DurationBucketTables.integerUpperBounds[t]
            if bound < 0x1p53 {
                #expect(Double(integerBound) <= bound && Double(integerBound + 1) > bound, "bucket \(t)")
            } else if bound < 0x1p63 {
                // Doubles this large are integers.
                #expect(Double(integerBound) == bound, "bucket \(t)")
            } else {
                #expect(integerBound == Int64.max)
            }
        }
        #expect(DurationBuckets.maximumKey == DurationBuckets.key(for: Int64.max))
    }

    @Test("both ends of every bucket: right key, and the rounded representative within 1 %")
    func everyBucketEnd() {
        for value in Int64(1) ... DurationBuckets.exactLimit {
            #expect(DurationBuckets.key(for: value) == Int(value))
            #expect(DurationBuckets.representative(ofKey: Int(value)) == Double(value))
        }
        var worst = 0.0
        for t in DurationBuckets.logUpperBounds.indices {
            let key = DurationBuckets.firstLogKey + t
            let range = Self.integerRange(ofLogBucket: t)
            #expect(!range.isEmpty)
            // The relative error is monotonic on each side of the representative, so the two
            // ends of the bucket bound it for every integer in between.
            for value in [range.lowerBound, range.upperBound] {
                #expect(DurationBuckets.key(for: value) == key, "value \(value), bucket \(t)")
                let error = Self.relativeError(ofKey: key, for: value)
                worst = max(worst, error)
                #expect(error <= 0.01, "value \(value) in bucket \(t): relative error \(error)")
            }
            #expect(DurationBuckets.key(for: range.lowerBound - 1) == key - 1, "below bucket \(t)")
        }
        // α = 0.9 % plus rounding: the worst case is the first logarithmic buckets.
        #expect(worst > 0.008 && worst <= 0.01, "worst relative error \(worst)")
    }

    /// The key of `value` (> 512) by binary search of the integer bounds: no shortcut.
    static func searchedKey(for value: Int64) -> Int {
        let bounds = DurationBucketTables.integerUpperBounds
        var low = 0
        var high = bounds.count - 1
        while low < high {
            let middle = (low + high) / 2
            if value <= bounds[middle] { high = middle } else { low = middle + 1 }
        }
        return DurationBuckets.firstLogKey + low
    }

    @Test("random values land in the bucket a binary search of the table finds", arguments: UInt64(1) ... 4)
    func randomValuesAgreeWithBinarySearch(seed: UInt64) {
        var random = SketchRandom(seed: seed)
        for _ in 0 ..< 100_000 {
            // Log-uniform over the whole Int64 range, so every octave is exercised.
            let bits = Int.random(in: 10 ... 63, using: &random)
            let value = Int64(truncatingIfNeeded: random.next() >> UInt64(64 - bits)) | 1
            guard value > DurationBuckets.exactLimit else { continue }
            #expect(DurationBuckets.key(for: value) == Self.searchedKey(for: value), "value \(value), seed \(seed)")
        }
    }

    @Test("both ends of every 64th of every octave (the lookup's cells) agree with a binary search")
    func everyCellEnd() {
        for exponent in 9 ... 62 {
            for cell in Int64(0) ..< 64 {
                let width = Int64(1) << (exponent - 6)
                let lowest = (64 + cell) << (exponent - 6)
                for value in [lowest, lowest + width / 2, lowest + (width - 1)] where value > DurationBuckets.exactLimit {
                    #expect(DurationBuckets.key(for: value) == Self.searchedKey(for: value), "value \(value)")
                }
            }
        }
    }

    @Test("a day needs about 1,560 keys: the figure the memory notes rely on")
    func keysForADay() {
        let key = DurationBuckets.key(for: 86_400_000_000)
        #expect((1_550 ... 1_580).contains(key), "key of a day: \(key)")
    }
}
