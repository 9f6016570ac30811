import Foundation
import Testing
import _TamyrTestSupport

/// Hand-computed cases for the brute-force KPI reference: if these hold, the
/// property tests that compare the engine with it compare with the contract.
struct ReferenceKPITests {
    /// 2026-11-30T10:01:00Z, on a minute boundary.
    static let t0: Int64 = 1_796_032_860_000

    static func line(
        _ ts: Int64, domain: String = "customs", service: String = "import-declaration", status: String = "ok",
        duration: String = "100", region: String? = nil, channel: String? = nil, amount: String? = nil,
        applicant: String? = nil, src: String? = nil, seq: Int64? = nil, id: String = "e"
    ) -> String {
        var fields = [
            "\"id\":\"\(id)\"", "\"ts\":\(ts)", "\"domain\":\"\(domain)\"", "\"service\":\"\(service)\"",
            "\"status\":\"\(status)\"", "\"duration_ms\":\(duration)",
        ]
        if let region { fields.append("\"region\":\"\(region)\"") }
        if let channel { fields.append("\"channel\":\"\(channel)\"") }
        if let amount { fields.append("\"amount\":\(amount)") }
        if let applicant { fields.append("\"applicant\":\"\(applicant)\"") }
        if let src { fields.append("\"src\":\"\(src)\"") }
        if let seq { fields.append("\"seq\":\(seq)") }
        return "{" + fields.joined(separator: ",") + "}"
    }

    static func config(_ windows: [ReferenceConfig.Window] = [.tumbling(10_000)], lateness: Int64 = 0) -> ReferenceConfig {
        var config = ReferenceConfig()
        config.windows = windows
        config.allowedLatenessMillis = lateness
        config.idleTimeoutMillis = 1_000
        config.domains = ["customs", "tax"]
        config.breakdowns = ["service"]
        config.slaDefaultMillis = 2_000
        config.slaDomainMillis = [:]
        config.slaServiceMillis = [:]
        return config
    }

    /// Each line arrives 1 s after its own event time, in the order given.
    static func run(_ lines: [(Int64, String)], ticks: [Int64] = [], _ config: ReferenceConfig) -> ReferenceResult {
        ReferenceKPI.run(arrivals: lines.map { (atMillis: $0.0 + 1_000, line: $0.1) }, ticks: ticks, config: config)
    }

    static func record(_ result: ReferenceResult, _ topic: String, start: Int64, _ value: String = "") -> ExpectedRecord? {
        result.recordsByKey[ExpectedRecord.Key(topic: topic, start: ReferenceTime.rfc3339(millis: start), groupValue: value)]
    }

    @Test func singleEventIsPublishedWhenTheWatermarkPassesItsWindow() throws {
        let t = Self.t0 + 5_000
        let event = Self.line(t, duration: "12.5", channel: "mobile", amount: "1500.25", applicant: "a1")
        let open = Self.run([(t, event)], Self.config())
        #expect(open.records.isEmpty)
        #expect(open.watermark == t)
        #expect(open.openWindows == 1)

        let result = Self.run([(t, event), (Self.t0 + 10_000, Self.line(Self.t0 + 10_000, domain: "tax"))], Self.config())
        #expect(result.records.map(\.topic) == ["kpi.customs.10s", "kpi.customs.10s.service", "kpi.all.10s"])
        let domain = try #require(Self.record(result, "kpi.customs.10s", start: Self.t0))
        #expect(domain.start == "2026-11-30T10:01:00Z")
        #expect(domain.end == "2026-11-30T10:01:10Z")
        #expect(domain.group == ["domain": "customs"])
        #expect((domain.count, domain.ok, domain.failed, domain.rejected) == (1, 1, 0, 0))
        #expect(domain.successRatio == 1)
        #expect(domain.ratePerSecond == Decimal(string: "0.1"))
        #expect(domain.meanMillis == Decimal(string: "12.5"))
        #expect(domain.percentileMillis(percent: 50) == Decimal(string: "12.5"))
        #expect(domain.maxMillis == Decimal(string: "12.5"))
        #expect(domain.slaRatio == 1)
        #expect(domain.slaMillis == nil)
        #expect(domain.digitalShare == 1)
        #expect(domain.amountSum == Decimal(string: "1500.25"))
        #expect(domain.amountMean == Decimal(string: "1500.25"))
        #expect(domain.uniqueApplicants == 1)
        #expect(domain.topServices == [.init(service: "import-declaration", count: 1)])
        let service = try #require(Self.record(result, "kpi.customs.10s.service", start: Self.t0, "import-declaration"))
        #expect(service.group == ["domain": "customs", "service": "import-declaration"])
        #expect(service.slaMillis == 2_000)
        #expect(service.topServices == nil)
        let all = try #require(Self.record(result, "kpi.all.10s", start: Self.t0))
        #expect(all.group == ["domain": "all"] && all.count == 1)
        #expect(result.openWindows == 1)  // the tax event's window
    }

