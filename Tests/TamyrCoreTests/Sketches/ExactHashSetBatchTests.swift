import TamyrCore
import Testing

/// The batch insert loads the first slots of several hashes before probing any of them, and
/// trusts a non-empty slot it loaded early. Checked against a `Set<UInt64>` fed the same runs:
/// repeats inside one look-ahead block (a slot filled after it was loaded), repeats across
/// runs (members found present), the zero hash, and runs that grow the table mid-block.
@Suite("ExactHashSet batch inserts count what a Set<UInt64> counts")
struct ExactHashSetBatchTests {
    @Test(arguments: [0 as UInt64, 1, 2, 3, 4, 5, 6, 7])
    func batchedCountEqualsSetCount(seed: UInt64) {
        var random = SketchRandom(seed: seed)
        // Populations from a few values (repeats in every block) to just under the exact limit.
        let population = UInt64([3, 17, 100, 700, 2_000, 4_000, 6_000, 6_143][Int(seed)])
        var counter = DistinctCounter()
        var reference = Set<UInt64>()
        for _ in 0 ..< 12 {
            let run: [UInt64] = (0 ..< Int(random.next() % 3_000)).map { _ in
                let draw = random.next() % (population + 1)
                return draw == 0 ? 0 : SketchRandom.mix(draw)
            }
            run.withUnsafeBufferPointer { counter.add(hashes: $0) }
            reference.formUnion(run)
            #expect(counter.isExact, "seed \(seed)")
            #expect(counter.estimate == UInt64(reference.count), "seed \(seed)")
            if counter.estimate != UInt64(reference.count) { return }
        }
    }
}
