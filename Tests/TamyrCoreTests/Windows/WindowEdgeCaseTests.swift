import Foundation
import Testing
import TamyrCore

/// Hand-computed cases at the edges of contract section 3. Times are in ms
/// from the epoch; windows are aligned to it.
struct WindowEdgeCaseTests {
    /// Tumbling 10 s, lateness 0, one domain, no breakdowns.
    private func tumbling10s(lateness: Int64 = 0, extra: (inout TamyrConfiguration) -> Void = { _ in }) -> EngineDriver {
        EngineDriver {
            $0.windows.tumbling = [WindowSpec(tumbling: 10_000)]
            $0.windows.hopping = []
            $0.windows.allowedLatenessMillis = lateness
            $0.windows.idleTimeoutMillis = 5_000
            $0.kpi.domains = ["tax"]
            $0.kpi.breakdowns = []
            extra(&$0)
        }
    }

    @Test func anEventExactlyAtABoundaryBelongsToTheWindowItStarts() {
        var driver = tumbling10s()
        driver.send(event(10_000), at: 0)   // [10 s, 20 s)
        driver.send(event(19_999), at: 1)   // same window
        driver.send(event(20_000), at: 2)   // W = 20 000 >= end 20 000: the first window closes
        let records = driver.records("kpi.tax.10s")
        #expect(records.count == 1)
        #expect(records.first?["start"] as? String == "1970-01-01T00:00:10Z")
        #expect(records.first?["end"] as? String == "1970-01-01T00:00:20Z")
        #expect(records.first?.count() == 2)
    }

    @Test func anEventExactlyAtTheWatermarkIsStillAddedToTheWindowsEndingAfterIt() {
        var driver = tumbling10s(lateness: 5_000)
        driver.send(event(27_000), at: 0)   // W = 22 000: window [10, 20) is closed, [20, 30) open
        driver.send(event(22_000), at: 1)   // ts == W: its window [20, 30) ends after W: added
        driver.send(event(19_000), at: 2)   // window [10, 20) ended at 20 000 <= W: late
        driver.send(event(45_000), at: 3)   // W = 40 000: closes [20, 30)
        let records = driver.records("kpi.tax.10s")
        #expect(records.count == 1)
        #expect(records.first?["start"] as? String == "1970-01-01T00:00:20Z")
        #expect(records.first?.count() == 2)
        #expect(driver.late["10s"] == 1)
    }