    @Test func eventOnABoundaryBelongsToTheWindowItStarts() {
        let config = Self.config([.tumbling(10_000), .hopping(10_000, every: 5_000)])
        let at = Self.t0 + 10_000
        let result = Self.run([(at, Self.line(at)), (Self.t0 + 30_000, Self.line(Self.t0 + 30_000))], config)
        let tumbling = result.records.filter { $0.topic == "kpi.all.10s" }
        #expect(tumbling.map(\.startMillis) == [Self.t0 + 10_000])
        let hopping = result.records.filter { $0.topic == "kpi.all.10s/5s" }
        #expect(hopping.map(\.startMillis) == [Self.t0 + 5_000, Self.t0 + 10_000])
    }

    @Test func eventAtTheWatermarkIsOnTimeAndOneBelowIsLate() {
        // Lateness 2 s: after ts t0+12000, W = t0+10000 and [t0, t0+10000) is closed.
        let config = Self.config(lateness: 2_000)
        let lines = [
            (Self.t0 + 1_000, Self.line(Self.t0 + 1_000)),
            (Self.t0 + 12_000, Self.line(Self.t0 + 12_000)),
            (Self.t0 + 10_000, Self.line(Self.t0 + 10_000)),  // exactly W: window [t0+10000, t0+20000) is open
            (Self.t0 + 9_999, Self.line(Self.t0 + 9_999)),  // below W: its only window closed
        ]
        let result = ReferenceKPI.run(
            arrivals: lines.enumerated().map { (atMillis: Self.t0 + 20_000 + Int64($0.offset), line: $0.element.1) }, ticks: [],
            config: config
        )
        #expect(result.watermark == Self.t0 + 10_000)
        #expect(result.late == ["10s": 1])
        #expect(result.accepted == 4)
        #expect(Self.record(result, "kpi.all.10s", start: Self.t0)?.count == 1)
        #expect(result.openWindows == 1)
        let closed = ReferenceKPI.run(
            arrivals: lines.enumerated().map { (atMillis: Self.t0 + 20_000 + Int64($0.offset), line: $0.element.1) },
            ticks: [Self.t0 + 40_000], config: config
        )
        #expect(Self.record(closed, "kpi.all.10s", start: Self.t0 + 10_000)?.count == 2)
    }

    @Test func lateEventJoinsOnlyTheHoppingWindowsStillOpen() {
        let config = Self.config([.tumbling(10_000), .hopping(20_000, every: 10_000)])
        let lines = [(Self.t0 + 25_000, Self.line(Self.t0 + 25_000)), (Self.t0 + 5_000, Self.line(Self.t0 + 5_000))]
        // W = t0+25000 when the second arrives: [t0, t0+10000) closed (late), hopping
        // [t0-10000, t0+10000) closed (late), [t0, t0+20000) closed (late).
        let result = Self.run(lines, config)
        #expect(result.late == ["10s": 1, "20s/10s": 2])
        #expect(result.records.isEmpty)  // the windows it missed had no events of their own
        let lines2 = [(Self.t0 + 15_000, Self.line(Self.t0 + 15_000)), (Self.t0 + 5_000, Self.line(Self.t0 + 5_000))]
        // W = t0+15000: 10s [t0, t0+10000) closed; hopping [t0-10000, t0+10000) closed, [t0, t0+20000) open.
        let result2 = Self.run(lines2, ticks: [Self.t0 + 100_000], config)
        #expect(result2.late == ["10s": 1, "20s/10s": 1])
        #expect(Self.record(result2, "kpi.all.20s/10s", start: Self.t0)?.count == 2)
        #expect(Self.record(result2, "kpi.all.20s/10s", start: Self.t0 + 10_000)?.count == 1)
        #expect(Self.record(result2, "kpi.all.10s", start: Self.t0) == nil)
    }

