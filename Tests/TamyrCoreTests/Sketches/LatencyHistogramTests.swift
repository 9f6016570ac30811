import Testing
import TamyrCore

/// The fixed-bucket histogram `/metrics` exports: every observation lands in the first
/// bucket whose upper bound is at or above it (`le`), and the count and sum are exact.
struct LatencyHistogramTests {
    @Test func countsEachObservationInItsBucketAndKeepsTheSum() {
        var histogram = LatencyHistogram()
        let observations: [Int64] = [0, 500, 501, 1_000, 7_000, 999_999, 1_000_000, 10_000_000, 10_000_001, 99_000_000, -5]
        for micros in observations { histogram.record(micros: micros) }
        // Computed independently: for each bound, how many observations are at or below it.
        let clamped = observations.map { max($0, 0) }
        let bounds = LatencyHistogram.upperBoundsMicros
        let expected = bounds.map { bound in UInt64(clamped.filter { $0 <= bound }.count) } + [UInt64(clamped.count)]
        #expect(histogram.cumulativeCounts == expected)
        #expect(Array(histogram.cumulativeCounts.prefix(3)) == [3, 5, 5])  // by hand: 0, 500, -5; then 501, 1000; none up to 2.5 ms
        #expect(histogram.cumulativeCounts.last == 11)
        #expect(histogram.count == 11)
        #expect(histogram.sumMicros == clamped.reduce(0, +))
    }

    @Test func theBoundsAscendFromHalfAMillisecondToTenSeconds() {
        let bounds = LatencyHistogram.upperBoundsMicros
        #expect(bounds.first == 500 && bounds.last == 10_000_000)
        #expect(zip(bounds, bounds.dropFirst()).allSatisfy { $0 < $1 })
        // One count per bound plus +Inf, all zero before any observation.
        #expect(LatencyHistogram().cumulativeCounts == Array(repeating: 0, count: bounds.count + 1))
    }
}