    @Test func anEventOlderThanEveryOpenWindowIsDroppedAndCountedLatePerWindowItMissed() {
        var driver = EngineDriver {
            $0.windows.tumbling = [WindowSpec(tumbling: 10_000)]
            $0.windows.hopping = [WindowSpec(hopping: 30_000, every: 10_000)]
            $0.windows.allowedLatenessMillis = 0
            $0.kpi.domains = ["tax"]
            $0.kpi.breakdowns = []
        }
        driver.send(event(100_000), at: 0)  // W = 100 000
        driver.send(event(5_000), at: 1)    // misses its 10 s window and all 3 of its 30s/10s windows
        #expect(driver.late["10s"] == 1)
        #expect(driver.late["30s/10s"] == 3)
        driver.tick(1_000_000)              // idle: everything closes
        // Only the event at 100 s was ever added: one 10 s record and three 30s/10s records.
        #expect(driver.records("kpi.tax.10s").map { $0.count() } == [1])
        #expect(driver.records("kpi.tax.30s/10s").map { $0.count() } == [1, 1, 1])
        #expect(driver.records("kpi.tax.30s/10s").map { $0["start"] as? String } == [
            "1970-01-01T00:01:20Z", "1970-01-01T00:01:30Z", "1970-01-01T00:01:40Z",
        ])
    }

    @Test func hoppingWindowsWhoseStepEqualsTheSizeBehaveAsTumbling() {
        var hopping = EngineDriver {
            $0.windows.tumbling = []
            $0.windows.hopping = [WindowSpec(hopping: 10_000, every: 10_000)]
            $0.windows.allowedLatenessMillis = 0
            $0.kpi.domains = ["tax"]
            $0.kpi.breakdowns = []
        }
        var tumbling = tumbling10s()
        for (index, ts) in [1_000, 9_999, 10_000, 25_000, 31_000, 7_000].enumerated() {
            hopping.send(event(Int64(ts)), at: Int64(index))
            tumbling.send(event(Int64(ts)), at: Int64(index))
        }
        hopping.tick(100_000)
        tumbling.tick(100_000)
        let hopped = hopping.records("kpi.tax.10s/10s").map { "\($0["start"]!) \($0.count())" }
        let tumbled = tumbling.records("kpi.tax.10s").map { "\($0["start"]!) \($0.count())" }
        #expect(hopped == tumbled)
        #expect(hopped == ["1970-01-01T00:00:00Z 2", "1970-01-01T00:00:10Z 1", "1970-01-01T00:00:20Z 1", "1970-01-01T00:00:30Z 1"])
    }

    @Test func aSingleEventIsPublishedOnceAfterTheIdleTimeout() {
        var driver = tumbling10s()
        driver.send(event(1_796_032_861_000, duration: "12.5", extra: #","amount":0.10,"applicant":"880101300123","channel":"online""#), at: 1_000)
        driver.tick(5_999)  // not yet idle for 5 s
        #expect(driver.records.isEmpty)
        // W stood at ..861 000 (lateness 0). Idle since arrival 1 000 + timeout 5 000, W moves at wall speed:
        // it reaches the window's end ..870 000 at wall time 1 000 + 5 000 + 9 000 = 15 000.
        driver.tick(14_999)
        #expect(driver.records.isEmpty)
        driver.tick(15_000)
        let record = try! #require(driver.records("kpi.tax.10s").first)
        #expect(record.count() == 1)
        #expect(record["start"] as? String == "2026-11-30T10:01:00Z")
        let durations = record["duration_ms"] as? [String: Any] ?? [:]
        for key in ["mean", "p50", "p90", "p95", "p99", "max"] {
            #expect((durations[key] as? NSNumber)?.doubleValue == 12.5, "\(key)")
        }
        #expect(record.number("amount_sum") == 0.1)
        #expect(record.number("unique_applicants") == 1)
        #expect(record.number("digital_share") == 1)
        #expect(record.number("success_ratio") == 1)
        #expect(record.number("rate_per_s") == 0.1)
        driver.tick(1_000_000)
        #expect(driver.records.count == 2)  // the domain record and kpi.all, once
    }

    @Test func watchedQuietMovesTheWatermarkAsTheClockWouldAndNothingElseDoes() {
        // The daemon counts idle time as the quiet it watched on its sockets since the last
        // message: 5 s of it and W starts to move, 14 s and W reaches 10 s past the event, as
        // 14 s on the clock would. The wall clock plays no part, so a stand-still (the
        // process stopped for an hour, say) adds nothing.
        var driver = tumbling10s()
        driver.send(event(1_796_032_861_000), at: 1_000)
        driver.tick(quietFor: 5_000)
        #expect(driver.records.isEmpty && driver.pipeline.engine.watermarkMillis == 1_796_032_861_000)
        driver.tick(quietFor: 13_999)
        #expect(driver.records.isEmpty && driver.pipeline.engine.watermarkMillis == 1_796_032_869_999)
        driver.tick(quietFor: 14_000)
        #expect(driver.records("kpi.tax.10s").first?.count() == 1)
        // A new event restarts the count: 4 s of quiet after it close nothing, at any wall time.
        driver.send(event(1_796_032_905_000), at: 3_600_000)
        driver.tick(quietFor: 4_000)
        #expect(driver.records("kpi.tax.10s").count == 1)
        #expect(driver.pipeline.engine.watermarkMillis == 1_796_032_905_000)
    }

    @Test func aStreamThatStartsMidWindowGetsThatWindowWithItsEventsOnly() {
        var driver = EngineDriver {
            $0.windows.tumbling = [WindowSpec(tumbling: 3_600_000)]
            $0.windows.hopping = []
            $0.windows.allowedLatenessMillis = 0
            $0.kpi.domains = ["tax"]
            $0.kpi.breakdowns = []
        }
        let halfPast = Int64(1_796_032_800_000) + 1_800_000  // 2026-11-30T10:30Z, mid-hour
        for offset in 0..<10 { driver.send(event(halfPast + Int64(offset) * 60_000), at: Int64(offset)) }
        driver.tick(10 * 60_000 + 10_000 + 30 * 60_000)
        let records = driver.records("kpi.tax.1h")
        #expect(records.count == 1)
        #expect(records.first?["start"] as? String == "2026-11-30T10:00:00Z")
        #expect(records.first?.count() == 10)
        #expect(records.first?.number("rate_per_s").map { abs($0 - 10.0 / 3_600) < 1e-9 } == true)
    }

    @Test func aDayLongWindowSpansMidnightAlignedToUTC() {
        var driver = EngineDriver {
            $0.windows.tumbling = [WindowSpec(tumbling: 86_400_000)]
            $0.windows.hopping = []
            $0.windows.allowedLatenessMillis = 60_000
            $0.kpi.domains = ["tax"]
            $0.kpi.breakdowns = []
        }
        let midnight = Int64(1_796_083_200_000)  // 2026-12-01T00:00Z
        driver.send(event(midnight - 1), at: 0)          // 2026-11-30
        driver.send(event(midnight), at: 1)              // 2026-12-01
        driver.send(event(midnight + 86_399_999), at: 2) // last ms of 2026-12-01
        driver.send(event(midnight + 86_400_000 + 60_000), at: 3)  // W = next midnight: closes 12-01
        let starts = driver.records("kpi.tax.1d").map { "\($0["start"]!) \($0["end"]!) \($0.count())" }
        #expect(starts == [
            "2026-11-30T00:00:00Z 2026-12-01T00:00:00Z 1",
            "2026-12-01T00:00:00Z 2026-12-02T00:00:00Z 2",
        ])
    }

    @Test func windowsSharingAStepShareSlicesAndCountOpenWindowsSeparately() {
        var driver = EngineDriver {
            $0.windows.tumbling = [WindowSpec(tumbling: 10_000)]
            $0.windows.hopping = [WindowSpec(hopping: 60_000, every: 10_000)]
            $0.windows.allowedLatenessMillis = 0
            $0.kpi.domains = ["tax"]
            $0.kpi.breakdowns = []
        }
        driver.send(event(5_000), at: 0)
        // Open: 10s [0,10); 1m/10s windows starting -50 s ... 0 s: six.
        #expect(driver.pipeline.engine.openWindows == 7)
        driver.send(event(25_000), at: 1)  // W = 25 s: 10s windows [0,10) and [10,20) closed; [20,30) open
        // 1m/10s windows starting -50 s and -40 s ended by 25 s and closed; open are those starting
        // -30 s ... 20 s (six), holding the pane [0,10) that the 10s spec no longer needs.
        #expect(driver.pipeline.engine.openWindows == 1 + 6)
        #expect(driver.records("kpi.tax.10s").map { $0.count() } == [1])
    }

    @Test func theGroupCapFoldsLaterValuesIntoOtherAndCountsThem() {
        var driver = tumbling10s { $0.kpi.breakdowns = [.service]; $0.kpi.maxGroups = 2 }
        // Arrival order of services: b, a, c, a, d, c -> b and a keep their groups; c, d fold (3 events).
        for (index, service) in ["b", "a", "c", "a", "d", "c"].enumerated() {
            driver.send(event(1_000 + Int64(index), service: service), at: Int64(index))
        }
        driver.tick(100_000)
        let groups = driver.records("kpi.tax.10s.service").map { "\(($0["group"] as? [String: Any])?["service"] ?? "?")=\($0.count())" }
        #expect(groups == ["a=2", "b=1", "other=3"])
        let domain = try! #require(driver.records("kpi.tax.10s").first)
        let top = (domain["top_services"] as? [[String: Any]] ?? []).map { "\($0["service"]!)=\($0["count"]!)" }
        #expect(top == ["other=3", "a=2", "b=1"])
        #expect(domain.count() == 6)
        #expect(driver.pipeline.engine.folded.first?.count == 3)
    }
}
