import Foundation
import TamyrCore
import Testing

/// Distributions of durations (µs) that the sketch tests draw from, chosen to be hard for a
/// logarithmic sketch: constants, zeros, far-apart modes, heavy tails, and small integers whose
/// buckets are narrower than the rounding of an answer.
enum DurationShape: String, CaseIterable, CustomTestStringConvertible {
    case allZeros
    case constantOne
    case constantThousand
    case constantDay
    case twoFarModes          // 1 µs and 10 s, half each
    case pareto               // 1 ms minimum, tail index 1.1: infinite variance
    case logNormal            // median 200 ms, σ = 1
    case uniform              // 0 ... 60 s
    case smallIntegers        // 0 ... 2,000 µs: where integer rounding bites
    case bucketEdges          // integers on both sides of logarithmic bucket bounds
    case negativesAndZeros    // negatives (counted as 0), zeros and a few 5 µs

    var testDescription: String { rawValue }

    func draw(using random: inout SketchRandom) -> Int64 {
        switch self {
        case .allZeros:
            return 0
        case .constantOne:
            return 1
        case .constantThousand:
            return 1_000
        case .constantDay:
            return 86_400_000_000
        case .twoFarModes:
            return random.next() & 1 == 0 ? 1 : 10_000_000
        case .pareto:
            return random.pareto(scale: 1_000, shape: 1.1)
        case .logNormal:
            return random.logNormal(medianMicros: 200_000, sigma: 1)
        case .uniform:
            return Int64.random(in: 0 ... 60_000_000, using: &random)
        case .smallIntegers:
            return Int64.random(in: 0 ... 2_000, using: &random)
        case .bucketEdges:
            // Bounds up to about 10^12 µs: a bucket's last integer, or the next bucket's first.
            let bound = DurationBucketTables.integerUpperBounds[Int.random(in: 0 ..< 1_200, using: &random)]
            return bound + Int64.random(in: 0 ... 1, using: &random)
        case .negativesAndZeros:
            switch Int.random(in: 0 ..< 3, using: &random) {
            case 0: return -Int64.random(in: 1 ... 1_000_000, using: &random)
            case 1: return 0
            default: return 5
            }
        }
    }

    func values(count: Int, using random: inout SketchRandom) -> [Int64] {
        (0 ..< count).map { _ in draw(using: &random) }
    }
}

/// The exact answers a ``DurationSketch`` approximates, computed the naive way: sort and index.
struct ExactDurations {
    let sorted: [Int64]

    init(_ values: [Int64]) {
        var sorted = values.map { max($0, 0) }
        // libc's qsort: compiled C, so a million values sort in 0.7 s in a debug build, where
        // the standard library's generic sort runs unoptimised and takes 3 s.
        sorted.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            qsort(base, buffer.count, MemoryLayout<Int64>.stride) { left, right in
                let a = left!.load(as: Int64.self)
                let b = right!.load(as: Int64.self)
                return a < b ? -1 : (a > b ? 1 : 0)
            }
        }
        self.sorted = sorted
    }

    /// The nearest-rank quantile: the value at rank ⌈q·n⌉ (1-based), q in (0, 1].
    func quantile(_ q: Double) -> Int64 {
        let rank = Int((q * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    /// Whether `estimate` is within 1 % of `exact` (so exactly 0 when `exact` is 0).
    static func isWithinOnePercent(_ estimate: Int64, of exact: Int64) -> Bool {
        abs(Double(estimate) - Double(exact)) <= 0.01 * Double(exact)
    }
}

extension DurationSketch {
    init(_ values: some Sequence<Int64>) {
        self.init()
        for value in values { add(micros: value) }
    }
}
