import Prometheus

/// One `/metrics` answer being written: metric families added by the
/// ``MetricsSource``s in turn, then rendered in the Prometheus text format
/// (version 0.0.4) by swift-prometheus.
///
/// Built afresh for every scrape from values read at that moment, so a series
/// whose label disappears (a producer beyond the cap) leaves no stale copy.
/// Counters are set to their current totals; they are monotonic because the
/// totals they copy only grow.
package struct MetricsExposition {
    private let registry = PrometheusCollectorRegistry()
    /// Histograms kept from pre-counted buckets, which swift-prometheus cannot take
    /// (its histograms are fed one observation at a time): rendered after the registry.
    private var histograms: [UInt8] = []

    package init() {}

    /// A counter `name` (ending in `_total`) with `value`, under `labels`.
    package func counter(_ name: String, _ help: String, _ value: UInt64, labels: [(String, String)] = []) {
        let descriptor = MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
        let counter = labels.isEmpty
            ? registry.makeCounter(descriptor: descriptor) : registry.makeCounter(descriptor: descriptor, labels: labels)
        counter.increment(by: Int64(clamping: value))
    }

    /// A counter `name` (ending in `_total`) with a fractional `value`, e.g. CPU seconds.
    package func counter(_ name: String, _ help: String, seconds value: Double) {
        registry.makeCounter(descriptor: MetricNameDescriptor(metricName: name, unitName: "", helpText: help))
            .increment(by: value)
    }

    /// A gauge `name` with `value`, under `labels`.
    package func gauge(_ name: String, _ help: String, _ value: Double, labels: [(String, String)] = []) {
        let descriptor = MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
        let gauge = labels.isEmpty
            ? registry.makeGauge(descriptor: descriptor) : registry.makeGauge(descriptor: descriptor, labels: labels)
        gauge.set(to: value)
    }

    /// A histogram `name` (no labels) from `bucket`s of cumulative counts by upper bound in
    /// seconds, ascending and ending with the total (`+Inf`), and the sum in seconds.
    package mutating func histogram(_ name: String, _ help: String, buckets: [(upperBound: Double, count: UInt64)], sum: Double) {
        var text = "# HELP \(name) \(help)\n# TYPE \(name) histogram\n"
        for bucket in buckets {
            let bound = bucket.upperBound.isInfinite ? "+Inf" : "\(bucket.upperBound)"
            text += "\(name)_bucket{le=\"\(bound)\"} \(bucket.count)\n"
        }
        text += "\(name)_sum \(sum)\n\(name)_count \(buckets.last?.count ?? 0)\n"
        histograms.append(contentsOf: text.utf8)
    }

    /// The exposition text.
    package func render() -> [UInt8] {
        var bytes: [UInt8] = []
        registry.emit(into: &bytes)
        bytes.append(contentsOf: histograms)
        return bytes
    }
}

/// A part of `/metrics`: adds its metric families to an exposition at each
/// scrape. To export new figures (alert states, say), conform a type that reads
/// them and add it to ``HTTPEndpoint``'s sources.
package protocol MetricsSource: Sendable {
    func contribute(to exposition: inout MetricsExposition)
}
