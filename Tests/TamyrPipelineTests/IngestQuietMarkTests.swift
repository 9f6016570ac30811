import Testing

@testable import TamyrPipeline

/// The ingest stage's quiet mark is the idle watermark's clock; it must be
/// believed only by an aggregation that has taken every batch the ingest stage
/// had handed over when it last watched its sockets stay empty.
@Suite("PipelineLanes: the quiet the ingest stage watched since its last message")
struct IngestQuietMarkTests {
    private func lanes() -> PipelineLanes {
        PipelineLanes(messageBatchCount: 4, batchBytes: 64, batchMessages: 4, recordBatchCount: 2)
    }

    @Test func isBelievedOnlyWithEveryHandedOverBatchAggregated() {
        let lanes = lanes()
        lanes.markIngestQuiet(forMillis: 1_300, handedOver: 7)
        #expect(lanes.ingestQuietFor(aggregated: 7) == 1_300)
        // Batches 5 and 6 were read before the sockets were seen empty and are not aggregated.
        #expect(lanes.ingestQuietFor(aggregated: 5) == nil)
        #expect(lanes.ingestQuietFor(aggregated: 6) == nil)
        // A later mark replaces the earlier one, and a message read meanwhile restarts the count.
        lanes.markIngestQuiet(forMillis: 100, handedOver: 9)
        #expect(lanes.ingestQuietFor(aggregated: 7) == nil)
        #expect(lanes.ingestQuietFor(aggregated: 9) == 100)
    }

    @Test func keepsTheTimeWholeAcrossYearsOfQuietAndManyBatches() {
        let lanes = lanes()
        let tenYears: Int64 = 10 * 365 * 86_400_000
        // More batches than the mark's 24 bits hold: compared modulo 2^24, the time untouched.
        let batches: UInt64 = (1 << 24) * 3 + 12_345
        lanes.markIngestQuiet(forMillis: tenYears, handedOver: batches)
        #expect(lanes.ingestQuietFor(aggregated: batches) == tenYears)
        #expect(lanes.ingestQuietFor(aggregated: batches - 1) == nil)
        #expect(lanes.ingestQuietFor(aggregated: batches + 1) == nil)
    }

    @Test func startsWithNoQuietWatchedBeforeAnyBatch() {
        let lanes = lanes()
        // Before the ingest stage's first poll: believed, but nothing has been watched yet.
        #expect(lanes.ingestQuietFor(aggregated: 0) == 0)
        #expect(lanes.ingestQuietFor(aggregated: 1) == nil)
    }
}
