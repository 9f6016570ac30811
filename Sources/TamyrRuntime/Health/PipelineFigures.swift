package import TamyrCore

/// What the aggregation thread knows about the pipeline at one moment, as a
/// value: the figures of `status.tamyrd` plus what only `/metrics` exports.
/// Built by aggregation (about once a second, and when a scrape asks) and read
/// by the HTTP endpoint through a ``PipelineFiguresBoard``.
package struct PipelineFigures: Sendable {
    /// Totals, producers, late and folded per window, queues, checkpoint, dead letters, security.
    package var status: StatusRecord
    /// From the receipt of the message batch holding the event that closed a window (or the
    /// idle close) to the window's records leaving the PUB sockets, per record batch published.
    package var publicationLatency: LatencyHistogram
    /// Windows closed with events and their records, per window name, since start.
    package var published: [(window: String, windows: UInt64, records: UInt64)]
    /// Record batches aggregation handed over that the ingest stage has not sent yet.
    package var queuedRecordBatches: Int
    /// Every configured alert rule and whether it is firing, in configuration order.
    package var alerts: [(rule: AlertRule, firing: Bool)] = []

    package init(
        status: StatusRecord, publicationLatency: LatencyHistogram,
        published: [(window: String, windows: UInt64, records: UInt64)], queuedRecordBatches: Int
    ) {
        self.status = status
        self.publicationLatency = publicationLatency
        self.published = published
        self.queuedRecordBatches = queuedRecordBatches
    }
}
