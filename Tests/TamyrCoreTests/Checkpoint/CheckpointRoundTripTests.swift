import Testing
import TamyrCore
import TamyrWorkload

/// A restart from a checkpoint must be invisible: the property test's random
/// configurations and streams, run once straight through and once with the
/// pipeline written to a checkpoint and replaced by a fresh one restored from
/// it at random points (several times per stream), must publish the same
/// records byte for byte and end with the same status. (The straight run of
/// each seed is the one WindowEngineReferenceTests checks against the
/// brute-force reference.)
struct CheckpointRoundTripTests {
    @Test(arguments: 0..<8)
    func restartsFromCheckpointsChangeNothing(seed: Int) throws {
        try Self.checkRestarts(RandomScenario(seed: seed), seed: seed, restartSeed: UInt64(seed) &+ 99)
    }

    /// Runs `scenario` straight through and, beside it, with restarts from
    /// checkpoints drawn by `restartSeed`; both must publish the same records
    /// byte for byte and end with the same status.
    static func checkRestarts(_ scenario: RandomScenario, seed: Int, restartSeed: UInt64) throws {
        var straight = EngineDriver(futureSkewMillis: 300_000) { $0 = scenario.configuration }
        var restarted = EngineDriver(futureSkewMillis: 300_000) { $0 = scenario.configuration }
        var random = SeededGenerator(seed: restartSeed)
        var restarts = 0
        for step in scenario.steps {
            RandomScenario.apply(step, to: &straight)
            RandomScenario.apply(step, to: &restarted)
            // After events only: a restart counts the idle timeout from the restart
            // (see WindowEngine.restore), so one inside an idle gap rightly closes
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
            #expect(one.topic == other.topic && one.payload == other.payload, "seed \(seed): record \(index) differs after \(restarts) restarts")
            if one.topic != other.topic || one.payload != other.payload { break }
        }
        #expect(restarted.pipeline.accounting.totals == straight.pipeline.accounting.totals, "seed \(seed): totals")
        #expect(restarted.pipeline.accounting.ledger.producers == straight.pipeline.accounting.ledger.producers, "seed \(seed)")
        #expect(restarted.late == straight.late, "seed \(seed): late")
        #expect(restarted.pipeline.engine.folded.map(\.count) == straight.pipeline.engine.folded.map(\.count))
        #expect(restarted.pipeline.engine.watermarkMillis == straight.pipeline.engine.watermarkMillis)
    }

    /// Open windows survive: a checkpoint taken mid-window and restored gives
    /// the window's record with the events from before and after the restart.
    @Test func aWindowSpanningARestartIsPublishedOnceAndComplete() throws {
        var driver = EngineDriver { $0.windows.tumbling = [WindowSpec(tumbling: 60_000)]; $0.windows.hopping = [] }
        let base: Int64 = 1_800_000_000_000 - 1_800_000_000_000 % 60_000
        for second in 0 ..< 20 { driver.send(event(base + Int64(second) * 1_000), at: Int64(second)) }
        let bytes = driver.checkpoint(at: 20)
        try driver.restart(from: bytes, at: 10_000)
        for second in 20 ..< 30 { driver.send(event(base + Int64(second) * 1_000), at: 10_000 + Int64(second)) }
        #expect(driver.records.isEmpty)
        driver.send(event(base + 70_000), at: 10_100)
        let minute = driver.records("kpi.tax.1m")
        #expect(minute.count == 1)
        #expect(minute.first?.count() == 30)
        #expect(driver.pipeline.accounting.totals.accepted == 31)
    }
}
