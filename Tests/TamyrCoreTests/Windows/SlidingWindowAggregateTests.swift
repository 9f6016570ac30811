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
        let scenario = RandomScenario(seed: 1_000 + seed, pool: RandomScenario.slidingWindowPool)
        var engine = EngineDriver(futureSkewMillis: 300_000) { $0 = scenario.configuration }
        for step in scenario.steps { RandomScenario.apply(step, to: &engine) }

        let expected = ReferenceKPI.run(arrivals: scenario.arrivals, ticks: scenario.ticks, config: scenario.reference)
        let mismatches = ReferenceKPI.compare(publishedPayloads: engine.payloads, expected: expected)
        #expect(mismatches.isEmpty, "seed \(seed): \(mismatches.count) mismatches, first: \(mismatches.prefix(6))")
        #expect(!expected.records.isEmpty)
        #expect(engine.records.count == expected.records.count, "seed \(seed)")
        for (window, count) in engine.late {
            #expect(Int(count) == expected.late[window, default: 0], "seed \(seed): late[\(window)]")
        }
    }

    @Test(arguments: 0..<2)
    func restartsFromCheckpointsChangeNothing(seed: Int) throws {
        let scenario = RandomScenario(seed: 2_000 + seed, pool: RandomScenario.slidingWindowPool)
        var straight = EngineDriver(futureSkewMillis: 300_000) { $0 = scenario.configuration }
        var restarted = EngineDriver(futureSkewMillis: 300_000) { $0 = scenario.configuration }
        var random = SeededGenerator(seed: UInt64(seed) &+ 7)
        var restarts = 0
        for step in scenario.steps {
            RandomScenario.apply(step, to: &straight)
            RandomScenario.apply(step, to: &restarted)
            // After events only: a restart counts the idle timeout from the restart
            // (the time the daemon was down is not idle time of the stream; see
            // WindowEngine.restore), so a restart inside an idle gap rightly closes
            // windows later than a run that never stopped.
            if case .event = step, random.chance(0.004) {
                let now = RandomScenario.time(of: step)
                try restarted.restart(from: restarted.checkpoint(at: now), at: now)
                restarts += 1
            }
        }
        #expect(restarts > 0, "seed \(seed): no restart drawn")
        #expect(restarted.payloads.count == straight.payloads.count, "seed \(seed)")
        for (index, (one, other)) in zip(straight.payloads, restarted.payloads).enumerated() {
            #expect(one.topic == other.topic && one.payload == other.payload, "seed \(seed): record \(index) differs")
            if one.topic != other.topic || one.payload != other.payload { break }
        }
        #expect(restarted.late == straight.late, "seed \(seed): late")
    }
}
