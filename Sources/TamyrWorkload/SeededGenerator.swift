/// A deterministic pseudo-random number generator: xoshiro256** seeded through SplitMix64.
///
/// Contract: the same seed yields the same sequence of `next()` values on every run, platform
/// and Swift version, because the algorithm is spelled out here in 64-bit integer arithmetic
/// (the standard library's `SystemRandomNumberGenerator` is neither seedable nor reproducible).
/// The helpers below (`below(_:)`, `unitInterval()`, `chance(_:)`) are also written out here
/// instead of using `Int.random(in:using:)`, whose consumption of the generator is an
/// implementation detail of the standard library that may change between releases.
///
/// Not cryptographically secure; it only has to look random and be fast.
package struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// Seeds the four state words from SplitMix64, as the xoshiro authors recommend, so that
    /// any seed (including 0) gives a well-mixed, non-zero state.
    package init(seed: UInt64) {
        var mixer = SplitMix64(state: seed)
        s0 = mixer.next()
        s1 = mixer.next()
        s2 = mixer.next()
        s3 = mixer.next()
        // SplitMix64 cannot produce four zero words in a row, but the all-zero state is the one
        // fixed point of xoshiro, so guard it anyway rather than rely on that.
        if s0 | s1 | s2 | s3 == 0 { s0 = 0x9E37_79B9_7F4A_7C15 }
    }

    /// The next 64 uniformly distributed bits (xoshiro256**).
    package mutating func next() -> UInt64 {
        let result = rotateLeft(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotateLeft(s3, 45)
        return result
    }

    /// A uniform integer in `0..<bound` (Lemire's multiply-shift with rejection, so unbiased).
    /// Returns 0 when `bound` is 0.
    package mutating func below(_ bound: UInt64) -> UInt64 {
        guard bound > 1 else { return 0 }
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            // Only this rare branch pays for the modulo; it rejects the biased low values.
            let threshold = (0 &- bound) % bound
            while product.low < threshold {
                product = next().multipliedFullWidth(by: bound)
            }
        }
        return product.high
    }

    /// A uniform integer in `range` (inclusive). The range must be non-empty.
    package mutating func int(in range: ClosedRange<Int64>) -> Int64 {
        let span = UInt64(bitPattern: range.upperBound &- range.lowerBound)
        if span == UInt64.max { return Int64(bitPattern: next()) }
        return range.lowerBound &+ Int64(bitPattern: below(span &+ 1))
    }

    /// A uniform `Double` in `[0, 1)` with 53 random bits.
    package mutating func unitInterval() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// `true` with probability `p` (`p <= 0` never, `p >= 1` always).
    package mutating func chance(_ p: Double) -> Bool {
        unitInterval() < p
    }

    @inline(__always)
    private func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 &- k))
    }
}

/// SplitMix64, used only to expand a 64-bit seed into xoshiro's 256-bit state.
struct SplitMix64 {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
