@testable import TamyrCore
import Foundation
import Testing

/// Ended panes and blocks keep their HyperLogLogs packed (`DistinctCounter.compact()`), take
/// late events into the packed registers and are merged into windows from them. Through the
/// real decoder and engine, with thousands of distinct applicants per pane (HyperLogLog mode)
/// and a stream of disordered events reaching ended panes, every window's `unique_applicants`
/// must be exactly the estimate of one HyperLogLog fed the applicants of the events the window
/// took (the registers depend only on the set of hashes, so packing must change nothing).
@Suite("Windows merged from packed panes count what a plain HyperLogLog counts")
struct PackedPaneTests {
    static let t0: Int64 = 1_796_032_860_000
    static let hasher = ApplicantHasher(key0: 1, key1: 2)

    static func line(ts: Int64, applicant: String) -> String {
        #"{"id":"e","ts":\#(ts),"domain":"customs","service":"import-declaration","status":"ok","duration_ms":100,"applicant":"\#(applicant)"}"#
    }

    @Test func everyWindowEstimatesAsOneHyperLogLogOfItsApplicants() throws {
        // 1m/10s: windows merged from partials and blocks of ended panes (6 panes: none; so
        // 5m/10s too, 30 panes in blocks of 5); 30s tumbling from the same 10 s panes.
        let windows: [(name: String, size: Int64, every: Int64)] = [("1m/10s", 60_000, 10_000), ("5m/10s", 300_000, 10_000), ("30s", 30_000, 30_000)]
        var driver = EngineDriver { configuration in
            configuration.windows.tumbling = [WindowSpec(tumbling: 30_000)]
            configuration.windows.hopping = [WindowSpec(hopping: 60_000, every: 10_000), WindowSpec(hopping: 300_000, every: 10_000)]
            configuration.windows.allowedLatenessMillis = 0
            configuration.windows.idleTimeoutMillis = 3_600_000
            configuration.kpi.breakdowns = []
        }
        // The reference: per window (name, start), the sketch of the applicants it took.
        var expected: [Int64: HyperLogLog] = [:]
        func key(_ window: Int, _ start: Int64) -> Int64 { start * 4 + Int64(window) }
        var watermark = Int64.min
        var packedSeen = 0
        var lateSent = 0
        func send(_ ts: Int64, _ applicant: String, at arrival: Int64) {
            driver.send(Self.line(ts: ts, applicant: applicant), at: arrival)
            let hash = Array(applicant.utf8).withUnsafeBytes { Self.hasher.hash($0) }
            for (index, window) in windows.enumerated() {
                var start = ts - ((ts % window.every) + window.every) % window.every
                while start > ts - window.size {
                    // Added when the window was still open as the event arrived (contract 3).
                    if start + window.size > watermark { expected[key(index, start), default: HyperLogLog()].insert(hash) }
                    start -= window.every
                }
            }
            watermark = max(watermark, ts)
        }
        // 360 s of events, 700 per second in order (7,000 distinct per 10 s pane), and one in
        // ten of them followed by an event 12-40 s older (an ended pane of open windows).
        var random = SketchRandom(seed: 5)
        for index in 0 ..< 252_000 {
            let ts = Self.t0 + Int64(index) * 10 / 7
            send(ts, "a\(index % 200_000)", at: ts)
            if index % 10 == 0 && index > 28_000 {
                send(ts - 12_000 - Int64(random.next() % 28_000), "late\(random.next() % 50_000)", at: ts)
                lateSent += 1
            }
            if index % 30_000 == 29_999 {
                driver.pipeline.engine.prepareAfterClose()
                driver.pipeline.engine.classes[0].panes.forEach { pane in
                    packedSeen += pane.accumulators.prefix(pane.keys.count).filter { $0.applicants.packed != nil }.count
                }
            }
        }
        driver.tick(Self.t0 + 10_000_000)
        #expect(packedSeen > 100, "ended panes were packed")

        var checked = 0
        for (topic, record) in driver.records where topic.hasPrefix("kpi.customs.") {
            let name = String(topic.dropFirst("kpi.customs.".count))
            let window = try #require(windows.firstIndex { $0.name == name }, "\(topic)")
            let start = try #require(record["start"] as? String)
            let startMillis = Int64(try #require(ISO8601DateFormatter().date(from: start)).timeIntervalSince1970 * 1_000)
            let sketch = try #require(expected[key(window, startMillis)], "\(name) \(start)")
            let want = max(UInt64(sketch.estimate.rounded()), UInt64(DistinctCounter.exactLimit + 1))
            let got = (record["unique_applicants"] as? NSNumber)?.uint64Value
            #expect(got == want, "\(name) \(start)")
            checked += 1
        }
        #expect(checked == expected.count && checked > 60)
        #expect(lateSent > 20_000)
    }
}