    @Test func idleTickClosesTheLastWindow() {
        // Lateness 0, idle 1 s: the event at t0+3000 arrives at wall t0+4000; W = t0+3000.
        let lines = [(Self.t0 + 3_000, Self.line(Self.t0 + 3_000))]
        let config = Self.config()
        let quiet = Self.run(lines, ticks: [Self.t0 + 5_000, Self.t0 + 11_000], config)
        #expect(quiet.watermark == Self.t0 + 9_000)  // 7 s after the arrival, 6 s past the idle timeout
        #expect(quiet.records.isEmpty)
        let closing = Self.run(lines, ticks: [Self.t0 + 12_000], config)
        #expect(closing.watermark == Self.t0 + 10_000)
        #expect(closing.records.map(\.topic) == ["kpi.customs.10s", "kpi.customs.10s.service", "kpi.all.10s"])
        #expect(closing.openWindows == 0)
        // An event after the idle advance keeps the (higher) watermark.
        let after = Self.run(lines + [(Self.t0 + 4_000, Self.line(Self.t0 + 4_000))], ticks: [Self.t0 + 12_000], config)
        #expect(after.late == ["10s": 0])  // the tick at t0+12000 comes after the second arrival (t0+5000)
        let lateAfterIdle = ReferenceKPI.run(
            inputs: [
                .arrival(atMillis: Self.t0 + 4_000, line: Self.line(Self.t0 + 3_000)), .tick(atMillis: Self.t0 + 12_000),
                .arrival(atMillis: Self.t0 + 12_500, line: Self.line(Self.t0 + 4_000)),
            ], config: config)
        #expect(lateAfterIdle.late == ["10s": 1])
        #expect(lateAfterIdle.watermark == Self.t0 + 10_000)
    }

    @Test func hoppingWithEveryEqualToSizeIsTumblingUnderItsOwnName() {
        let config = Self.config([.tumbling(10_000), .hopping(10_000, every: 10_000)])
        #expect(config.windows.map(\.name) == ["10s", "10s/10s"])
        let result = Self.run([(Self.t0 + 9_999, Self.line(Self.t0 + 9_999))], ticks: [Self.t0 + 60_000], config)
        #expect(result.records.filter { $0.topic.hasPrefix("kpi.all.") }.map(\.topic) == ["kpi.all.10s", "kpi.all.10s/10s"])
        #expect(result.records.allSatisfy { $0.startMillis == Self.t0 && $0.endMillis == Self.t0 + 10_000 })
        #expect(ReferenceConfig.Window.hopping(300_000, every: 10_000).name == "5m/10s")
        #expect(ReferenceConfig.Window.tumbling(3_600_000).name == "1h")
        #expect(ReferenceConfig.Window.tumbling(90_000).name == "90s")
        #expect(ReferenceConfig.Window.tumbling(86_400_000 * 2).name == "2d")
    }

