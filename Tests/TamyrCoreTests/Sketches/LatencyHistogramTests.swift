import Testing
import TamyrCore

/// The fixed-bucket histogram `/metrics` exports: every observation lands in the first
/// bucket whose upper bound is at or above it (`le`), and the count and sum are exact.
struct LatencyHistogramTests {
    @Test func countsEachObservationInItsBucketAndKeepsTheSum() {
        var histogram = LatencyHistogram(upperBoundsMicros: [10, 100, 1_000])
        let observations: [Int64] = [0, 10, 11, 100, 101, 999, 1_000, 1_001, 50_000, -5]
        for micros in observations { histogram.record(micros: micros) }
        // Computed independently: for each bound, how many observations are at or below it.
        let clamped = observations.map { max($0, 0) }
        let expected = [10, 100, 1_000].map { bound in UInt64(clamped.filter { $0 <= bound }.count) } + [UInt64(clamped.count)]
        #expect(histogram.cumulativeCounts == expected)
        #expect(histogram.cumulativeCounts == [3, 5, 8, 10])
        #expect(histogram.count == 10)
        #expect(histogram.sumMicros == clamped.reduce(0, +))
    }

    @Test func thePublicationBoundsAscendFromHalfAMillisecondToTenSeconds() {
        let bounds = LatencyHistogram.publicationBoundsMicros
        #expect(bounds.first == 500 && bounds.last == 10_000_000)
        #expect(zip(bounds, bounds.dropFirst()).allSatisfy { $0 < $1 })
        let empty = LatencyHistogram(upperBoundsMicros: bounds)
        #expect(empty.cumulativeCounts == Array(repeating: 0, count: bounds.count + 1))
    }
}
