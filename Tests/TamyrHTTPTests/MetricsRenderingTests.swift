import Testing
import TamyrCore
@testable import TamyrHTTP
import TamyrRuntime

/// `/metrics` rendered from hand-made figures and parsed back: every value the
/// exposition carries equals the figure it came from, in the Prometheus text format.
struct MetricsRenderingTests {
    /// Series as `name{k="v",...}` (labels sorted) to value; `types` from the `# TYPE` lines.
    private struct Parsed {
        var samples: [String: Double] = [:]
        var types: [String: String] = [:]

        init(_ bytes: [UInt8]) {
            for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
                if line.hasPrefix("# TYPE ") {
                    let parts = line.split(separator: " ")
                    types[String(parts[2])] = String(parts[3])
                    continue
                }
                if line.hasPrefix("#") { continue }
                let space = line.lastIndex(of: " ")!
                var series = String(line[..<space])
                let value = Double(line[line.index(after: space)...])!
                if let brace = series.firstIndex(of: "{") {
                    // Label values here hold no comma, quote or brace: split simply, then sort.
                    let labels = series[series.index(after: brace)..<series.index(before: series.endIndex)]
                        .split(separator: ",").sorted().joined(separator: ",")
                    series = "\(series[..<brace]){\(labels)}"
                }
                #expect(samples[series] == nil, "\(series) appears twice")
                samples[series] = value
            }
        }
    }

    private static let health = HealthFigures(
        ready: true, ingestBeatMillis: 9_990, aggregateBeatMillis: 9_999, watermarkMillis: 1_700_000_000_000,
        watermarkMovedAtMillis: 9_000, nowMonotonicMillis: 10_000, idleTimeoutMillis: 5_000)

    private static func figures() -> PipelineFigures {
        var totals = IngestTotals()
        totals.messages = 90
        totals.received = 120
        totals.accepted = 100
        totals.duplicates = 4
        totals.untracked = 3
        totals.rejected[Int(RejectionReason.badType.rawValue)] = 7
        totals.rejected[Int(RejectionReason.futureTimestamp.rawValue)] = 9
        var latency = LatencyHistogram()
        for micros: Int64 in [300, 800, 800, 2_000_000, 20_000_000] { latency.record(micros: micros) }
        let status = StatusRecord(
            nowMillis: 1_700_000_100_000, uptimeMillis: 60_000, watermarkMillis: 1_700_000_000_000, totals: totals,
            producers: [
                "gw-b": .init(lastSequence: 50, gaps: 5, duplicates: 1),
                "gw-a": .init(lastSequence: 70, gaps: 2, duplicates: 3),
                "gw-c": .init(lastSequence: 10, gaps: 11, duplicates: 0),
            ],
            late: [("1m", 6), ("5m/10s", 8)], folded: [("1m", 0), ("5m/10s", 2)], openWindows: 12,
            pipeline: .init(queuedBatches: 3, publishDelayMicros: DurationSketch()),
            checkpoint: .init(writtenAtMillis: 1_700_000_095_500, bytes: 4_096, pauseMicros: 1_500, encodeMicros: 2_500,
                              writeMicros: 30_000, failures: 1),
            deadLetters: .init(kept: 13, dropped: 2),
            security: .init(accepted: 4, refused: 1))
        return PipelineFigures(
            status: status, publicationLatency: latency, published: [("1m", 5, 40), ("5m/10s", 30, 300)], queuedRecordBatches: 1)
    }

    private func render(maxProducerSeries: Int = 1_000) -> Parsed {
        Parsed(HTTPEndpoint.render(
            figures: Self.figures(), health: Self.health, maxProducerSeries: maxProducerSeries, nowMillis: 1_700_000_100_000,
            sources: []))
    }

    @Test func countersCarryTheTotals() {
        let parsed = render()
        let figures = Self.figures()
        let totals = figures.status.totals
        #expect(parsed.samples["tamyr_messages_received_total"] == Double(totals.messages))
        #expect(parsed.samples["tamyr_events_received_total"] == Double(totals.received))
        #expect(parsed.samples["tamyr_events_accepted_total"] == Double(totals.accepted))
        #expect(parsed.samples["tamyr_events_duplicate_total"] == Double(totals.duplicates))
        #expect(parsed.samples["tamyr_events_untracked_total"] == Double(totals.untracked))
        for reason in RejectionReason.allCases {
            #expect(parsed.samples["tamyr_events_rejected_total{reason=\"\(reason.name)\"}"] == Double(totals.rejected(reason)))
        }
        #expect(parsed.samples["tamyr_events_late_total{window=\"1m\"}"] == 6)
        #expect(parsed.samples["tamyr_events_late_total{window=\"5m/10s\"}"] == 8)
        #expect(parsed.samples["tamyr_events_folded_total{window=\"5m/10s\"}"] == 2)
        #expect(parsed.samples["tamyr_windows_published_total{window=\"5m/10s\"}"] == 30)
        #expect(parsed.samples["tamyr_records_published_total{window=\"1m\"}"] == 40)
        #expect(parsed.samples["tamyr_deadletters_kept_total"] == 13)
        #expect(parsed.samples["tamyr_curve_handshakes_total{result=\"refused\"}"] == 1)
        #expect(parsed.samples["tamyr_checkpoint_failures_total"] == 1)
        for (name, type) in parsed.types where name.hasSuffix("_total") { #expect(type == "counter", "\(name)") }
    }

    @Test func producersAreCappedByNameAndTheirGapsSummedOverAll() {
        let all = render()
        #expect(all.samples["tamyr_producer_sequence_gaps_total{producer=\"gw-a\"}"] == 2)
        #expect(all.samples["tamyr_producer_duplicates_total{producer=\"gw-b\"}"] == 1)
        #expect(all.samples["tamyr_producer_sequence_gaps_total{producer=\"gw-c\"}"] == 11)
        #expect(all.samples["tamyr_sequence_gaps_total"] == Double(2 + 5 + 11))
        #expect(all.samples["tamyr_producers_tracked"] == 3)

        let capped = render(maxProducerSeries: 2)
        let producers = capped.samples.keys.filter { $0.hasPrefix("tamyr_producer_sequence_gaps_total{") }.sorted()
        #expect(producers == ["tamyr_producer_sequence_gaps_total{producer=\"gw-a\"}", "tamyr_producer_sequence_gaps_total{producer=\"gw-b\"}"])
        #expect(capped.samples["tamyr_sequence_gaps_total"] == 18)
    }

    @Test func theLatencyHistogramIsCumulativeInSeconds() {
        let parsed = render()
        #expect(parsed.types["tamyr_publication_latency_seconds"] == "histogram")
        // 300 and 800 µs, 800 µs, 2 s, 20 s: computed by hand from the observations.
        #expect(parsed.samples["tamyr_publication_latency_seconds_bucket{le=\"0.0005\"}"] == 1)
        #expect(parsed.samples["tamyr_publication_latency_seconds_bucket{le=\"0.001\"}"] == 3)
        #expect(parsed.samples["tamyr_publication_latency_seconds_bucket{le=\"1.0\"}"] == 3)
        #expect(parsed.samples["tamyr_publication_latency_seconds_bucket{le=\"2.5\"}"] == 4)
        #expect(parsed.samples["tamyr_publication_latency_seconds_bucket{le=\"10.0\"}"] == 4)
        #expect(parsed.samples["tamyr_publication_latency_seconds_bucket{le=\"+Inf\"}"] == 5)
        #expect(parsed.samples["tamyr_publication_latency_seconds_count"] == 5)
        let sum = parsed.samples["tamyr_publication_latency_seconds_sum"] ?? 0
        #expect(abs(sum - (0.0003 + 0.0008 + 0.0008 + 2 + 20)) < 1e-9)
    }

    @Test func gaugesCarryQueuesCheckpointAndHealth() {
        let parsed = render()
        #expect(parsed.samples["tamyr_queue_depth{queue=\"messages\"}"] == 3)
        #expect(parsed.samples["tamyr_queue_depth{queue=\"records\"}"] == 1)
        #expect(parsed.samples["tamyr_open_windows"] == 12)
        #expect(parsed.samples["tamyr_checkpoint_age_seconds"] == 4.5)
        #expect(parsed.samples["tamyr_checkpoint_bytes"] == 4_096)
        #expect(parsed.samples["tamyr_checkpoint_duration_seconds{phase=\"write\"}"] == 0.03)
        #expect(parsed.samples["tamyr_checkpoint_duration_seconds{phase=\"pause\"}"] == 0.0015)
        #expect(parsed.samples["tamyr_watermark_timestamp_seconds"] == 1_700_000_000)
        #expect(parsed.samples["tamyr_ready"] == 1)
        #expect(parsed.samples.keys.contains { $0.hasPrefix("tamyr_build_info{") })
        #expect((parsed.samples["process_resident_memory_bytes"] ?? 0) > 0)
        #expect(parsed.samples["process_cpu_seconds_total"] != nil)
        #expect(parsed.samples["process_start_time_seconds"] != nil)
    }

    @Test func beforeTheFirstFiguresOnlyHealthProcessAndBuildAreExported() {
        let parsed = Parsed(HTTPEndpoint.render(
            figures: nil, health: Self.health, maxProducerSeries: 10, nowMillis: 0, sources: []))
        #expect(parsed.samples["tamyr_ready"] == 1)
        #expect(parsed.samples["tamyr_events_received_total"] == nil)
        #expect(parsed.samples["process_cpu_seconds_total"] != nil)
    }

    @Test func furtherSourcesAddTheirFamilies() {
        struct Alerts: MetricsSource {
            func contribute(to exposition: inout MetricsExposition) {
                exposition.gauge("tamyr_alert_firing", "1 while the rule fires", 1, labels: [("rule", "customs-success")])
            }
        }
        let parsed = Parsed(HTTPEndpoint.render(
            figures: Self.figures(), health: Self.health, maxProducerSeries: 10, nowMillis: 0, sources: [Alerts()]))
        #expect(parsed.samples["tamyr_alert_firing{rule=\"customs-success\"}"] == 1)
        #expect(parsed.samples["tamyr_events_accepted_total"] == 100)
    }
}
