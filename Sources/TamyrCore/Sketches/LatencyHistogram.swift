/// Durations counted in fixed buckets, the shape of a Prometheus histogram:
/// exact counts per bucket, the exact count and sum. Where ``DurationSketch``
/// answers quantiles, this one is what `/metrics` exports, because Prometheus
/// adds buckets across scrapes and instances, which it cannot do with quantiles.
///
/// The counts are stored inline (no heap buffer), so copying the histogram in
/// and out of the aggregation loop's locals never allocates; recording is a
/// scan of fourteen bounds and two additions.
package struct LatencyHistogram: Sendable {
    /// Upper bounds of the buckets in microseconds, ascending (`le` in Prometheus):
    /// 0.5 ms to 10 s in 1-2.5-5 steps. Publication takes milliseconds when all is
    /// well, and seconds when aggregation falls behind. The implicit last bucket,
    /// `+Inf`, takes the rest.
    package static let upperBoundsMicros: [Int64] = [
        500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000,
        1_000_000, 2_500_000, 5_000_000, 10_000_000,
    ]

    /// Observations per bucket (not cumulative), the last one `+Inf`.
    private var counts = InlineArray<15, UInt64>(repeating: 0)
    package private(set) var count: UInt64 = 0
    package private(set) var sumMicros: Int64 = 0

    package init() {}

    /// Counts one duration; negative ones (a clock that cannot go back did not) count as zero.
    package mutating func record(micros: Int64) {
        let value = max(micros, 0)
        var bucket = 0
        while bucket < Self.upperBoundsMicros.count && value > Self.upperBoundsMicros[bucket] { bucket += 1 }
        counts[bucket] += 1
        count += 1
        sumMicros += value
    }

    /// Observations at or below each bound, then the total (`+Inf`): the `_bucket` series.
    package var cumulativeCounts: [UInt64] {
        var result: [UInt64] = []
        result.reserveCapacity(counts.count)
        var running: UInt64 = 0
        for index in counts.indices {
            running += counts[index]
            result.append(running)
        }
        return result
    }
}
