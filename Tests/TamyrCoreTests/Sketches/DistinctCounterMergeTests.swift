import TamyrCore
import Testing

@Suite("DistinctCounter merge laws: slices merge into exactly the counter of their union")
struct DistinctCounterMergeTests {
    /// How big the slices and their union are.
    enum Scenario: String, CaseIterable, CustomTestStringConvertible {
        case exactSlicesExactUnion      // everything stays a set
        case exactSlicesLargeUnion      // every slice a set, the union passes the limit
        case mixedSlices                // some slices already HyperLogLogs
        case largeSlices                // every slice a HyperLogLog

        var testDescription: String { rawValue }

        /// (distinct population, hashes drawn per slice, range of slice counts)
        var parameters: (population: Int, perSlice: ClosedRange<Int>, slices: ClosedRange<Int>) {
            switch self {
            case .exactSlicesExactUnion: (3_000, 0 ... 300, 2 ... 60)
            case .exactSlicesLargeUnion: (40_000, 500 ... 3_000, 10 ... 40)
            case .mixedSlices: (60_000, 0 ... 15_000, 2 ... 12)
            case .largeSlices: (200_000, 8_000 ... 30_000, 2 ... 8)
            }
        }
    }

    #if DEBUG
    static let unionSeeds: ClosedRange<UInt64> = 1 ... 2
    #else
    static let unionSeeds: ClosedRange<UInt64> = 1 ... 6
    #endif

    @Test("merging slices with overlapping members equals the counter fed their union", arguments: Scenario.allCases)
    func slicesMergeToTheUnion(scenario: Scenario) {
        let (population, perSlice, sliceRange) = scenario.parameters
        for seed in Self.unionSeeds {
            var random = SketchRandom(seed: seed &* 31 &+ UInt64(population))
            // Members drawn from one population, so slices overlap.
            let members = (0 ..< population).map { _ in random.next() }
            let slices = (0 ..< Int.random(in: sliceRange, using: &random)).map { _ in
                (0 ..< Int.random(in: perSlice, using: &random)).map { _ in members.randomElement(using: &random)! }
            }
            let union = Set(slices.joined())

            var whole = DistinctCounter()
            for hash in slices.joined() { whole.add(hash: hash) }
            var merged = DistinctCounter()
            for slice in slices.shuffled(using: &random) {
                var counter = DistinctCounter()
                for hash in slice { counter.add(hash: hash) }
                merged.merge(counter)
            }

            let context = "scenario \(scenario), seed \(seed), \(slices.count) slices, union \(union.count)"
            // Exact mode: the same set; HyperLogLog mode: the same registers.
            #expect(merged == whole, "\(context)")
            #expect(merged.estimate == whole.estimate, "\(context)")
            #expect(merged.isExact == (union.count <= DistinctCounter.exactLimit), "\(context)")
            if merged.isExact {
                #expect(merged.estimate == UInt64(union.count), "\(context)")
            } else {
                let error = abs(Double(merged.estimate) - Double(union.count)) / Double(union.count)
                #expect(error <= 0.02, "\(context): estimate \(merged.estimate)")
            }
        }
    }

    /// Counters of every kind that matters to the laws: empty, holding 0, small and large sets,
    /// a set just below the limit, HyperLogLogs sharing members.
    static func assortedCounters(seed: UInt64) -> [DistinctCounter] {
        var random = SketchRandom(seed: seed)
        let members = (0 ..< 30_000).map { _ in random.next() }
        func counter(_ count: Int) -> DistinctCounter {
            var counter = DistinctCounter()
            for _ in 0 ..< count { counter.add(hash: members.randomElement(using: &random)!) }
            return counter
        }
        var zero = DistinctCounter()
        zero.add(hash: 0)
        return [DistinctCounter(), zero, counter(1), counter(50), counter(2_000), counter(5_500), counter(9_000), counter(25_000)]
    }

    #if DEBUG
    // 8³ triples per seed, some of 64 KiB sketches; unoptimised builds run one seed, release three.
    static let lawSeeds: [UInt64] = [1]
    #else
    static let lawSeeds: [UInt64] = [1, 2, 3]
    #endif

    @Test("merge is commutative and associative, and the empty counter is its identity", arguments: lawSeeds)
    func laws(seed: UInt64) {
        let counters = Self.assortedCounters(seed: seed)
        for a in counters {
            var left = DistinctCounter()
            left.merge(a)
            var right = a
            right.merge(DistinctCounter())
            #expect(left == a && right == a, "identity, seed \(seed)")
            for b in counters {
                var ab = a
                ab.merge(b)
                var ba = b
                ba.merge(a)
                #expect(ab == ba, "commutativity, seed \(seed)")
                for c in counters {
                    var abc = ab
                    abc.merge(c)
                    var bc = b
                    bc.merge(c)
                    var aBC = a
                    aBC.merge(bc)
                    #expect(abc == aBC, "associativity, seed \(seed)")
                }
            }
        }
    }

    @Test("== tells counters apart: a different member, or a set against a HyperLogLog")
    func equalityIsNotVacuous() {
        var a = DistinctCounter()
        var b = DistinctCounter()
        for hash in UInt64(1) ... 100 {
            a.add(hash: hash)
            b.add(hash: hash)
        }
        #expect(a == b)
        b.add(hash: 101)
        #expect(a != b)
        // Same size, one member different.
        var c = DistinctCounter()
        for hash in UInt64(2) ... 101 { c.add(hash: hash) }
        #expect(a != c)
        #expect(a.estimate == c.estimate)
        var large = DistinctCounter()
        // mix(0) is 0, which would fill register 0 with the top rank; start at 1.
        for hash in 1 ... UInt64(DistinctCounter.exactLimit + 1) { large.add(hash: SketchRandom.mix(hash)) }
        var larger = large
        // Register 0, rank 48: beats what 6,145 random hashes leave there (rank 48 has
        // probability 2^-47 per hash, and register 0 gets one hash in 10 on average).
        larger.add(hash: 1)
        #expect(large != larger)
        #expect(large != a)
    }

    @Test("merging a counter into itself changes nothing")
    func selfMerge() {
        for counter in Self.assortedCounters(seed: 4) {
            var merged = counter
            merged.merge(merged)
            #expect(merged == counter)
        }
    }

    @Test("a merged counter is still independent of its sources (copy on write)")
    func mergeDoesNotAliasSources() {
        var source = DistinctCounter()
        for hash in 1 ... UInt64(DistinctCounter.exactLimit + 1) { source.add(hash: SketchRandom.mix(hash)) }
        let snapshot = source
        var target = DistinctCounter()
        target.merge(source)
        target.add(hash: 1)
        #expect(source == snapshot)
        #expect(target != source)
    }
}
