import TamyrCore
import Testing

/// The engine's staged flush inserts a group's hashes and durations in runs; every
/// batch entry point must give exactly the sketch that one-by-one insertion gives.
@Suite("Batch inserts equal one-by-one inserts")
struct BatchInsertTests {
    /// Hash runs with repeats, the zero hash, and lengths across the exact limit,
    /// inserted in several runs (as several flushes would) into one counter.
    @Test(arguments: [0 as UInt64, 1, 2, 3, 4, 5])
    func distinctCounterRunsEqualSingleAdds(seed: UInt64) {
        var random = SketchRandom(seed: seed)
        let population = UInt64([50, 3_000, 6_144, 6_145, 9_000, 40_000][Int(seed)])
        var batched = DistinctCounter()
        var single = DistinctCounter()
        for _ in 0 ..< 8 {
            let runLength = Int(random.next() % 4_096)
            let run: [UInt64] = (0 ..< runLength).map { _ in
                let draw = random.next() % (population + 1)
                // The hash 0 is a legal hash with a path of its own.
                return draw == 0 ? 0 : SketchRandom.mix(draw)
            }
            run.withUnsafeBufferPointer { batched.add(hashes: $0) }
            for hash in run { single.add(hash: hash) }
            #expect(batched == single, "seed \(seed): batched and single counters differ")
            #expect(batched.estimate == single.estimate && batched.isExact == single.isExact)
        }
    }

    @Test(arguments: [0 as UInt64, 1, 2, 3])
    func durationSketchRunsEqualSingleAdds(seed: UInt64) {
        var random = SketchRandom(seed: seed)
        var batched = DurationSketch()
        var single = DurationSketch()
        for _ in 0 ..< 6 {
            let values: [Int64] = (0 ..< Int(random.next() % 2_000)).map { _ in
                random.next() % 10 == 0 ? 0 : random.logNormal(medianMicros: [300, 200_000, 5e6, 40][Int(seed)], sigma: 1.5)
            }
            let keys = values.map { $0 > 0 ? DurationBuckets.key(for: $0) : 0 }
            values.withUnsafeBufferPointer { v in keys.withUnsafeBufferPointer { batched.add(clampedMicros: v, keys: $0) } }
            for value in values { single.add(micros: value) }
            #expect(batched == single, "seed \(seed)")
        }
    }
}
