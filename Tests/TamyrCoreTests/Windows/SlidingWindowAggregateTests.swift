import Testing
import TamyrCore
import TamyrWorkload
import _TamyrTestSupport

/// Windows of 100 panes or more are assembled by SlidingWindowAggregate (two
/// stacks: head suffixes, block suffixes, a back prefix) instead of from panes
/// or blocks. The property test's random streams, with late, disordered and
/// duplicate events and idle gaps (which skip windows and force fresh fronts),
/// on windows drawn from RandomScenario.slidingWindowPool: every record must
/// match the brute-force reference, and a restart from a checkpoint (which
/// does not hold the aggregates: they are rebuilt from the panes) must change
/// nothing.
@Suite("Sliding-window aggregation against the reference")
struct SlidingWindowAggregateTests {
    // Each seed publishes some 70,000 records (windows every 100 ms): a few seeds
    // keep make test short; more run with the same code by widening the range.
    @Test(arguments: 0..<4)
    func everyRecordMatchesTheReference(seed: Int) {
        WindowEngineReferenceTests.check(RandomScenario(seed: 1_000 + seed, pool: RandomScenario.slidingWindowPool), seed: seed)
    }

    @Test(arguments: 0..<2)
    func restartsFromCheckpointsChangeNothing(seed: Int) throws {
        // Restarts after events only (see CheckpointRoundTripTests): the idle timeout
        // counts from a restart, so one inside an idle gap rightly closes windows later.
        try CheckpointRoundTripTests.checkRestarts(
            RandomScenario(seed: 2_000 + seed, pool: RandomScenario.slidingWindowPool), seed: seed,
            restartSeed: UInt64(seed) &+ 7)
    }
}
