import Foundation
import Testing
import TamyrCore
import TamyrWorkload
import _TamyrTestSupport

/// Alert rules evaluated by the engine against the same rules evaluated, by a
/// separate state machine written here, over the brute-force reference's
/// records (exact arithmetic, no code shared with the engine): the same
/// firing and resolved transitions at the same windows, with the same values.
struct AlertReferenceTests {
    /// Fields whose engine value is exact (the quantiles come from a sketch, so a
    /// threshold between two windows' exact values could fall inside its error).
    static let exactFields: [AlertField] = [
        .count, .ok, .failed, .successRatio, .ratePerSecond, .durationMean, .durationMax, .slaRatio, .digitalShare,
        .amountSum,
    ]

    @Test(arguments: 0..<16)
    func transitionsMatchTheReference(seed: Int) throws {
        var scenario = RandomScenario(seed: seed)
        let plain = ReferenceKPI.run(arrivals: scenario.arrivals, ticks: scenario.ticks, config: scenario.reference)
        var random = SeededGenerator(seed: UInt64(seed) &+ 991)
        // Thresholds between two of the reference's own values, near their median, so that
        // rules fire and resolve, and no value equals a threshold.
        var rules: [AlertRule] = []
        for (index, window) in scenario.configuration.windows.all.enumerated() {
            for domain in ["tax", "customs", "ecommerce", "all"] {
                let field = Self.exactFields[Int(random.below(UInt64(Self.exactFields.count)))]
                let values = Set(
                    Self.windows(of: window, domain: domain, in: plain).compactMap { $0.record.flatMap { Self.value(field, $0) } }
                ).sorted()
                guard values.count >= 2 else { continue }
                let middle = values.count / 2
                let threshold = (values[middle - 1] + values[middle]) / 2
                let comparison = AlertRule.Comparison.allCases[Int(random.below(4))]
                rules.append(AlertRule(
                    name: "r\(index)-\(domain)", window: window.name, domain: domain, field: field, comparison: comparison,
                    thresholdText: "\(threshold)", threshold: NSDecimalNumber(decimal: threshold).doubleValue,
                    forWindows: 1 + Int(random.below(3))))
            }
        }
        try #require(!rules.isEmpty)
        scenario.configuration.alerts = rules

        var engine = EngineDriver(futureSkewMillis: 300_000) { $0 = scenario.configuration }
        for step in scenario.steps { RandomScenario.apply(step, to: &engine) }

        var expectedCount = 0
        for rule in rules {
            let window = scenario.configuration.windows.all.first { $0.name == rule.window }!
            let expected = Self.expectedTransitions(rule, window: window, plain)
            expectedCount += expected.count
            let published = engine.records(rule.topic).map { record in
                Transition(
                    state: record["state"] as! String, start: record["start"] as! String,
                    value: (record["value"] as! NSNumber).doubleValue)
            }
            #expect(published.map(\.state) == expected.map(\.state), "seed \(seed) \(rule.condition) on \(rule.domain) \(rule.window)")
            #expect(published.map(\.start) == expected.map(\.start), "seed \(seed) \(rule.name)")
            for (got, want) in zip(published, expected) {
                #expect(abs(got.value - want.value) <= 1e-6 * max(1, abs(want.value)), "seed \(seed) \(rule.name) \(want.start)")
            }
        }
        // Every other record is exactly what an engine without rules publishes.
        let kpi = engine.payloads.filter { !$0.topic.hasPrefix("alert.") }
        #expect(ReferenceKPI.compare(publishedPayloads: kpi, expected: plain).isEmpty, "seed \(seed)")
        _ = expectedCount
    }

