import Testing
@testable import TamyrHTTP

/// `/healthz` and `/readyz` as rules over the pipeline's figures, at chosen moments.
struct HealthFiguresTests {
    private func figures(
        ready: Bool = true, ingest: Int64 = 100_000, aggregate: Int64 = 100_000, watermark: Int64? = 5,
        movedAt: Int64 = 100_000, now: Int64 = 100_000, idle: Int64 = 5_000
    ) -> HealthFigures {
        HealthFigures(
            ready: ready, ingestBeatMillis: ingest, aggregateBeatMillis: aggregate, watermarkMillis: watermark,
            watermarkMovedAtMillis: movedAt, nowMonotonicMillis: now, idleTimeoutMillis: idle)
    }

    @Test func aliveWhileBothThreadsTurnTheirLoops() {
        #expect(figures().liveness.isOK)
        #expect(figures(ingest: 100_000 - HealthFigures.beatLimitMillis).liveness.isOK)
        #expect(figures(ingest: 100_000 - HealthFigures.beatLimitMillis - 1).liveness.failure == "the ingest thread has not turned for 10001 ms")
        #expect(figures(aggregate: 80_000).liveness.failure == "the aggregation thread has not turned for 20000 ms")
        #expect(figures(ingest: 0).liveness.failure == "the ingest thread has not started")
    }

    @Test func readyWhenBoundRestoredAndTheWatermarkMoves() {
        #expect(figures().readiness.isOK)
        #expect(figures(ready: false).readiness.failure == "sockets not bound or checkpoint not restored yet")
        #expect(figures(aggregate: 0).readiness.failure == "the aggregation thread has not started")
        // No event yet: nothing to advance, ready.
        #expect(figures(watermark: nil, movedAt: 0).readiness.isOK)
        // idle_timeout + the slack is the limit, inclusive.
        let limit = 5_000 + HealthFigures.watermarkSlackMillis
        #expect(figures(movedAt: 100_000 - limit).readiness.isOK)
        #expect(figures(movedAt: 100_000 - limit - 1_000).readiness.failure == "the watermark has not moved for 16 s")
        #expect(figures(movedAt: 100_000 - limit - 1_000, idle: 60_000).readiness.isOK)
    }
}
