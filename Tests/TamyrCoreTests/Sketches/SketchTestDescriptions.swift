import TamyrCore
import Testing

// Short descriptions in failure messages: the default reflection of a HyperLogLog prints
// 65,536 registers.

extension DistinctCounter: CustomTestStringConvertible {
    public var testDescription: String {
        "DistinctCounter(\(isExact ? "exact" : "HyperLogLog"), estimate \(estimate), \(memoryBytes) bytes)"
    }
}

extension DurationSketch: CustomTestStringConvertible {
    public var testDescription: String {
        let quantiles = [0.5, 0.99].map { "p\(Int($0 * 100)) \(quantile($0).map(String.init) ?? "-")" }
        return "DurationSketch(count \(count), min \(minMicros.map(String.init) ?? "-"), max \(maxMicros.map(String.init) ?? "-"), "
            + "\(quantiles.joined(separator: ", ")), \(memoryBytes) bytes)"
    }
}
