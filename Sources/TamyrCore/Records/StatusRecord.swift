/// The `status.tamyrd` record (contract section 5).
///
/// Fields, in this order: `v`, `time`, `uptime_s`, `watermark` (absent before
/// the first event), `messages`, `received`, `accepted`, `rejected` (every
/// reason, zeros included), `duplicates`, `late` and `folded` (every window
/// name), `producers` (by name), `producers_untracked`, `open_windows`, then
/// `pipeline`, `checkpoint`, `deadletters` and `security` when the daemon reports them.
package struct StatusRecord: Sendable {
    /// The pipeline's own figures (an addition to contract section 5).
    package struct Pipeline: Sendable {
        /// Message batches read but not aggregated yet.
        package var queuedBatches: Int
        /// Delay from a window's close to its records leaving the PUB socket,
        /// in microseconds, over every record batch published since start.
        package var publishDelayMicros: DurationSketch

        package init(queuedBatches: Int, publishDelayMicros: DurationSketch) {
            self.queuedBatches = queuedBatches
            self.publishDelayMicros = publishDelayMicros
        }
    }

    /// The last checkpoint (an addition to contract section 5).
    package struct Checkpoint: Sendable {
        /// When the last checkpoint written was taken; nil before the first.
        package var writtenAtMillis: Int64?
        package var bytes: Int
        /// How long aggregation stopped to hand the state over (flush and copy).
        package var pauseMicros: Int64
        /// Encoding on the checkpoint thread, then writing and fsync.
        package var encodeMicros: Int64
        package var writeMicros: Int64
        /// Checkpoints that could not be written since start.
        package var failures: Int

        package init(writtenAtMillis: Int64?, bytes: Int, pauseMicros: Int64, encodeMicros: Int64, writeMicros: Int64, failures: Int) {
            self.writtenAtMillis = writtenAtMillis
            self.bytes = bytes
            self.pauseMicros = pauseMicros
            self.encodeMicros = encodeMicros
            self.writeMicros = writeMicros
            self.failures = failures
        }
    }

    /// Rejected events kept as dead letters, and those over the per-second quota.
    package struct DeadLetters: Sendable {
        package var kept: UInt64
        package var dropped: UInt64

        package init(kept: UInt64, dropped: UInt64) {
            self.kept = kept
            self.dropped = dropped
        }
    }

    /// CURVE handshakes the daemon's ZAP handler answered since start (an addition to contract
    /// section 5): `accepted` let an allow-listed key in, `refused` turned any other away.
    package struct Security: Sendable, Equatable {
        package var accepted: UInt64
        package var refused: UInt64

        package init(accepted: UInt64, refused: UInt64) {
            self.accepted = accepted
            self.refused = refused
        }
    }

    package static let topic = "status.tamyrd"

    package var nowMillis: Int64
    package var uptimeMillis: Int64
    package var watermarkMillis: Int64?
    package var totals: IngestTotals
    package var producers: [String: ProducerLedger.Producer]
    /// Late events per window name, in configuration order.
    package var late: [(window: String, count: UInt64)]
    /// Events folded into `other` groups by the group cap, per window name.
    package var folded: [(window: String, count: UInt64)]
    package var openWindows: Int
    package var pipeline: Pipeline?
    package var checkpoint: Checkpoint?
    package var deadLetters: DeadLetters?
    package var security: Security?

    package init(
        nowMillis: Int64,
        uptimeMillis: Int64,
        watermarkMillis: Int64?,
        totals: IngestTotals,
        producers: [String: ProducerLedger.Producer],
        late: [(window: String, count: UInt64)],
        folded: [(window: String, count: UInt64)],
        openWindows: Int,
        pipeline: Pipeline? = nil,
        checkpoint: Checkpoint? = nil,
        deadLetters: DeadLetters? = nil,
        security: Security? = nil
    ) {
        self.deadLetters = deadLetters
        self.pipeline = pipeline
        self.checkpoint = checkpoint
        self.security = security
        self.nowMillis = nowMillis
        self.uptimeMillis = uptimeMillis
        self.watermarkMillis = watermarkMillis
        self.totals = totals
        self.producers = producers
        self.late = late
        self.folded = folded
        self.openWindows = openWindows
    }

    package func write(to json: inout JSONWriter) {
        json.beginObject()
        json.key("v")
        json.integer(1)
        json.key("time")
        json.string(Timestamp.rfc3339(millis: nowMillis))
        json.key("uptime_s")
        json.fixed(uptimeMillis / 100, decimals: 1)
        if let watermarkMillis {
            json.key("watermark")
            json.string(Timestamp.rfc3339(millis: watermarkMillis))
        }
        json.key("messages")
        json.integer(totals.messages)
        json.key("received")
        json.integer(totals.received)
        json.key("accepted")
        json.integer(totals.accepted)
        json.key("rejected")
        json.counts(RejectionReason.allCases.map { ($0.name, totals.rejected($0)) })
        json.key("duplicates")
        json.integer(totals.duplicates)
        json.key("late")
        json.counts(late.map { ($0.window, $0.count) })
        json.key("folded")
        json.counts(folded.map { ($0.window, $0.count) })
        json.key("producers")
        json.beginObject()
        for name in producers.keys.sorted() {
            let producer = producers[name]!
            json.key(name)
            json.beginObject()
            json.key("last_seq")
            json.integer(producer.lastSequence)
            json.key("gaps")
            json.integer(producer.gaps)
            json.key("duplicates")
            json.integer(producer.duplicates)
            json.endObject()
        }
        json.endObject()
        json.key("producers_untracked")
        json.integer(totals.untracked)
        json.key("open_windows")
        json.integer(openWindows)
        if let pipeline {
            json.key("pipeline")
            json.beginObject()
            json.key("queued_batches")
            json.integer(pipeline.queuedBatches)
            json.key("publish_delay_ms")
            json.beginObject()
            let delays = pipeline.publishDelayMicros
            json.key("count")
            json.integer(delays.count)
            for (name, value) in [("p50", delays.quantile(0.5)), ("p99", delays.quantile(0.99)), ("max", delays.maxMicros)] {
                guard let value else { continue }
                json.key(name)
                json.fixed(value, decimals: 3)
            }
            json.endObject()
            json.endObject()
        }
        if let checkpoint {
            json.key("checkpoint")
            json.beginObject()
            if let written = checkpoint.writtenAtMillis {
                json.key("written")
                json.string(Timestamp.rfc3339(millis: written))
                json.key("bytes")
                json.integer(checkpoint.bytes)
                json.key("pause_ms")
                json.fixed(checkpoint.pauseMicros, decimals: 3)
                json.key("encode_ms")
                json.fixed(checkpoint.encodeMicros, decimals: 3)
                json.key("write_ms")
                json.fixed(checkpoint.writeMicros, decimals: 3)
            }
            json.key("failures")
            json.integer(checkpoint.failures)
            json.endObject()
        }
        if let deadLetters {
            json.key("deadletters")
            json.beginObject()
            json.key("kept")
            json.integer(deadLetters.kept)
            json.key("dropped")
            json.integer(deadLetters.dropped)
            json.endObject()
        }
        if let security {
            json.key("security")
            json.counts([("accepted", security.accepted), ("refused", security.refused)])
        }
        json.endObject()
    }
}
