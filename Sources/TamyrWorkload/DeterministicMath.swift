/// `exp`, `log` and normal deviates in plain IEEE-754 arithmetic.
///
/// Why not the C library: without Foundation the standard library has no `exp`/`log`, and the
/// platform libm may differ in the last bit between glibc versions or Darwin, which would
/// break "same seed, same bytes on every platform". Additions, multiplications, divisions and
/// `squareRoot()` are correctly rounded everywhere, so these functions are reproducible. They
/// are accurate to a few ulps, far more than a workload needs.
package enum DeterministicMath {
    private static let ln2Hi = 6.93147180369123816490e-01
    private static let ln2Lo = 1.90821492927058770002e-10
    private static let ln2 = 0.693147180559945309417232121458176568
    /// 1/12!, 1/11!, ..., 1/1!, 1/0! for the Horner evaluation in `exp` (1/13! starts it).
    private static let expCoefficients: [Double] = [
        1.0 / 479_001_600, 1.0 / 39_916_800, 1.0 / 3_628_800, 1.0 / 362_880, 1.0 / 40_320,
        1.0 / 5_040, 1.0 / 720, 1.0 / 120, 1.0 / 24, 1.0 / 6, 1.0 / 2, 1, 1,
    ]
    /// 1/1, 1/3, ..., 1/25 for the odd series in `log`.
    private static let oddReciprocals: [Double] = (0..<13).map { 1 / Double(2 * $0 + 1) }

    /// e^x, saturating to 0 and to `greatestFiniteMagnitude` outside about ±700.
    package static func exp(_ x: Double) -> Double {
        if x.isNaN { return x }
        if x > 700 { return .greatestFiniteMagnitude }
        if x < -700 { return 0 }
        // Range reduction: x = k ln2 + r with |r| <= ln2 / 2, then e^x = 2^k e^r.
        let k = (x / ln2).rounded()
        let r = (x - k * ln2Hi) - k * ln2Lo
        // Taylor series of e^r to degree 13 in Horner form; the remainder is below 1e-17 for
        // |r| <= 0.35. The coefficients are 1/n! as literals, so no division is needed.
        var sum = 1.0 / 6_227_020_800
        for coefficient in Self.expCoefficients {
            sum = sum * r + coefficient
        }
        return Double(sign: .plus, exponent: Int(k), significand: sum)
    }

    /// The natural logarithm of a positive finite `x` (`-infinity` for 0).
    package static func log(_ x: Double) -> Double {
        precondition(x >= 0 && x.isFinite, "log of a negative or non-finite number")
        if x == 0 { return -.infinity }
        var m = x.significand  // in [1, 2) for normal and subnormal numbers alike
        var e = Double(x.exponent)
        if m > 1.4142135623730951 {
            m /= 2
            e += 1
        }
        // log(m) = 2 atanh(f) with f = (m - 1) / (m + 1), |f| <= 0.172: the odd series converges fast.
        let f = (m - 1) / (m + 1)
        let f2 = f * f
        var sum = 0.0
        for reciprocal in Self.oddReciprocals.reversed() {
            sum = sum * f2 + reciprocal
        }
        return e * ln2 + 2 * f * sum
    }

    /// A standard normal deviate (Marsaglia's polar method).
    package static func standardNormal(using generator: inout SeededGenerator) -> Double {
        while true {
            let u = 2 * generator.unitInterval() - 1
            let v = 2 * generator.unitInterval() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                return u * (-2 * log(s) / s).squareRoot()
            }
        }
    }

    /// A log-normal deviate with the given median and shape (sigma of the underlying normal).
    package static func logNormal(median: Double, sigma: Double, using generator: inout SeededGenerator) -> Double {
        median * exp(sigma * standardNormal(using: &generator))
    }
}
