/// The `status.tamyrd` record (contract section 5).
///
/// Fields, in this order: `v`, `time`, `uptime_s`, `watermark` (absent before
/// the first event), `messages`, `received`, `accepted`, `rejected` (every
/// reason, zeros included), `duplicates`, `late` and `folded` (every window
/// name), `producers` (by name), `producers_untracked`, `open_windows`, then
/// `pipeline` and `security` when the daemon reports them.
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
        security: Security? = nil
    ) {
        self.pipeline = pipeline
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
        if let security {
            json.key("security")
            json.counts([("accepted", security.accepted), ("refused", security.refused)])
        }
        json.endObject()
    }
}
