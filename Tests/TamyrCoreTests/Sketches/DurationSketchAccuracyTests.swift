import Foundation
import TamyrCore
import Testing

@Suite("DurationSketch quantiles are within 1 % of the exact nearest-rank value")
struct DurationSketchAccuracyTests {
    static let fixedQuantiles = [0.5, 0.9, 0.95, 0.99, 1.0]

    /// Checks the fixed quantiles, `randomQuantiles` random ones, min, max and count.
    static func checkAgainstExact(
        _ values: [Int64],
        randomQuantiles: Int,
        using random: inout SketchRandom,
        _ context: String
    ) {
        let sketch = DurationSketch(values)
        let exact = ExactDurations(values)
        #expect(sketch.count == UInt64(values.count), "\(context)")
        #expect(sketch.minMicros == exact.sorted.first, "\(context)")
        #expect(sketch.maxMicros == exact.sorted.last, "\(context)")
        let quantiles = fixedQuantiles + (0 ..< randomQuantiles).map { _ in random.unitOpen() }
        for q in quantiles {
            let expected = exact.quantile(q)
            guard let estimate = sketch.quantile(q) else {
                Issue.record("no quantile \(q) from a sketch of \(values.count) values; \(context)")
                continue
            }
            #expect(
                ExactDurations.isWithinOnePercent(estimate, of: expected),
                "q \(q): estimate \(estimate), exact \(expected); \(context)"
            )
        }
    }

    @Test(
        "every shape, counts from 1 to 2,000",
        arguments: DurationShape.allCases,
        [1, 2, 3, 4, 5, 7, 10, 16, 50, 99, 100, 101, 500, 999, 1_000, 1_001, 1_999, 2_000]
    )
    func shapesAndCounts(shape: DurationShape, count: Int) {
        for seed in UInt64(1) ... 3 {
            var random = SketchRandom(seed: seed &* 1_000_003 &+ UInt64(count))
            let values = shape.values(count: count, using: &random)
            Self.checkAgainstExact(
                values,
                randomQuantiles: 10,
                using: &random,
                "shape \(shape), count \(count), seed \(seed)"
            )
        }
    }

    #if DEBUG
    // Unoptimised builds are 20 to 50 times slower; release runs every count and every shape.
    static let rotationCounts = Array(1 ... 200) + Array(stride(from: 201, through: 2_000, by: 9))
    static let millionShapes: [DurationShape] = [.logNormal]
    #else
    static let rotationCounts = Array(1 ... 2_000)
    static let millionShapes: [DurationShape] = [.logNormal, .pareto, .twoFarModes, .uniform, .smallIntegers]
    #endif

    @Test("every count from 1 to 2,000 (every ninth above 200 in debug builds), shapes in rotation")
    func everyCount() {
        let shapes = DurationShape.allCases
        for count in Self.rotationCounts {
            var random = SketchRandom(seed: UInt64(count))
            let shape = shapes[count % shapes.count]
            let values = shape.values(count: count, using: &random)
            Self.checkAgainstExact(values, randomQuantiles: 3, using: &random, "shape \(shape), count \(count)")
        }
    }

    @Test("one million values", arguments: millionShapes)
    func oneMillion(shape: DurationShape) {
        var random = SketchRandom(seed: 42)
        let values = shape.values(count: 1_000_000, using: &random)
        Self.checkAgainstExact(values, randomQuantiles: 50, using: &random, "shape \(shape), 1,000,000 values")
    }

    @Test("every rank of small samples", arguments: DurationShape.allCases)
    func everyRank(shape: DurationShape) {
        for count in [1, 2, 3, 17, 64, 200] {
            var random = SketchRandom(seed: 7 &* UInt64(count))
            let values = shape.values(count: count, using: &random)
            let sketch = DurationSketch(values)
            let exact = ExactDurations(values)
            for rank in 1 ... count {
                let q = Double(rank) / Double(count)
                let estimate = sketch.quantile(q) ?? -1
                #expect(
                    ExactDurations.isWithinOnePercent(estimate, of: exact.quantile(q)),
                    "shape \(shape), count \(count), rank \(rank): estimate \(estimate), exact \(exact.quantile(q))"
                )
            }
        }
    }

    @Test("one value and two values are answered exactly, as is the maximum")
    func tinySamplesAreExact() {
        var random = SketchRandom(seed: 11)
        for _ in 0 ..< 2_000 {
            let first = DurationShape.pareto.draw(using: &random)
            let second = DurationShape.uniform.draw(using: &random)
            let one = DurationSketch([first])
            #expect(one.quantile(0.5) == first && one.quantile(1) == first, "value \(first)")
            let two = DurationSketch([first, second])
            #expect(two.quantile(0.5) == min(first, second), "values \(first), \(second)")
            #expect(two.quantile(0.99) == max(first, second), "values \(first), \(second)")
            #expect(two.quantile(1) == max(first, second), "values \(first), \(second)")
        }
    }

    @Test("an empty sketch has no quantile, minimum or maximum")
    func emptySketch() {
        let sketch = DurationSketch()
        #expect(sketch.count == 0)
        #expect(sketch.quantile(0.5) == nil)
        #expect(sketch.minMicros == nil)
        #expect(sketch.maxMicros == nil)
    }

    @Test("negative durations count as 0; q outside (0, 1] is clamped to the first or last rank")
    func clamping() {
        let sketch = DurationSketch([-5, 7, 1_000_000])
        #expect(sketch.minMicros == 0)
        #expect(sketch.quantile(0.01) == 0)
        #expect(sketch.quantile(0) == 0)
        #expect(sketch.quantile(-1) == 0)
        #expect(sketch.quantile(.nan) == 0)
        #expect(sketch.quantile(2) == 1_000_000)
        #expect(sketch.quantile(.infinity) == 1_000_000)
        #expect(sketch.quantile(0.5) == 7)
    }

    @Test("the largest Int64 is sketched without overflow")
    func extremeValues() {
        var sketch = DurationSketch([Int64.max, Int64.max - 1, 1 << 62, 86_400_000_000])
        #expect(sketch.maxMicros == Int64.max)
        #expect(sketch.quantile(1) == Int64.max)
        let exact = ExactDurations([Int64.max, Int64.max - 1, 1 << 62, 86_400_000_000])
        for q in [0.25, 0.5, 0.75] {
            let estimate = sketch.quantile(q) ?? -1
            #expect(ExactDurations.isWithinOnePercent(estimate, of: exact.quantile(q)), "q \(q): \(estimate)")
        }
        sketch.add(micros: 0)
        #expect(sketch.quantile(0.2) == 0)
    }
}
