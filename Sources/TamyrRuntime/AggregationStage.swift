import Logging
import TamyrCore
import TamyrPipeline
import ZeroMQ

/// The aggregation stage, on the thread `tamyr-aggregate`: decodes each
/// message of the batches the ingest stage hands over, counts every event,
/// feeds the window engine, and hands the records of closed windows (and
/// `status.tamyrd` on schedule) back to the ingest stage to send.
///
/// Owns the decoder, the accounting and the engine; nothing else reads or
/// writes them. Its only socket is the inproc PUSH that wakes the ingest
/// stage when records are ready.
final class AggregationStage {
    private let configuration: TamyrConfiguration
    private let logger: Logger
    private let lanes: PipelineLanes
    private let wake: Socket
    private let startedMillis = WallClock.monotonicMillis()
    private var decoder: EventDecoder
    private var pipeline: EventPipeline
    private var json = JSONWriter(capacity: 4_096)
    private var publishDelays = DurationSketch()

    /// How often the idle watermark is checked (contract: windows of a quiet stream close).
    private static let tickEveryMillis: Int64 = 50

    /// The key of the applicant hash. Fixed for now, so distinct counts merge
    /// across restarts; the security milestone replaces it with a secret kept in
    /// `state.dir`, since a known key lets anyone test guesses of an IIN.
    static let applicantKey: (UInt64, UInt64) = (0x7461_6d79_7220_6170, 0x706c_6963_616e_7473)

    init(configuration: TamyrConfiguration, context: Context, lanes: PipelineLanes, logger: Logger) throws {
        self.configuration = configuration
        self.logger = logger
        self.lanes = lanes
        decoder = EventDecoder(domains: configuration.kpi.domains, maxFutureSkewMillis: configuration.ingest.maxFutureSkewMillis)
        pipeline = EventPipeline(
            accounting: IngestAccounting(maxProducers: configuration.ingest.maxProducers),
            engine: WindowEngine(settings: .init(configuration, applicantKey: Self.applicantKey))
        )
        wake = try Socket(.push, context: context, linger: .zero)
        try wake.set(.sendHighWaterMark, to: 4)
        try wake.connect(IngestStage.wakeEndpoint(for: lanes))
    }

    /// Runs until the ingest stage has finished and every batch it handed over
    /// is aggregated; publishes a first status at once and a last one at the end.
    func run() throws {
        defer {
            lanes.finishAggregation()
            poke()
            wake.close()
        }
        var backoff = IdleBackoff(maximumMicros: 1_000)
        let statusEvery = configuration.publish.statusEveryMillis
        var nextStatus = WallClock.monotonicMillis()
        var nextTick = nextStatus

        while true {
            if let handle = lanes.fullMessages.pop() {
                backoff.reset()
                try aggregate(lanes.messageBatches[Int(handle)])
                _ = lanes.freeMessages.push(handle)
            } else if lanes.ingestFinished {
                // finishIngest() came after the last push (release/acquire): one more look is final.
                guard let handle = lanes.fullMessages.pop() else { break }
                try aggregate(lanes.messageBatches[Int(handle)])
                _ = lanes.freeMessages.push(handle)
                continue
            } else {
                backoff.wait()
            }
            let now = WallClock.monotonicMillis()
            if now >= nextTick {
                // The idle watermark: quiet streams still close their last windows.
                let started = WallClock.monotonicNanos()
                pipeline.engine.tick(nowMillis: WallClock.nowMillis())
                try collectRecords(closedAt: started)
                nextTick = now + Self.tickEveryMillis
            }
            if now >= nextStatus {
                try publishStatus()
                nextStatus = max(nextStatus + statusEvery, now)
            }
        }
        try publishStatus()
        logger.info("aggregation stopped", metadata: ["received": "\(pipeline.accounting.totals.received)"])
    }

    /// Decodes every message of `batch` into the accounting and the engine.
    private func aggregate(_ batch: MessageBatch) throws {
        let started = WallClock.monotonicNanos()
        let arrival = batch.arrivalMillis
        pipeline.arrivalMillis = arrival
        pipeline.accounting.totals.messages += UInt64(batch.count)
        batch.forEach { payload in
            decoder.decode(payload, nowMillis: arrival, into: &pipeline)
        }
        batch.reset()
        // A window that closed in this batch closed after `started`: the delay reported is an upper bound.
        try collectRecords(closedAt: started)
    }

    /// Hands the records of windows closed since the last call to the ingest stage.
    private func collectRecords(closedAt: UInt64) throws {
        var batch: RecordBatch?
        var handle: Int32 = -1
        try pipeline.engine.drainRecords { topic, payload in
            if batch == nil {
                (handle, batch) = try acquireRecordBatch()
                batch!.closedAtMonotonicNanos = closedAt
            }
            batch!.append(topic: topic, payload: payload)
        }
        if batch != nil { hand(handle) }
    }

    private func publishStatus() throws {
        let totals = pipeline.accounting.totals
        let engine = pipeline.engine  // a copy-on-write snapshot; released before the engine mutates again
        let record = StatusRecord(
            nowMillis: WallClock.nowMillis(),
            uptimeMillis: WallClock.monotonicMillis() - startedMillis,
            watermarkMillis: engine.watermarkMillis,
            totals: totals,
            producers: pipeline.accounting.ledger.producers,
            late: engine.late,
            folded: engine.folded,
            openWindows: engine.openWindows,
            pipeline: .init(queuedBatches: lanes.fullMessages.depth, publishDelayMicros: publishDelays)
        )
        json.reset()
        record.write(to: &json)
        let (handle, batch) = try acquireRecordBatch()
        batch.append(topic: StatusRecord.topic, payload: json.bytes)
        hand(handle)
    }

    /// A free record batch; waits for the ingest stage to send one back if all are out.
    private func acquireRecordBatch() throws -> (Int32, RecordBatch) {
        var backoff = IdleBackoff(maximumMicros: 1_000)
        while true {
            if let handle = lanes.freeRecords.pop() {
                let batch = lanes.recordBatches[Int(handle)]
                if let delay = batch.publishDelayMicros {
                    publishDelays.add(micros: delay)
                    batch.publishDelayMicros = nil
                }
                return (handle, batch)
            }
            if lanes.ingestClosed { throw StageError.ingestClosed }
            backoff.wait()
        }
    }

    private func hand(_ handle: Int32) {
        _ = lanes.fullRecords.push(handle)
        poke()
    }

    /// Wakes the ingest stage's `zmq_poll`; a full wake queue means it is awake already.
    private func poke() {
        _ = try? wake.send([UInt8](), dontWait: true)
    }

    /// The ingest stage closed its sockets before taking these records (it waits
    /// five seconds after a stop); they cannot be sent.
    enum StageError: Error { case ingestClosed }
}
