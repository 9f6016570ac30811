/// Durations counted in fixed buckets, the shape of a Prometheus histogram:
/// exact counts per bucket, the exact count and sum. Where ``DurationSketch``
/// answers quantiles, this one is what `/metrics` exports, because Prometheus
/// aggregates buckets across scrapes and instances and sketches do not merge there.
///
/// Recording is a scan of the bounds (fourteen by default) and two additions;
/// no allocation once the buffer is unique.
package struct LatencyHistogram: Sendable, Equatable {
    /// Upper bounds of the buckets in microseconds, ascending (`le` in Prometheus);
    /// the implicit last bucket, `+Inf`, takes the rest.
    package let upperBoundsMicros: [Int64]
    /// Observations per bucket (not cumulative): `upperBoundsMicros.count + 1` entries.
    package private(set) var counts: [UInt64]
    package private(set) var count: UInt64 = 0
    package private(set) var sumMicros: Int64 = 0

    package init(upperBoundsMicros: [Int64]) {
        precondition(zip(upperBoundsMicros, upperBoundsMicros.dropFirst()).allSatisfy { $0 < $1 }, "bounds must ascend")
        self.upperBoundsMicros = upperBoundsMicros
        counts = Array(repeating: 0, count: upperBoundsMicros.count + 1)
    }

    /// 0.5 ms to 10 s in 1-2.5-5 steps: publication takes milliseconds when all is well,
    /// and seconds when aggregation falls behind.
    package static let publicationBoundsMicros: [Int64] = [
        500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000,
        1_000_000, 2_500_000, 5_000_000, 10_000_000,
    ]

    /// Counts one duration; negative ones (a clock that cannot go back did not) count as zero.
    package mutating func record(micros: Int64) {
        let value = max(micros, 0)
        var bucket = 0
        while bucket < upperBoundsMicros.count && value > upperBoundsMicros[bucket] { bucket += 1 }
        counts[bucket] += 1
        count += 1
        sumMicros += value
    }

    /// Observations at or below each bound, then the total (`+Inf`): the `_bucket` series.
    package var cumulativeCounts: [UInt64] {
        var running: UInt64 = 0
        return counts.map { count in
            running += count
            return running
        }
    }
}