    @Test func groupCapFoldsLaterValuesIntoOther() {
        var config = Self.config()
        config.maxGroups = 2
        config.breakdowns = ["service", "channel"]
        let services = ["a", "b", "c", "a", "d", "other"]
        var lines = services.enumerated().map { (Self.t0 + Int64($0.offset), Self.line(Self.t0 + Int64($0.offset), service: $0.element)) }
        lines.append((Self.t0 + 10, Self.line(Self.t0 + 10, domain: "tax", service: "c", channel: "office")))
        let result = Self.run(lines, ticks: [Self.t0 + 60_000], config)
        let customs = result.records.filter { $0.topic == "kpi.customs.10s.service" }
        #expect(customs.map { $0.group["service"]! } == ["a", "b", "other"])
        #expect(customs.map(\.count) == [2, 1, 3])
        #expect(Self.record(result, "kpi.customs.10s", start: Self.t0)?.topServices == [
            .init(service: "other", count: 3), .init(service: "a", count: 2), .init(service: "b", count: 1),
        ])
        // The tax domain has its own first values; kpi.all sums the folded names.
        #expect(Self.record(result, "kpi.tax.10s.service", start: Self.t0, "c")?.count == 1)
        #expect(Self.record(result, "kpi.all.10s", start: Self.t0)?.topServices == [
            .init(service: "other", count: 3), .init(service: "a", count: 2), .init(service: "b", count: 1),
            .init(service: "c", count: 1),
        ])
        // Folded service groups take the domain's target (the service has none).
        #expect(Self.record(result, "kpi.customs.10s.service", start: Self.t0, "other")?.slaMillis == 2_000)
        #expect(result.records.filter { $0.topic == "kpi.customs.10s.channel" }.map { $0.group["channel"]! } == ["unknown"])
    }

    @Test func percentilesAreNearestRank() throws {
        let lines = (1...10).reversed().map { (Self.t0 + Int64($0), Self.line(Self.t0 + Int64($0), duration: "\($0)")) }
        let result = Self.run(lines, ticks: [Self.t0 + 60_000], Self.config())
        let all = try #require(Self.record(result, "kpi.all.10s", start: Self.t0))
        #expect(all.percentileMillis(percent: 50) == 5)
        #expect(all.percentileMillis(percent: 90) == 9)
        #expect(all.percentileMillis(percent: 95) == 10)
        #expect(all.percentileMillis(percent: 99) == 10)
        #expect(all.maxMillis == 10)
        #expect(all.meanMillis == Decimal(string: "5.5"))
        let one = Self.run([(Self.t0, Self.line(Self.t0, duration: "0.0005"))], ticks: [Self.t0 + 60_000], Self.config())
        #expect(one.records.first?.percentileMillis(percent: 99) == 0)  // 0.5 µs rounds half to even: 0
        let micro = Self.run([(Self.t0, Self.line(Self.t0, duration: "1.2345"))], ticks: [Self.t0 + 60_000], Self.config())
        #expect(micro.records.first?.maxMillis == Decimal(string: "1.234"))
    }

    @Test func slaTargetIsServiceElseDomainElseDefault() throws {
        var config = Self.config()
        config.domains = ["customs", "tax", "ecommerce"]
        config.slaDefaultMillis = 100
        config.slaDomainMillis = ["tax": 1_000]
        config.slaServiceMillis = ["tax-certificate": 300]
        let lines = [
            (Self.t0 + 1, Self.line(Self.t0 + 1, domain: "tax", service: "tax-certificate", duration: "300")),  // met (<= 300)
            (Self.t0 + 2, Self.line(Self.t0 + 2, domain: "tax", service: "tax-certificate", duration: "300.001")),  // missed
            (Self.t0 + 3, Self.line(Self.t0 + 3, domain: "tax", service: "vat", duration: "900")),  // domain 1000: met
            (Self.t0 + 4, Self.line(Self.t0 + 4, domain: "customs", service: "vat", duration: "150")),  // default 100: missed
        ]
        let result = Self.run(lines, ticks: [Self.t0 + 60_000], config)
        #expect(Self.record(result, "kpi.tax.10s", start: Self.t0)?.slaRatio == Decimal(2) / 3)
        #expect(Self.record(result, "kpi.tax.10s.service", start: Self.t0, "tax-certificate")?.slaMillis == 300)
        #expect(Self.record(result, "kpi.tax.10s.service", start: Self.t0, "vat")?.slaMillis == 1_000)
        #expect(Self.record(result, "kpi.customs.10s.service", start: Self.t0, "vat")?.slaMillis == 100)
        #expect(Self.record(result, "kpi.all.10s", start: Self.t0)?.slaRatio == Decimal(2) / 4)
        config.slaDefaultMillis = nil
        let none = Self.run(lines, ticks: [Self.t0 + 60_000], config)
        let customs = try #require(Self.record(none, "kpi.customs.10s", start: Self.t0))
        #expect(customs.slaRatio == nil)
        #expect(Self.record(none, "kpi.customs.10s.service", start: Self.t0, "vat")?.slaMillis == nil)
    }

    @Test func digitalShareCountsKnownChannelsOnly() throws {
        let channels: [String?] = ["online", "mobile", "office", nil, nil]
        let lines = channels.enumerated().map { (Self.t0 + Int64($0.offset), Self.line(Self.t0 + Int64($0.offset), channel: $0.element)) }
        let result = Self.run(lines, ticks: [Self.t0 + 60_000], Self.config())
        #expect(Self.record(result, "kpi.all.10s", start: Self.t0)?.digitalShare == Decimal(2) / 3)
        let unknown = Self.run([(Self.t0, Self.line(Self.t0))], ticks: [Self.t0 + 60_000], Self.config())
        #expect(Self.record(unknown, "kpi.all.10s", start: Self.t0)?.digitalShare == nil)
    }

    @Test func amountsAreSummedExactly() throws {
        let lines = [
            (Self.t0 + 1, Self.line(Self.t0 + 1, amount: "0.10", applicant: "x")),
            (Self.t0 + 2, Self.line(Self.t0 + 2, amount: "0.2", applicant: "x")),
            (Self.t0 + 3, Self.line(Self.t0 + 3)),
        ]
        let result = Self.run(lines, ticks: [Self.t0 + 60_000], Self.config())
        let all = try #require(Self.record(result, "kpi.all.10s", start: Self.t0))
        #expect(all.amountSum == Decimal(string: "0.30"))
        #expect(all.amountSumTiyn == 30)
        #expect(all.amountMean == Decimal(string: "0.15"))
        #expect(all.uniqueApplicants == 1)
        let none = Self.run([(Self.t0, Self.line(Self.t0))], ticks: [Self.t0 + 60_000], Self.config())
        #expect(none.records.allSatisfy { $0.amountSum == nil && $0.amountMean == nil && $0.uniqueApplicants == nil })
    }

    @Test func onlyValidNonDuplicateEventsAreAggregated() {
        let t = Self.t0
        let arrival = t + 1_000
        let cases: [(String, ReferenceVerdict?)] = [
            (#"{"id": "x""#, .rejected("malformed_json")),
            (#"[1]"#, .rejected("malformed_json")),
            (#"{"ts": 1, "ts": 2} {}"#, .rejected("malformed_json")),
            (#"{"id": "\ud800", "ts": 1}"#, .rejected("malformed_json")),
            (#"{"id": "x", "ts": NaN}"#, .rejected("malformed_json")),
            (#"{"id": "x", "ts": 01}"#, .rejected("malformed_json")),
            (Self.line(t).replacingOccurrences(of: "\"service\":\"import-declaration\",", with: ""), .rejected("missing_field")),
            (Self.line(t).replacingOccurrences(of: "\"service\":\"import-declaration\"", with: "\"service\":null"), .rejected("missing_field")),
            (Self.line(t, duration: "\"12\""), .rejected("bad_type")),
            (Self.line(t).replacingOccurrences(of: "\"ts\":\(t)", with: "\"ts\":\(t).0"), .rejected("bad_type")),
            (Self.line(t).replacingOccurrences(of: "\"ts\":\(t)", with: "\"ts\":\"2026-11-30 10:01:00Z\""), .rejected("bad_type")),
            (Self.line(t).replacingOccurrences(of: "\"ts\":\(t)", with: "\"ts\":\"2026-02-30T10:01:00Z\""), .rejected("out_of_range")),
            (Self.line(t).replacingOccurrences(of: "\"ts\":\(t)", with: "\"ts\":-1"), .rejected("out_of_range")),
            (Self.line(t, duration: "86400000.0001"), .rejected("out_of_range")),
            (Self.line(t, duration: "-1"), .rejected("out_of_range")),
            (Self.line(t, service: "Import"), .rejected("out_of_range")),
            (Self.line(t, status: "done"), .rejected("out_of_range")),
            (Self.line(t, region: "Almaty"), .rejected("out_of_range")),
            (Self.line(t, channel: "unknown"), .rejected("out_of_range")),
            (Self.line(t, amount: "1.005"), .rejected("out_of_range")),
            (Self.line(t, amount: "-0.01"), .rejected("out_of_range")),
            (Self.line(t, applicant: ""), .rejected("out_of_range")),
            (Self.line(t, domain: "health"), .rejected("unknown_domain")),
            (Self.line(arrival + 300_001), .rejected("future_ts")),
            (Self.line(t, service: "bad name", src: "p", seq: 5), .rejected("out_of_range")),  // seq 5 recorded
            (Self.line(t, src: "p", seq: 5), .duplicate),
            (Self.line(t, src: "p", seq: 4), .duplicate),
            (Self.line(arrival + 300_000, duration: "86400000.000", amount: "15e-1", src: "p", seq: 8), nil),
        ]
        var engine = ReferenceEngine(config: Self.config())
        for (line, verdict) in cases {
            engine.arrive(atMillis: arrival, payload: Array(line.utf8))
            if let verdict {
                #expect(engine.result.verdicts.last == verdict, "\(line)")
            } else if case .accepted(let event) = engine.result.verdicts.last {
                #expect(event.durationMicros == 86_400_000_000 && event.amountTiyn == 150)
            } else {
                Issue.record("\(line): \(String(describing: engine.result.verdicts.last))")
            }
        }
        #expect(engine.result.duplicates == 2)
        #expect(engine.result.accepted == 1)
        #expect(engine.result.producers["p"] == ReferenceProducer(lastSequence: 8, gaps: 2, duplicates: 2))
        #expect(engine.result.received == cases.count)
    }

    @Test func rfc3339ParsesAndFormats() {
        #expect(ReferenceTime.parseRFC3339("2026-11-30T10:01:00Z") == .millis(Self.t0))
        #expect(ReferenceTime.parseRFC3339("2026-11-30t15:01:00.123456789+05:00") == .millis(Self.t0 + 123))
        #expect(ReferenceTime.parseRFC3339("2026-11-30T10:00:60z") == .millis(Self.t0))
        #expect(ReferenceTime.parseRFC3339("1969-12-31T23:00:00-01:00") == .millis(0))
        #expect(ReferenceTime.parseRFC3339("2026-11-30T24:00:00Z") == .impossible)
        #expect(ReferenceTime.parseRFC3339("2026-11-30T10:00:00+24:00") == .impossible)
        #expect(ReferenceTime.parseRFC3339("2024-02-29T00:00:00Z") == .millis(1_709_164_800_000))
        #expect(ReferenceTime.parseRFC3339("2026-11-30T10:00:00.Z") == .badShape)
        #expect(ReferenceTime.parseRFC3339("2026-11-30T10:00:00") == .badShape)
        #expect(ReferenceTime.rfc3339(millis: Self.t0 + 123) == "2026-11-30T10:01:00.123Z")
        #expect(ReferenceTime.rfc3339(millis: 0) == "1970-01-01T00:00:00Z")
        #expect(ReferenceTime.rfc3339(millis: -10_000) == "1969-12-31T23:59:50Z")
        #expect(ReferenceTime.rfc3339(millis: 253_402_300_799_999) == "9999-12-31T23:59:59.999Z")
    }

    @Test func compareAcceptsFaithfulRecordsAndReportsEachDeparture() throws {
        var config = Self.config([.tumbling(10_000), .hopping(20_000, every: 10_000)])
        config.breakdowns = ["service", "region", "channel"]
        let lines = (0..<40).map { i -> (Int64, String) in
            let ts = Self.t0 + Int64(i * 700)
            return (
                ts,
                Self.line(
                    ts, domain: i % 3 == 0 ? "tax" : "customs", service: ["a", "b", "c"][i % 3], status: i % 7 == 0 ? "failed" : "ok",
                    duration: "\(i * 37 % 500).\(i % 10)", region: i % 4 == 0 ? nil : "KZ-ALA", channel: i % 5 == 0 ? nil : "online",
                    amount: i % 2 == 0 ? "\(i).0\(i % 10)" : nil, applicant: "app-\(i % 6)"
                )
            )
        }
        let result = Self.run(lines, ticks: [Self.t0 + 120_000], config)
        #expect(result.records.count > 20)
        let faithful = result.records.map { (topic: $0.topic, payload: Array(RecordRendering.json($0).utf8)) }
        #expect(ReferenceKPI.compare(publishedPayloads: faithful, expected: result) == [])
        let decoded = try faithful.map {
            (topic: $0.topic, json: try JSONSerialization.jsonObject(with: Data($0.payload)) as! [String: Any])
        }
        #expect(ReferenceKPI.compare(published: decoded, expected: result) == [])

        // One departure each: a missing record, an extra one, a count, a p99 2% off, amount text.
        var broken = faithful
        broken.removeFirst()
        broken.append((topic: "kpi.tax.10s", payload: Array(RecordRendering.json(result.records[0], startShift: 3_600_000).utf8)))
        let target = try #require(faithful.firstIndex { $0.topic == "kpi.all.10s" })
        let count = result.records[target].count
        broken[target - 1].payload = Array(
            RecordRendering.json(result.records[target]).replacingOccurrences(of: "\"count\":\(count),", with: "\"count\":\(count + 1),").utf8
        )
        let problems = ReferenceKPI.compare(publishedPayloads: broken, expected: result)
        #expect(problems.count == 3, "\(problems)")
        #expect(problems.contains { $0.contains("missing") })
        #expect(problems.contains { $0.contains("unexpected record") })
        #expect(problems.contains { $0.contains("count: published") })

        let withAmount = try #require(result.records.firstIndex { $0.amountSum != nil })
        let text = RecordRendering.json(result.records[withAmount])
        let sum = result.records[withAmount].amountSum!
        var mangled = faithful
        mangled[withAmount].payload = Array(
            text.replacingOccurrences(
                of: "\"amount_sum\":\(RecordRendering.fixed(sum, 2))", with: "\"amount_sum\":\(RecordRendering.fixed(sum, 3))"
            ).utf8
        )
        let amountProblems = ReferenceKPI.compare(publishedPayloads: mangled, expected: result)
        #expect(amountProblems.count == 1 && amountProblems[0].contains("exactly 2 decimals"), "\(amountProblems)")
        let p99 = result.records[withAmount].percentileMillis(percent: 99)
        #expect(p99 > 0)
        mangled = faithful
        mangled[withAmount].payload = Array(
            text.replacingOccurrences(of: "\"p99\":\(p99)", with: "\"p99\":\(p99 * Decimal(string: "1.02")!)").utf8
        )
        let percentileProblems = ReferenceKPI.compare(publishedPayloads: mangled, expected: result)
        #expect(percentileProblems.count == 1 && percentileProblems[0].contains("p99"), "\(percentileProblems)")
        // Within tolerance: p99 0.5% off, a ratio printed with 6 digits, the mean as a double.
        mangled = faithful
        mangled[withAmount].payload = Array(
            text.replacingOccurrences(of: "\"p99\":\(p99)", with: "\"p99\":\(p99 * Decimal(string: "1.005")!)").utf8
        )
        #expect(ReferenceKPI.compare(publishedPayloads: mangled, expected: result) == [])
    }
}

/// Renders an expected record as tamyrd would publish it (ratios to 6
/// significant digits, amounts with 2 decimals), to test `compare` itself.
enum RecordRendering {
    static func fixed(_ value: Decimal, _ places: Int) -> String {
        var input = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &input, places, .plain)
        let text = "\(rounded)"
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        return "\(parts[0]).\(fraction)\(String(repeating: "0", count: places - fraction.count))"
    }

    static func significant(_ value: Decimal) -> String {
        String(format: "%.6g", NSDecimalNumber(decimal: value).doubleValue)
    }

    static func json(_ record: ExpectedRecord, startShift: Int64 = 0) -> String {
        var fields = [
            "\"v\":1", "\"window\":\"\(record.window)\"",
            "\"start\":\"\(ReferenceTime.rfc3339(millis: record.startMillis + startShift))\"",
            "\"end\":\"\(ReferenceTime.rfc3339(millis: record.endMillis + startShift))\"",
            "\"group\":{" + record.group.keys.sorted().map { "\"\($0)\":\"\(record.group[$0]!)\"" }.joined(separator: ",") + "}",
            "\"count\":\(record.count)", "\"ok\":\(record.ok)", "\"failed\":\(record.failed)", "\"rejected\":\(record.rejected)",
            "\"success_ratio\":\(significant(record.successRatio))", "\"rate_per_s\":\(significant(record.ratePerSecond))",
            "\"duration_ms\":{\"mean\":\(record.meanMillis),"
                + [50, 90, 95, 99].map { "\"p\($0)\":\(record.percentileMillis(percent: $0))" }.joined(separator: ",")
                + ",\"max\":\(record.maxMillis)}",
        ]
        if let sla = record.slaMillis { fields.append("\"sla_ms\":\(sla)") }
        if let ratio = record.slaRatio { fields.append("\"sla_ratio\":\(significant(ratio))") }
        if let share = record.digitalShare { fields.append("\"digital_share\":\(significant(share))") }
        if let sum = record.amountSum { fields.append("\"amount_sum\":\(fixed(sum, 2))") }
        if let mean = record.amountMean { fields.append("\"amount_mean\":\(fixed(mean, 2))") }
        if let unique = record.uniqueApplicants { fields.append("\"unique_applicants\":\(unique)") }
        if let top = record.topServices {
            fields.append(
                "\"top_services\":[" + top.map { "{\"service\":\"\($0.service)\",\"count\":\($0.count)}" }.joined(separator: ",") + "]"
            )
        }
        return "{" + fields.joined(separator: ",") + "}"
    }
}