    @Test func theRandomRulesFireAndResolve() throws {
        // The test above must see transitions of both kinds, or it proves little.
        var states: Set<String> = []
        for seed in 0..<16 {
            let scenario = RandomScenario(seed: seed)
            let plain = ReferenceKPI.run(arrivals: scenario.arrivals, ticks: scenario.ticks, config: scenario.reference)
            let window = scenario.configuration.windows.all[0]
            let values = Self.windows(of: window, domain: "all", in: plain).compactMap { $0.record.map { Self.value(.count, $0)! } }.sorted()
            let rule = AlertRule(
                name: "c", window: window.name, domain: "all", field: .count, comparison: .greater,
                thresholdText: "", threshold: NSDecimalNumber(decimal: values[values.count / 2]).doubleValue - 0.5,
                forWindows: 1)
            for transition in Self.expectedTransitions(rule, window: window, plain) { states.insert(transition.state) }
        }
        #expect(states == ["firing", "resolved"])
    }

    struct Transition: Equatable {
        var state: String
        var start: String
        var value: Double
    }

    /// Every window of `window` that the engine evaluates, with the reference's
    /// record for `domain` in it (nil: the domain had no event there): from the
    /// first window that held any event through the last one the final watermark closed.
    static func windows(
        of window: WindowSpec, domain: String, in result: ReferenceResult
    ) -> [(k: Int64, start: String, record: ExpectedRecord?)] {
        let topic = "kpi.\(domain).\(window.name)"
        let all = result.records.filter { $0.topic == "kpi.all.\(window.name)" }
        guard let first = all.map(\.startMillis).min(), let watermark = result.watermark else { return [] }
        let byStart = Dictionary(result.records.filter { $0.topic == topic }.map { ($0.startMillis, $0) }) { a, _ in a }
        let step = window.everyMillis
        let last = Int64((Double(watermark - window.sizeMillis) / Double(step)).rounded(.down))
        return (first / step...max(first / step, last)).map { k in
            (k, ReferenceTime.rfc3339(millis: k * step), byStart[k * step])
        }
    }

    /// The value of `field` in a reference record, exactly; a window without
    /// events has counts and rate 0 and nothing else.
    static func value(_ field: AlertField, _ record: ExpectedRecord?) -> Decimal? {
        guard let r = record else {
            return [.count, .ok, .failed, .rejected, .ratePerSecond].contains(field) ? 0 : nil
        }
        switch field {
        case .count: return Decimal(r.count)
        case .ok: return Decimal(r.ok)
        case .failed: return Decimal(r.failed)
        case .rejected: return Decimal(r.rejected)
        case .successRatio: return r.successRatio
        case .ratePerSecond: return r.ratePerSecond
        case .durationMean: return r.meanMillis
        case .durationMax: return r.maxMillis
        case .slaRatio: return r.slaWithTarget > 0 ? Decimal(r.slaMet) / Decimal(r.slaWithTarget) : nil
        case .digitalShare: return r.channelKnown > 0 ? Decimal(r.digital) / Decimal(r.channelKnown) : nil
        case .amountSum: return r.amountCount > 0 ? r.amountSumTiyn / 100 : nil
        default: return nil
        }
    }

    /// A state machine of its own: `for` consecutive windows meeting the condition
    /// fire; the first evaluated window not meeting it resolves; absent values skip.
    static func expectedTransitions(_ rule: AlertRule, window: WindowSpec, _ result: ReferenceResult) -> [Transition] {
        var streak = 0
        var firing = false
        var transitions: [Transition] = []
        let threshold = Decimal(string: "\(rule.threshold)")!
        for (_, start, record) in windows(of: window, domain: rule.domain, in: result) {
            guard let value = value(rule.field, record) else { continue }
            let met: Bool
            switch rule.comparison {
            case .less: met = value < threshold
            case .lessOrEqual: met = value <= threshold
            case .greater: met = value > threshold
            case .greaterOrEqual: met = value >= threshold
            }
            if met {
                streak += 1
                if !firing && streak >= rule.forWindows {
                    firing = true
                    transitions.append(Transition(state: "firing", start: start, value: NSDecimalNumber(decimal: value).doubleValue))
                }
            } else {
                streak = 0
                if firing {
                    firing = false
                    transitions.append(Transition(state: "resolved", start: start, value: NSDecimalNumber(decimal: value).doubleValue))
                }
            }
        }
        return transitions
    }
}
