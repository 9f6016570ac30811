import TamyrCore
import Testing

@Suite("DurationSketch merge laws: slices merge into exactly the sketch of all their values")
struct DurationSketchMergeTests {
    /// Values drawn from a mixture of every shape, so slices cover different bucket ranges.
    static func mixedValues(count: Int, using random: inout SketchRandom) -> [Int64] {
        let shapes = DurationShape.allCases
        let favoured = shapes.randomElement(using: &random)!
        return (0 ..< count).map { _ in
            let shape = random.next() % 2 == 0 ? favoured : shapes.randomElement(using: &random)!
            return shape.draw(using: &random)
        }
    }

    /// `values` dealt to `sliceCount` slices at random (some slices may stay empty).
    static func slices(of values: [Int64], count sliceCount: Int, using random: inout SketchRandom) -> [DurationSketch] {
        var slices = [DurationSketch](repeating: DurationSketch(), count: sliceCount)
        for value in values {
            slices[Int.random(in: 0 ..< sliceCount, using: &random)].add(micros: value)
        }
        return slices
    }

    @Test(
        "merging k slices in any order equals one sketch fed every value",
        arguments: [2, 3, 7, 20, 64, 150, 400]
    )
    func slicesMergeToTheWhole(sliceCount: Int) {
        for seed in UInt64(1) ... 3 {
            var random = SketchRandom(seed: seed &* 7_919 &+ UInt64(sliceCount))
            let values = Self.mixedValues(count: sliceCount * Int.random(in: 1 ... 40, using: &random), using: &random)
            let whole = DurationSketch(values)
            let slices = Self.slices(of: values, count: sliceCount, using: &random)

            var sequential = DurationSketch()
            for slice in slices.shuffled(using: &random) { sequential.merge(slice) }
            #expect(sequential == whole, "sequential merge, \(sliceCount) slices, seed \(seed)")

            // Pairwise, as a tree: a different association of the same merges.
            var level = slices
            while level.count > 1 {
                level = stride(from: 0, to: level.count, by: 2).map { index in
                    var pair = level[index]
                    if index + 1 < level.count { pair.merge(level[index + 1]) }
                    return pair
                }
            }
            #expect(level[0] == whole, "tree merge, \(sliceCount) slices, seed \(seed)")
            for q in [0.5, 0.9, 0.95, 0.99, 1.0] {
                #expect(sequential.quantile(q) == whole.quantile(q), "q \(q), seed \(seed)")
            }
        }
    }

    /// Sketches of every kind that matters to the laws: empty, zeros only, narrow, wide,
    /// overlapping and disjoint ranges.
    static func assortedSketches(seed: UInt64) -> [DurationSketch] {
        var random = SketchRandom(seed: seed)
        var sketches = [DurationSketch(), DurationSketch([0, 0]), DurationSketch([-3])]
        for shape in DurationShape.allCases {
            sketches.append(DurationSketch(shape.values(count: Int.random(in: 1 ... 300, using: &random), using: &random)))
        }
        sketches.append(DurationSketch(mixedValues(count: 500, using: &random)))
        return sketches
    }

    @Test("merge is commutative", arguments: UInt64(1) ... 3)
    func commutative(seed: UInt64) {
        let sketches = Self.assortedSketches(seed: seed)
        for a in sketches {
            for b in sketches {
                var ab = a
                ab.merge(b)
                var ba = b
                ba.merge(a)
                #expect(ab == ba, "seed \(seed)")
            }
        }
    }

    #if DEBUG
    // 15³ triples per seed; unoptimised builds run one seed, release three.
    static let associativitySeeds: [UInt64] = [1]
    #else
    static let associativitySeeds: [UInt64] = [1, 2, 3]
    #endif

    @Test("merge is associative", arguments: associativitySeeds)
    func associative(seed: UInt64) {
        let sketches = Self.assortedSketches(seed: seed)
        for a in sketches {
            for b in sketches {
                for c in sketches {
                    var left = a
                    left.merge(b)
                    left.merge(c)
                    var bc = b
                    bc.merge(c)
                    var right = a
                    right.merge(bc)
                    #expect(left == right, "seed \(seed)")
                }
            }
        }
    }

    @Test("an empty sketch is the identity on both sides")
    func identity() {
        for sketch in Self.assortedSketches(seed: 5) {
            var left = DurationSketch()
            left.merge(sketch)
            var right = sketch
            right.merge(DurationSketch())
            #expect(left == sketch)
            #expect(right == sketch)
        }
    }

    @Test("== tells sketches apart: one more value, or one value moved to another bucket")
    func equalityIsNotVacuous() {
        let base = DurationSketch([10, 2_000, 300_000])
        var more = base
        more.add(micros: 300_000)
        #expect(more != base)
        #expect(DurationSketch([10, 2_000, 300_000]) != DurationSketch([10, 2_000, 310_000]))
        #expect(DurationSketch([0]) != DurationSketch([1]))
        // Same count, minimum and maximum; one bucket different.
        #expect(DurationSketch([10, 2_000, 300_000]) != DurationSketch([10, 5_000, 300_000]))
        // Same buckets, different minimum: not equal either, min and max are exact.
        #expect(DurationSketch([300_000]) != DurationSketch([300_001]))
    }

    @Test("merging a sketch into itself counts every value twice")
    func selfMerge() {
        for sketch in Self.assortedSketches(seed: 9) {
            var doubled = sketch
            doubled.merge(doubled)
            var twice = sketch
            twice.merge(sketch)
            #expect(doubled == twice)
            #expect(doubled.count == 2 * sketch.count)
        }
        var random = SketchRandom(seed: 10)
        let values = DurationShape.logNormal.values(count: 500, using: &random)
        var sketch = DurationSketch(values)
        sketch.merge(sketch)
        #expect(sketch == DurationSketch(values + values))
    }

    @Test("a merged sketch is still independent of its sources (copy on write)")
    func mergeDoesNotAliasSources() {
        let source = DurationSketch([5_000, 6_000])
        var target = DurationSketch()
        target.merge(source)
        target.add(micros: 7_000_000)
        #expect(source == DurationSketch([5_000, 6_000]))
        #expect(target.count == 3)
    }
}
