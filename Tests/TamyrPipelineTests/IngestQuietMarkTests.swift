import Testing

@testable import TamyrPipeline

/// The ingest stage's quiet mark bounds how far the idle watermark may follow
/// the clock; it must be believed only by an aggregation that has taken every
/// batch the ingest stage had handed over when it saw its sockets empty.
@Suite("PipelineLanes: the ingest stage's last sight of empty sockets")
struct IngestQuietMarkTests {
    private func lanes() -> PipelineLanes {
        PipelineLanes(messageBatchCount: 4, batchBytes: 64, batchMessages: 4, recordBatchCount: 2)
    }

    @Test func isBelievedOnlyWithEveryHandedOverBatchAggregated() {
        let lanes = lanes()
        lanes.markIngestQuiet(throughMonotonicMillis: 86_400_000, handedOver: 7)
        #expect(lanes.ingestQuietThrough(aggregated: 7) == 86_400_000)
        // Batches 5 and 6 were read before the sockets were seen empty and are not aggregated.
        #expect(lanes.ingestQuietThrough(aggregated: 5) == nil)
        #expect(lanes.ingestQuietThrough(aggregated: 6) == nil)
        // A later mark replaces the earlier one.
        lanes.markIngestQuiet(throughMonotonicMillis: 86_400_250, handedOver: 9)
        #expect(lanes.ingestQuietThrough(aggregated: 7) == nil)
        #expect(lanes.ingestQuietThrough(aggregated: 9) == 86_400_250)
    }

    @Test func keepsTheTimeWholeAcrossYearsOfUptimeAndManyBatches() {
        let lanes = lanes()
        let tenYears: Int64 = 10 * 365 * 86_400_000
        // More batches than the mark's 24 bits hold: compared modulo 2^24, the time untouched.
        let batches: UInt64 = (1 << 24) * 3 + 12_345
        lanes.markIngestQuiet(throughMonotonicMillis: tenYears, handedOver: batches)
        #expect(lanes.ingestQuietThrough(aggregated: batches) == tenYears)
        #expect(lanes.ingestQuietThrough(aggregated: batches - 1) == nil)
        #expect(lanes.ingestQuietThrough(aggregated: batches + 1) == nil)
    }

    @Test func startsAsSilenceSinceBootBeforeAnyBatch() {
        let lanes = lanes()
        // Before the ingest stage's first poll: believed, but as old as the monotonic clock's
        // origin, so no idle time is counted from it.
        #expect(lanes.ingestQuietThrough(aggregated: 0) == 0)
        #expect(lanes.ingestQuietThrough(aggregated: 1) == nil)
    }
}
