import Foundation

/// The sketch tests' seeded generator (the target's ``SplitMix64``) and the distributions they
/// draw from; every failure message carries the seed, so any failure can be replayed.
struct SketchRandom: RandomNumberGenerator {
    private var generator: SplitMix64

    init(seed: UInt64) {
        generator = SplitMix64(seed: seed)
    }

    mutating func next() -> UInt64 { generator.next() }

    /// Known-distinct hashes: ``SplitMix64/mix(_:)``.
    static func mix(_ value: UInt64) -> UInt64 { SplitMix64.mix(value) }

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
