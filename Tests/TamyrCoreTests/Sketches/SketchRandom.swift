import Foundation

/// The sketch tests' seeded generator (SplitMix64) and the distributions they draw from; every
/// failure message carries the seed, so any failure can be replayed.
struct SketchRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// The SplitMix64 finaliser: a bijection of `UInt64`, so `mix` of n distinct inputs gives n
    /// distinct, uniformly spread hashes; tests that need many known-distinct hashes rely on it
    /// instead of a `Set` of millions of elements.
    static func mix(_ value: UInt64) -> UInt64 {
        var mixed = value
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    /// Uniform in (0, 1): never 0, so logarithms stay finite.
    mutating func unitOpen() -> Double {
        (Double(next() >> 11) + 0.5) * 0x1p-53
    }

    /// A standard normal variate (Box-Muller).
    mutating func normal() -> Double {
        (-2 * log(unitOpen())).squareRoot() * cos(2 * Double.pi * unitOpen())
    }

    /// Log-normal with the given median and σ, rounded to whole microseconds.
    mutating func logNormal(medianMicros: Double, sigma: Double) -> Int64 {
        Self.micros(medianMicros * exp(sigma * normal()))
    }

    /// Pareto with minimum `scale` and tail index `shape` (infinite variance below 2), capped.
    mutating func pareto(scale: Double, shape: Double) -> Int64 {
        Self.micros(scale / pow(unitOpen(), 1 / shape))
    }

    /// Whole microseconds, capped at a day (the contract's largest duration).
    static func micros(_ value: Double) -> Int64 {
        Int64(min(value, 86_400_000_000).rounded())
    }
}
