import TamyrCore
import TamyrRuntime

/// The pipeline's figures as metric families: what aggregation last published
/// to its ``PipelineFiguresBoard``, and the health the threads report.
/// docs/operations.md ("Metrics and health") lists each family.
struct PipelineMetrics: MetricsSource {
    var figures: PipelineFigures?
    var health: HealthFigures
    /// Producers exported with series of their own (the first by name).
    var maxProducerSeries: Int
    /// Wall-clock milliseconds now, for the checkpoint's age.
    var nowMillis: Int64

    func contribute(to exposition: inout MetricsExposition) {
        exposition.gauge("tamyr_ready", "1 when /readyz answers 200, else 0", health.readiness.isOK ? 1 : 0)
        if let watermark = health.watermarkMillis {
            exposition.gauge("tamyr_watermark_timestamp_seconds", "the window engine's watermark (Unix time)", seconds(watermark))
        }
        // Before aggregation's first publication (the first millisecond) only the health is known.
        guard let figures else { return }
        let status = figures.status
        let totals = status.totals
        exposition.counter("tamyr_messages_received_total", "ZeroMQ messages read (one event or an NDJSON batch each)", totals.messages)
        exposition.counter("tamyr_events_received_total", "events read off the wire, valid or not", totals.received)
        exposition.counter("tamyr_events_accepted_total", "valid events that went on to the windows", totals.accepted)
        for reason in RejectionReason.allCases {
            exposition.counter(
                "tamyr_events_rejected_total", "events rejected, by reason", totals.rejected(reason), labels: [("reason", reason.name)])
        }
        exposition.counter("tamyr_events_duplicate_total", "events whose seq was at or below the last seen for their src", totals.duplicates)
        exposition.counter(
            "tamyr_events_untracked_total", "events from producers beyond ingest.max_producers (no seq accounting)", totals.untracked)
        for (window, count) in status.late {
            exposition.counter("tamyr_events_late_total", "events behind the watermark for a window, by window", count, labels: [("window", window)])
        }
        for (window, count) in status.folded {
            exposition.counter(
                "tamyr_events_folded_total", "events folded into `other` groups by kpi.max_groups, by window", count,
                labels: [("window", window)])
        }
        for entry in figures.published {
            exposition.counter(
                "tamyr_windows_published_total", "windows closed with events and published, by window", entry.windows,
                labels: [("window", entry.window)])
            exposition.counter(
                "tamyr_records_published_total", "KPI records published, by window", entry.records, labels: [("window", entry.window)])
        }
        for (rule, firing) in figures.alerts {
            exposition.gauge(
                "tamyr_alert_firing", "1 while an alert rule fires, else 0, by rule (alerts: in the configuration)",
                firing ? 1 : 0, labels: [("rule", rule.name), ("domain", rule.domain), ("window", rule.window)])
        }
        contributeProducers(status.producers, to: &exposition)
        exposition.gauge("tamyr_open_windows", "windows that hold events and have not closed yet", Double(status.openWindows))
        exposition.gauge(
            "tamyr_queue_depth", "batches waiting between the pipeline threads, by queue", Double(status.pipeline?.queuedBatches ?? 0),
            labels: [("queue", "messages")])
        exposition.gauge(
            "tamyr_queue_depth", "batches waiting between the pipeline threads, by queue", Double(figures.queuedRecordBatches),
            labels: [("queue", "records")])
        contributeLatency(figures.publicationLatency, to: &exposition)
        if let checkpoint = status.checkpoint { contributeCheckpoint(checkpoint, to: &exposition) }
        if let dead = status.deadLetters {
            exposition.counter("tamyr_deadletters_kept_total", "rejected events kept in the dead-letter file", dead.kept)
            exposition.counter("tamyr_deadletters_dropped_total", "rejected events over deadletter.per_second, only counted", dead.dropped)
        }
        if let security = status.security {
            let help = "CURVE handshakes answered, by result"
            exposition.counter("tamyr_curve_handshakes_total", help, security.accepted, labels: [("result", "accepted")])
            exposition.counter("tamyr_curve_handshakes_total", help, security.refused, labels: [("result", "refused")])
        }
    }

    private func contributeProducers(_ producers: [String: ProducerLedger.Producer], to exposition: inout MetricsExposition) {
        var gaps: UInt64 = 0
        for producer in producers.values { gaps += producer.gaps }
        exposition.counter("tamyr_sequence_gaps_total", "seq numbers skipped, over every tracked producer", gaps)
        exposition.gauge("tamyr_producers_tracked", "producers (src) tracked for seq accounting", Double(producers.count))
        // The first by name: a stable set from scrape to scrape, so series do not come and go.
        for name in producers.keys.sorted().prefix(maxProducerSeries) {
            let producer = producers[name]!
            exposition.counter(
                "tamyr_producer_sequence_gaps_total", "seq numbers skipped, by producer (metrics.max_producer_series)",
                producer.gaps, labels: [("producer", name)])
            exposition.counter(
                "tamyr_producer_duplicates_total", "duplicate events, by producer (metrics.max_producer_series)",
                producer.duplicates, labels: [("producer", name)])
        }
    }

    private func contributeLatency(_ latency: LatencyHistogram, to exposition: inout MetricsExposition) {
        let bounds = LatencyHistogram.upperBoundsMicros.map { Double($0) / 1e6 } + [.infinity]
        exposition.histogram(
            "tamyr_publication_latency_seconds",
            "from the receipt of the message whose event closed a window to its records leaving the PUB sockets",
            buckets: Array(zip(bounds, latency.cumulativeCounts)), sum: Double(latency.sumMicros) / 1e6)
    }

    private func contributeCheckpoint(_ checkpoint: StatusRecord.Checkpoint, to exposition: inout MetricsExposition) {
        exposition.counter("tamyr_checkpoint_failures_total", "checkpoints that could not be written", UInt64(checkpoint.failures))
        guard let written = checkpoint.writtenAtMillis else { return }
        exposition.gauge("tamyr_checkpoint_age_seconds", "time since the last checkpoint written was taken", max(0, seconds(nowMillis - written)))
        exposition.gauge("tamyr_checkpoint_timestamp_seconds", "when the last checkpoint written was taken (Unix time)", seconds(written))
        exposition.gauge("tamyr_checkpoint_bytes", "size of the last checkpoint", Double(checkpoint.bytes))
        let help = "duration of the last checkpoint, by phase: pause (aggregation stopped), encode, write (with fsync)"
        for (phase, micros) in [("pause", checkpoint.pauseMicros), ("encode", checkpoint.encodeMicros), ("write", checkpoint.writeMicros)] {
            exposition.gauge("tamyr_checkpoint_duration_seconds", help, Double(micros) / 1e6, labels: [("phase", phase)])
        }
    }

    private func seconds(_ millis: Int64) -> Double { Double(millis) / 1_000 }
}
