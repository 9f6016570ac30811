import TamyrCore
import Testing

@Suite("DistinctCounter: exact up to its limit, then within 2 %")
struct DistinctCounterAccuracyTests {
    /// `count` hashes known to be distinct without a `Set`: `mix` is a bijection of `UInt64`
    /// and the inputs `base + i` are distinct for i < 2^40.
    static func distinctHashes(_ count: Int, seed: UInt64) -> some Sequence<UInt64> {
        let base = seed << 40
        return (0 ..< UInt64(count)).lazy.map { SketchRandom.mix(base &+ $0) }
    }

    static func relativeError(_ estimate: Double, _ exact: Int) -> Double {
        abs(estimate - Double(exact)) / Double(exact)
    }

    @Test("exact for any number of distinct hashes up to exactLimit, repeats included", arguments: UInt64(1) ... 60)
    func exactBelowTheLimit(seed: UInt64) {
        var random = SketchRandom(seed: seed)
        // Half the cases below the contract's 1,000, half anywhere up to the limit.
        let distinct = seed % 2 == 0
            ? Int.random(in: 0 ... 1_000, using: &random)
            : Int.random(in: 0 ... DistinctCounter.exactLimit, using: &random)
        // Small random values collide often; 0 (the empty-slot marker inside) now and then.
        var population = Set<UInt64>()
        while population.count < distinct {
            population.insert(seed % 3 == 0 ? UInt64.random(in: 0 ..< UInt64(4 * distinct + 1), using: &random) : random.next())
        }
        var fed = Set<UInt64>()
        var counter = DistinctCounter()
        let members = Array(population)
        for _ in 0 ..< distinct * 3 {
            let hash = members.randomElement(using: &random)!
            counter.add(hash: hash)
            fed.insert(hash)
            #expect(counter.estimate == UInt64(fed.count), "after \(fed.count) distinct, seed \(seed)")
            if counter.estimate != UInt64(fed.count) { return }
        }
        #expect(counter.isExact, "seed \(seed)")
        #expect(counter.isEmpty == fed.isEmpty, "seed \(seed)")
    }

    @Test("exactLimit distinct hashes are counted exactly; one more switches to HyperLogLog")
    func theSwitch() {
        #expect(DistinctCounter.exactLimit >= 1_000)
        var counter = DistinctCounter()
        for hash in Self.distinctHashes(DistinctCounter.exactLimit, seed: 3) { counter.add(hash: hash) }
        counter.add(hash: 0)
        #expect(!counter.isExact)
        counter = DistinctCounter()
        for hash in Self.distinctHashes(DistinctCounter.exactLimit, seed: 3) { counter.add(hash: hash) }
        #expect(counter.isExact)
        #expect(counter.estimate == UInt64(DistinctCounter.exactLimit))
        counter.add(hash: SketchRandom.mix(3 << 40 &+ UInt64(DistinctCounter.exactLimit)))
        #expect(!counter.isExact)
        let estimate = counter.estimate
        #expect(estimate > UInt64(DistinctCounter.exactLimit))
        #expect(Self.relativeError(Double(estimate), DistinctCounter.exactLimit + 1) <= 0.02, "estimate \(estimate)")
    }

    #if DEBUG
    // Unoptimised builds are 20 to 50 times slower: there, one seed for a million and none for
    // five; release runs more sizes, up to 5,000,000, five seeds each.
    static let largeSizes = [6_145, 10_000, 30_000, 100_000, 400_000, 1_000_000]
    static let rangeSeeds: ClosedRange<UInt64> = 1 ... 2
    static func seeds(forSize size: Int) -> ClosedRange<UInt64> { size >= 1_000_000 ? 1 ... 1 : 1 ... 3 }
    #else
    static let largeSizes = [6_145, 7_000, 10_000, 20_000, 50_000, 100_000, 200_000, 400_000, 1_000_000, 2_000_000, 5_000_000]
    static let rangeSeeds: ClosedRange<UInt64> = 1 ... 6
    static func seeds(forSize size: Int) -> ClosedRange<UInt64> { 1 ... 5 }
    #endif

    @Test("within 2 % from exactLimit + 1 to 5,000,000 distinct hashes (1,000,000 in debug builds)", arguments: largeSizes)
    func withinTwoPercentAboveTheLimit(size: Int) {
        for seed in Self.seeds(forSize: size) {
            var counter = DistinctCounter()
            let base = seed << 40
            // A plain loop rather than `distinctHashes`: this is the suite's longest test.
            for index in 0 ..< UInt64(size) { counter.add(hash: SketchRandom.mix(base &+ index)) }
            let error = Self.relativeError(Double(counter.estimate), size)
            #expect(!counter.isExact)
            #expect(error <= 0.02, "size \(size), seed \(seed): estimate \(counter.estimate), error \(error)")
        }
    }

    @Test(
        "Ertl's estimator is within 2 % across the whole range, including few registers set",
        arguments: [1, 2, 10, 100, 1_000, 5_000, 20_000, 65_536, 150_000, 500_000]
    )
    func hyperLogLogAcrossTheRange(size: Int) {
        for seed in Self.rangeSeeds {
            var sketch = HyperLogLog()
            for hash in Self.distinctHashes(size, seed: seed) { sketch.insert(hash) }
            let error = Self.relativeError(sketch.estimate, size)
            #expect(error <= 0.02, "size \(size), seed \(seed): estimate \(sketch.estimate)")
        }
        #expect(HyperLogLog().estimate == 0)
    }

    @Test("the estimator is unbiased: the mean error over 24 seeds at 100,000 is below 0.3 %")
    func noBias() {
        // 24 estimates of standard error 0.41 % average to a standard error of 0.08 %, so a bias
        // of 0.3 % (the order of the classic estimator's, uncorrected) would show.
        var sum = 0.0
        for seed in UInt64(100) ..< 124 {
            var sketch = HyperLogLog()
            for hash in Self.distinctHashes(100_000, seed: seed) { sketch.insert(hash) }
            sum += (sketch.estimate - 100_000) / 100_000
        }
        #expect(abs(sum / 24) < 0.003, "mean relative error \(sum / 24)")
    }

    @Test("hashes of applicant ids, repeated: estimate against a Set of the ids")
    func applicantIds() {
        let hasher = ApplicantHasher(key0: 0x0123_4567_89AB_CDEF, key1: 0xFEDC_BA98_7654_3210)
        var random = SketchRandom(seed: 99)
        for population in [10, 999, 5_000, 40_000] {
            var counter = DistinctCounter()
            var ids = Set<String>()
            for _ in 0 ..< population * 2 {
                let id = "IIN-\(Int.random(in: 0 ..< population, using: &random))"
                ids.insert(id)
                var bytes = Array(id.utf8)
                counter.add(hash: bytes.withUnsafeMutableBytes { hasher.hash(UnsafeRawBufferPointer($0)) })
            }
            if ids.count <= DistinctCounter.exactLimit {
                #expect(counter.estimate == UInt64(ids.count), "population \(population)")
            } else {
                #expect(Self.relativeError(Double(counter.estimate), ids.count) <= 0.02, "population \(population)")
            }
        }
    }

    @Test("an empty counter is empty and counts 0")
    func empty() {
        let counter = DistinctCounter()
        #expect(counter.isEmpty)
        #expect(counter.estimate == 0)
        var one = counter
        one.add(hash: 0)
        #expect(!one.isEmpty && one.estimate == 1)
    }
}
