import Foundation
import Testing
import TamyrCore

/// Hand-made cases of alert evaluation in the engine, each with its expected
/// transitions worked out by hand: streaks, empty windows, a restart between
/// two windows, and a reload of rules and SLA targets.
struct AlertEngineTests {
    static let t0: Int64 = 1_796_032_800_000  // a whole minute

    static func rule(_ name: String, _ domain: String, _ field: AlertField, _ comparison: AlertRule.Comparison,
                     _ threshold: Double, for windows: Int = 1) -> AlertRule {
        AlertRule(name: name, window: "10s", domain: domain, field: field, comparison: comparison,
                  thresholdText: "\(threshold)", threshold: threshold, forWindows: windows)
    }

    static func driver(_ rules: [AlertRule]) -> EngineDriver {
        EngineDriver { configuration in
            configuration.windows.tumbling = [WindowSpec(tumbling: 10_000)]
            configuration.windows.hopping = []
            configuration.windows.allowedLatenessMillis = 0
            configuration.alerts = rules
        }
    }

    /// Sends `failed` failed and `ok` ok tax events in window `w` (10 s windows from t0).
    static func fill(_ driver: inout EngineDriver, window w: Int64, failed: Int, ok: Int = 1) {
        let at = t0 + w * 10_000 + 1_000
        for i in 0..<(failed + ok) {
            driver.send(event(at + Int64(i), domain: "tax", status: i < failed ? "failed" : "ok"), at: at)
        }
    }

    static func transitions(_ driver: EngineDriver, _ topic: String) -> [String] {
        driver.records(topic).map { "\($0["state"]!) \(($0["start"] as! String).dropFirst(14).prefix(5))" }
    }

    @Test func aStreakFiresAndTheFirstMissResolves() {
        var driver = Self.driver([Self.rule("failing", "tax", .failed, .greaterOrEqual, 2, for: 2)])
        Self.fill(&driver, window: 0, failed: 2)
        Self.fill(&driver, window: 1, failed: 3)
        Self.fill(&driver, window: 2, failed: 0)
        Self.fill(&driver, window: 3, failed: 2)
        Self.fill(&driver, window: 4, failed: 5)
        Self.fill(&driver, window: 5, failed: 0)
        // Window 0 starts at 00:00; windows 0-1 meet it (fires at 1), 2 misses, 3-4 meet (fires at 4).
        #expect(Self.transitions(driver, "alert.tax.failing") == ["firing 00:10", "resolved 00:20", "firing 00:40"])
        let record = driver.records("alert.tax.failing")[0]
        #expect(record["value"] as? Int == 3 && record["for"] as? Int == 2 && record["when"] as? String == "failed >= 2.0")
    }

    @Test func emptyWindowsCountAsZeroAndSilenceFires() {
        var driver = Self.driver([
            Self.rule("quiet-tax", "tax", .count, .less, 1, for: 3),
            Self.rule("quiet-customs", "customs", .count, .less, 1, for: 2),
            Self.rule("slow", "tax", .durationMean, .greater, 50),
        ])
        Self.fill(&driver, window: 0, failed: 0, ok: 3)
        // Windows 1-6 have no event at all; window 7 has tax events again.
        Self.fill(&driver, window: 7, failed: 0, ok: 2)
        driver.tick(Self.t0 + 9 * 10_000)
        // tax: windows 1, 2, 3 are empty: fires at 3 (00:30); window 7 resolves it.
        #expect(Self.transitions(driver, "alert.tax.quiet-tax") == ["firing 00:30", "resolved 01:10"])
        // customs never sent: windows 0 and 1 are its first two empty ones.
        #expect(Self.transitions(driver, "alert.customs.quiet-customs") == ["firing 00:10"])
        // The mean of empty windows is absent: they neither fire nor resolve `slow` (100 ms events).
        #expect(Self.transitions(driver, "alert.tax.slow") == ["firing 00:00"])
    }

    @Test func aRestartCarriesStreaksAndFiringStates() throws {
        let rules = [Self.rule("failing", "tax", .failed, .greaterOrEqual, 1, for: 2), Self.rule("any", "all", .count, .greater, 0)]
        var straight = Self.driver(rules)
        var restarted = Self.driver(rules)
        for w in Int64(0)..<6 {
            Self.fill(&straight, window: w, failed: w == 3 ? 0 : 1)
            Self.fill(&restarted, window: w, failed: w == 3 ? 0 : 1)
            if w == 0 || w == 2 || w == 4 {
                // Before any window closed, while firing (window 1 closed at window 2's first
                // event), and mid-streak (window 4 open, one window into its streak).
                let bytes = restarted.checkpoint(at: Self.t0 + w * 10_000 + 5_000)
                try restarted.restart(from: bytes, at: Self.t0 + w * 10_000 + 5_000)
            }
        }
        straight.tick(Self.t0 + 70_000)
        restarted.tick(Self.t0 + 70_000)
        #expect(Self.transitions(straight, "alert.tax.failing") == ["firing 00:10", "resolved 00:30", "firing 00:50"])
        #expect(Self.transitions(restarted, "alert.tax.failing") == Self.transitions(straight, "alert.tax.failing"))
        #expect(Self.transitions(restarted, "alert.all.any") == ["firing 00:00"])
    }

    @Test func aReloadKeepsUnchangedRulesAndAppliesNewTargetsToLaterEvents() {
        let kept = Self.rule("any", "all", .count, .greater, 0)
        var driver = Self.driver([kept, Self.rule("gone", "tax", .count, .greater, 0)])
        let at = Self.t0 + 1_000
        // 100 ms events against tax's 1 s target, then against 50 ms after the reload.
        driver.send(event(at, domain: "tax"), at: at)
        var reloaded = driver.configuration
        reloaded.sla.domainMillis["tax"] = 50
        reloaded.alerts = [kept, Self.rule("new", "tax", .slaRatio, .less, 0.9)]
        driver.pipeline.engine.applyLive(reloaded)
        driver.send(event(at + 1, domain: "tax"), at: at)
        driver.send(event(at + 2, domain: "tax"), at: at)
        driver.tick(Self.t0 + 20_000)
        let window = driver.records("kpi.tax.10s")[0]
        // One of three events met its target (the one before the reload).
        #expect((window["sla_ratio"] as! NSNumber).doubleValue == (1.0 / 3.0 * 1e6).rounded() / 1e6)
        #expect(Self.transitions(driver, "alert.all.any") == ["firing 00:00"])
        #expect(Self.transitions(driver, "alert.tax.gone").isEmpty)
        #expect(Self.transitions(driver, "alert.tax.new") == ["firing 00:00"])
    }
}
