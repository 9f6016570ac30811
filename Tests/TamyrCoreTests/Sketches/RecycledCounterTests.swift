import TamyrCore
import Testing

/// A recycled pane empties its counters with `removeAll`, keeping memory for reuse. A counter
/// that had become a HyperLogLog must then count exactly what a `Set<UInt64>` counts up to the
/// exact limit, equal (`==`) a fresh counter fed the same hashes, and switch to a HyperLogLog
/// past the limit as a fresh one does.
@Suite("A recycled counter counts what a fresh one counts")
struct RecycledCounterTests {
    @Test(arguments: [0 as UInt64, 1, 2, 3])
    func recycledAfterHyperLogLogCountsExactly(seed: UInt64) {
        var random = SketchRandom(seed: seed)
        var recycled = DistinctCounter()
        for value in 0 ..< UInt64(DistinctCounter.exactLimit + 500) { recycled.add(hash: SketchRandom.mix(value &+ seed << 32)) }
        #expect(!recycled.isExact)
        recycled.removeAll()
        #expect(recycled.isEmpty && recycled.isExact && recycled.estimate == 0)

        var fresh = DistinctCounter()
        var reference = Set<UInt64>()
        // Populations up to the limit, with repeats, the zero hash, and one-by-one and batched adds.
        let population = UInt64([10, 1_000, 6_143, 6_144][Int(seed)])
        for round in 0 ..< 8 {
            let run: [UInt64] = (0 ..< 1_500).map { _ in
                let draw = random.next() % (population + 1)
                return draw == 0 ? 0 : SketchRandom.mix(draw)
            }
            if round % 2 == 0 {
                run.withUnsafeBufferPointer { recycled.add(hashes: $0) }
            } else {
                for hash in run { recycled.add(hash: hash) }
            }
            run.withUnsafeBufferPointer { fresh.add(hashes: $0) }
            reference.formUnion(run)
            #expect(recycled.isExact && recycled.estimate == UInt64(reference.count), "seed \(seed), round \(round)")
            #expect(recycled == fresh, "seed \(seed), round \(round)")
        }
        // Past the limit: both become the same HyperLogLog.
        for value in 0 ..< UInt64(DistinctCounter.exactLimit + 1) {
            recycled.add(hash: SketchRandom.mix(value &+ 1 << 40))
            fresh.add(hash: SketchRandom.mix(value &+ 1 << 40))
        }
        #expect(!recycled.isExact && recycled == fresh)
    }
}
