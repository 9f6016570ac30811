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
    private let security: SecurityCounters
    private let health: DaemonHealth
    /// systemd's watchdog, pinged from this loop while both threads turn (a copy per run()).
    private let watchdog: PipelineWatchdog
    /// A reload's new SLA targets, group cap, alert rules and status interval.
    private let reloads: Mailbox<LiveSettings>
    /// Where the figures for `/metrics` go; nil when the HTTP endpoint is off.
    private let figures: PipelineFiguresBoard?
    /// Each message batch's decoded events (by handle) when decode workers run; nil when this stage decodes.
    private let decoded: [DecodedEventBuffer]?
    private let startedMillis = WallClock.monotonicMillis()

    /// Everything aggregation mutates, kept in a local of ``run()`` and passed
    /// `inout`: as stored properties of this class, every per-message access
    /// paid a dynamic exclusivity check (a tenth of the thread's time in the profile).
    struct Work {
        var decoder: EventDecoder
        var pipeline: EventPipeline
        var json = JSONWriter(capacity: 4_096)
        var publishDelays = DurationSketch()
        /// Receipt to publication, per record batch of KPI records (`/metrics`).
        var latency = LatencyHistogram()
        /// How long aggregation stopped for the last checkpoint (flush and copy).
        var checkpointPauseMicros: Int64 = 0
    }
    private let initialWork: Work

    /// How often the idle watermark is checked (contract: windows of a quiet stream close).
    private static let tickEveryMillis: Int64 = 50

    private let checkpointer: Checkpointer
    private let deadLetterFile: DeadLetterFile?
    /// Topic of dead letters when `deadletter.publish` is on.
    static let deadLetterTopic = "deadletter.tamyrd"

    /// Builds the stage around `start`, the pipeline ``restoredPipeline(_:applicantKey:store:logger:)`` returned.
    init(
        configuration: TamyrConfiguration, start: Checkpointer.Snapshot, checkpointer: Checkpointer,
        context: Context, lanes: PipelineLanes, security: SecurityCounters, health: DaemonHealth,
        figures: PipelineFiguresBoard? = nil, logger: Logger, watchdog: PipelineWatchdog, reloads: Mailbox<LiveSettings>,
        decoded: [DecodedEventBuffer]? = nil
    ) throws {
        self.decoded = decoded
        self.health = health
        self.figures = figures
        self.reloads = reloads
        self.watchdog = watchdog
        self.configuration = configuration
        self.logger = logger
        self.lanes = lanes
        self.checkpointer = checkpointer
        self.security = security
        var pipeline = start.pipeline
        let dead = configuration.deadLetters
        if dead.perSecond > 0 {
            pipeline.deadLetters = DeadLetterQueue(perSecond: dead.perSecond, messageBytes: dead.messageBytes)
            deadLetterFile = DeadLetterFile(
                directory: configuration.state.directory, fileBytes: dead.fileBytes, files: dead.files, logger: logger)
        } else {
            deadLetterFile = nil
        }
        initialWork = Work(
            decoder: EventDecoder(domains: configuration.kpi.domains, maxFutureSkewMillis: configuration.ingest.maxFutureSkewMillis),
            pipeline: pipeline
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
        var work = initialWork
        var backoff = IdleBackoff(maximumMicros: 1_000)
        var statusEvery = configuration.publish.statusEveryMillis
        var nextStatus = WallClock.monotonicMillis()
        var nextTick = nextStatus
        let checkpointEvery = configuration.state.checkpointEveryMillis
        var nextCheckpoint = nextStatus + checkpointEvery
        var watchdog = self.watchdog
        var rejections = RejectionWarnings(baseline: work.pipeline.accounting.totals.rejected, nowMillis: nextStatus)
        var nextFigures = nextStatus
        // Batches are taken in the order the ingest stage numbered them (see PipelineLanes).
        var nextBatch: UInt64 = 0

        while true {
            // Read before popping: the last pushes came before the finished flags
            // (release/acquire), so once they are seen, an empty ring stays empty.
            let decodingFinished = lanes.decodingFinished
            let caughtUp: Bool
            if let handle = lanes.aggregationRing(forBatch: nextBatch).pop() {
                nextBatch &+= 1
                backoff.reset()
                try aggregate(lanes.messageBatches[Int(handle)], decoded: decoded?[Int(handle)], &work)
                _ = lanes.freeMessages.push(handle)
                caughtUp = false
            } else if decodingFinished {
                break
            } else {
                backoff.wait()
                caughtUp = true
            }
            let now = WallClock.monotonicMillis()
            health.aggregateBeat(
                now, received: work.pipeline.accounting.totals.received, accepted: work.pipeline.accounting.totals.accepted,
                watermarkMillis: work.pipeline.engine.watermarkMillis)
            watchdog.turn(nowMillis: now)
            if let (generation, live) = reloads.take() {
                // Between two batches: every event before it saw the old settings, every one after the new.
                work.pipeline.engine.applyLive(live.configuration)
                statusEvery = live.configuration.publish.statusEveryMillis
                nextStatus = min(nextStatus, now + statusEvery)
                reloads.done(generation)
            }
            if let digest = rejections.due(nowMillis: now, rejected: work.pipeline.accounting.totals.rejected) {
                digest.log(to: logger)
            }
            if caughtUp && now >= nextTick {
                // The idle watermark: quiet streams still close their last windows. Idle time is
                // the quiet the ingest stage watched since the last message, with everything it
                // read aggregated (PipelineLanes.ingestQuietFor), not time on the clock: that
                // would also count batches queued behind a slow aggregation (the pressure test
                // under ThreadSanitizer) and time the process or the machine stood still (SIGSTOP,
                // a paused VM), and the messages queued meanwhile would find their windows
                // closed and count as late (CI runs of test_reload lost 80 and 60 events so).
                let started = WallClock.monotonicNanos()
                if let quiet = lanes.ingestQuietFor(aggregated: nextBatch) {
                    work.pipeline.engine.tick(quietForMillis: quiet)
                } else {
                    work.pipeline.engine.prepareWhileIdle()
                }
                try collectRecords(closedAt: started, receivedAt: started, &work)
                nextTick = now + Self.tickEveryMillis
            }
            if now >= nextStatus {
                try publishStatus(&work)
                nextStatus = max(nextStatus + statusEvery, now)
            }
            // Once a second, or at once when a scrape asks (one relaxed load per loop turn).
            if let figures, now >= nextFigures || figures.takeRequest() {
                figures.publish(pipelineFigures(&work))
                nextFigures = now + 1_000
            }
            if now >= nextCheckpoint {
                // Records are drained after every message and tick, so none is pending here.
                let started = WallClock.monotonicNanos()
                work.pipeline.engine.prepareForCheckpoint()
                // A copy, written on the checkpoint thread; when the last one is still being
                // written, try again in a second rather than queue a second copy.
                let offered = checkpointer.offer(work.pipeline, writtenAtMillis: WallClock.nowMillis())
                if offered { work.checkpointPauseMicros = Int64((WallClock.monotonicNanos() - started) / 1_000) }
                nextCheckpoint = now + (offered ? checkpointEvery : min(checkpointEvery, 1_000))
            }
        }
        // Everything read is aggregated: the last checkpoint holds it all, then the last status reports it.
        work.pipeline.engine.prepareForCheckpoint()
        let saved = checkpointer.writeFinal(work.pipeline, writtenAtMillis: WallClock.nowMillis())
        try publishStatus(&work)
        rejections.remaining(nowMillis: WallClock.monotonicMillis(), rejected: work.pipeline.accounting.totals.rejected)?
            .log(to: logger)
        logger.info(
            saved ? "aggregation stopped; checkpoint written" : "aggregation stopped; the last checkpoint could not be written",
            metadata: ["received": "\(work.pipeline.accounting.totals.received)", "open_windows": "\(work.pipeline.engine.openWindows)"])
    }

    /// The pipeline to start with: restored from the checkpoint in `store` when
    /// there is one this configuration can use. Called before any socket is
    /// opened. A checkpoint that cannot be restored (corrupt, truncated,
    /// another format version, or written under other windows, domains or
    /// applicant key) is moved aside with a warning and the daemon starts
    /// fresh: a bad file never stops it.
    static func restoredPipeline(
        _ configuration: TamyrConfiguration, applicantKey: (UInt64, UInt64), store: CheckpointStore, logger: Logger
    ) -> Checkpointer.Snapshot {
        var pipeline = EventPipeline(
            accounting: IngestAccounting(maxProducers: configuration.ingest.maxProducers),
            engine: WindowEngine(settings: .init(configuration, applicantKey: applicantKey))
        )
        restore(&pipeline, from: store, layout: CheckpointFormat.layout(of: configuration), logger: logger)
        return Checkpointer.Snapshot(pipeline: pipeline, writtenAtMillis: WallClock.nowMillis())
    }

    private static func restore(_ pipeline: inout EventPipeline, from store: CheckpointStore, layout: String, logger: Logger) {
        let bytes: [UInt8]
        do {
            guard let read = try store.read() else {
                logger.info("no checkpoint in state.dir; starting fresh", metadata: ["path": "\(store.path)"])
                return
            }
            bytes = read
        } catch {
            logger.warning("cannot read the checkpoint; starting fresh: \(error)")
            return
        }
        do {
            let written = try CheckpointFormat.restore(bytes, layout: layout, nowMillis: WallClock.nowMillis(), into: &pipeline)
            logger.info(
                "checkpoint restored",
                metadata: [
                    "written": "\(Timestamp.rfc3339(millis: written))",
                    "watermark": "\(pipeline.engine.watermarkMillis.map(Timestamp.rfc3339(millis:)) ?? "none")",
                    "open_windows": "\(pipeline.engine.openWindows)",
                    "received": "\(pipeline.accounting.totals.received)",
                ])
        } catch {
            let aside = (try? store.moveAside(nowMillis: WallClock.nowMillis())) ?? "(could not be moved)"
            logger.warning("checkpoint \(store.path) not restored, moved to \(aside); starting fresh: \(error)")
        }
    }

    /// Feeds every event of `batch` to the accounting and the engine, and hands
    /// over the records of windows they close as soon as they close: first the
    /// events a decode worker left in `decoded`, then, decoding here, the
    /// messages it did not get to (all of them when there is no worker).
    private func aggregate(_ batch: MessageBatch, decoded: DecodedEventBuffer?, _ work: inout Work) throws {
        let arrival = batch.arrivalMillis
        let received = batch.receivedAtMonotonicNanos
        work.pipeline.arrivalMillis = arrival
        work.pipeline.accounting.totals.messages += UInt64(batch.count)
        // The clock is read every `stampEvery` events or messages; a window that closes
        // in one closed after the last reading, so the delay reported is an upper bound.
        var stamp = WallClock.monotonicNanos()
        var sinceStamp = 0
        var failure: (any Error)?
        // After each event (or message): hand over the records of windows it closed.
        func handOverClosed(_ work: inout Work) {
            if work.pipeline.engine.hasRecords() {
                do { try collectRecords(closedAt: stamp, receivedAt: received, &work) } catch { failure = error }
            }
            sinceStamp += 1
            if sinceStamp == Self.stampEvery {
                stamp = WallClock.monotonicNanos()
                sinceStamp = 0
            }
        }
        var firstToDecode = 0
        if let decoded {
            for index in 0 ..< decoded.count {
                work.pipeline.consume(decoded[index])
                handOverClosed(&work)
            }
            // Decoding that message again yields the same events: pass over those already consumed.
            firstToDecode = decoded.resumeMessage
            work.pipeline.eventsToSkip = decoded.resumeSkip
            decoded.reset()
        }
        batch.forEach(from: firstToDecode) { payload in
            work.decoder.decode(payload, nowMillis: arrival, feeding: &work.pipeline)
            handOverClosed(&work)
        }
        work.pipeline.eventsToSkip = 0
        // The worker zeroed the messages it decoded completely.
        batch.reset(zeroingFrom: firstToDecode)
        if let failure { throw failure }
        if work.pipeline.deadLetters?.hasPending == true { try keepDeadLetters(&work) }
    }

    /// Writes the dead letters of the last batch to their file and, if
    /// configured, publishes each on `deadletter.tamyrd`.
    private func keepDeadLetters(_ work: inout Work) throws {
        var lines: [UInt8] = []
        work.pipeline.deadLetters!.drain { lines = $0 }
        deadLetterFile?.append(lines)
        guard configuration.deadLetters.publish else { return }
        var delays = work.publishDelays
        var latency = work.latency
        let (handle, batch) = try acquireRecordBatch(&delays, &latency)
        work.publishDelays = delays
        work.latency = latency
        for line in lines.split(separator: 0x0A) {
            // Record batches have room for a window's records; dead letters are at most a few a batch.
            batch.append(topic: Self.deadLetterTopic, payload: Array(line))
        }
        hand(handle)
    }

    /// Events (or messages) between two clock readings while aggregating: a
    /// reading costs about 20 ns, an event a few hundred.
    private static let stampEvery = 16

    /// Hands the records of windows closed since the last call to the ingest stage.
    /// `receivedAt`: when the message batch whose event closed them was read (monotonic).
    private func collectRecords(closedAt: UInt64, receivedAt: UInt64, _ work: inout Work) throws {
        var batch: RecordBatch?
        var handle: Int32 = -1
        var delays = work.publishDelays
        var latency = work.latency
        try work.pipeline.engine.drainSeriesRecords { topic, series, payload in
            if batch == nil {
                (handle, batch) = try acquireRecordBatch(&delays, &latency)
                batch!.closedAtMonotonicNanos = closedAt
                batch!.receivedAtMonotonicNanos = receivedAt
            }
            // The series lets the ingest stage keep each breakdown group's latest record.
            batch!.append(topic: topic, series: series, payload: payload)
        }
        work.publishDelays = delays
        work.latency = latency
        if batch != nil { hand(handle) }
    }

    private func publishStatus(_ work: inout Work) throws {
        let record = statusRecord(&work)
        work.json.reset()
        record.write(to: &work.json)
        let (handle, batch) = try acquireRecordBatch(&work.publishDelays, &work.latency)
        batch.append(topic: StatusRecord.topic, payload: work.json.bytes)
        hand(handle)
    }

    /// The figures for `/metrics`: the status record's and the latency histogram.
    private func pipelineFigures(_ work: inout Work) -> PipelineFigures {
        var figures = PipelineFigures(
            status: statusRecord(&work), publicationLatency: work.latency, published: work.pipeline.engine.published,
            queuedRecordBatches: lanes.fullRecords.depth)
        let book = work.pipeline.engine.alerts
        figures.alerts = zip(book.rules, book.states).map { ($0, $1.firing) }
        return figures
    }

    private func statusRecord(_ work: inout Work) -> StatusRecord {
        let totals = work.pipeline.accounting.totals
        let engine = work.pipeline.engine  // a copy-on-write snapshot; released before the engine mutates again
        return StatusRecord(
            nowMillis: WallClock.nowMillis(),
            uptimeMillis: WallClock.monotonicMillis() - startedMillis,
            watermarkMillis: engine.watermarkMillis,
            totals: totals,
            producers: work.pipeline.accounting.ledger.producers,
            late: engine.late,
            folded: engine.folded,
            openWindows: engine.openWindows,
            pipeline: .init(queuedBatches: lanes.queuedBatches, publishDelayMicros: work.publishDelays),
            checkpoint: checkpointFigures(pauseMicros: work.checkpointPauseMicros),
            deadLetters: work.pipeline.deadLetters.map { .init(kept: $0.kept, dropped: $0.dropped) },
            security: security.snapshot
        )
    }

    private func checkpointFigures(pauseMicros: Int64) -> StatusRecord.Checkpoint {
        let figures = checkpointer.figures
        return StatusRecord.Checkpoint(
            writtenAtMillis: figures?.writtenAtMillis, bytes: figures?.bytes ?? 0, pauseMicros: pauseMicros,
            encodeMicros: figures?.encodeMicros ?? 0, writeMicros: figures?.writeMicros ?? 0, failures: checkpointer.failureCount)
    }

    /// A free record batch; waits for the ingest stage to send one back if all are out.
    private func acquireRecordBatch(
        _ publishDelays: inout DurationSketch, _ latency: inout LatencyHistogram
    ) throws -> (Int32, RecordBatch) {
        var backoff = IdleBackoff(maximumMicros: 1_000)
        while true {
            if let handle = lanes.freeRecords.pop() {
                let batch = lanes.recordBatches[Int(handle)]
                if let delay = batch.publishDelayMicros {
                    publishDelays.add(micros: delay)
                    batch.publishDelayMicros = nil
                }
                if let micros = batch.latencyMicros {
                    latency.record(micros: micros)
                    batch.latencyMicros = nil
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
