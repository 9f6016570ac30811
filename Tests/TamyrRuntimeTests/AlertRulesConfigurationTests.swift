import Testing
import TamyrCore
import TamyrRuntime

/// `alerts:` as an operator writes it: good rules load with their thresholds
/// resolved; every mistake names the rule's key and says what is wrong.
struct AlertRulesConfigurationTests {
    private func load(_ yaml: String) throws(ConfigErrors) -> TamyrConfiguration {
        try ConfigurationLoader.parse(yaml: yaml, source: "test.yaml")
    }

    private func errors(_ yaml: String) -> [String] {
        do {
            _ = try load(yaml)
            return []
        } catch {
            return error.errors.map(\.description)
        }
    }

    @Test func theIssuesExampleLoads() throws {
        let configuration = try load("""
            alerts:
              - name: customs-success
                window: 5m/10s
                domain: customs
                when: success_ratio < 0.95
                for: 3
              - name: tax-latency
                window: 1m
                domain: tax
                when: duration_ms.p95 > sla_ms
            """)
        #expect(configuration.alerts.count == 2)
        let success = configuration.alerts[0]
        #expect(success.field == .successRatio && success.comparison == .less && success.threshold == 0.95)
        #expect(success.forWindows == 3 && success.topic == "alert.customs.customs-success")
        let latency = configuration.alerts[1]
        // tax's own target in the default config: 1 s.
        #expect(latency.field == .durationP95 && latency.comparison == .greater && latency.threshold == 1_000)
        #expect(latency.forWindows == 1 && latency.condition == "duration_ms.p95 > sla_ms")
    }

    @Test func operatorsWithoutSpacesAndTwoCharacterOperatorsParse() throws {
        let configuration = try load("""
            alerts:
              - {name: a, window: 1m, domain: all, when: "count<=10"}
              - {name: b, window: 1h, domain: tax, when: "rate_per_s >= 2.5"}
            """)
        #expect(configuration.alerts.map(\.comparison) == [.lessOrEqual, .greaterOrEqual])
        #expect(configuration.alerts.map(\.threshold) == [10, 2.5])
    }

    @Test(arguments: [
        ("- {name: a, window: 2m, domain: tax, when: count > 1}", "alerts[0].window", "not a configured window"),
        ("- {name: a, window: 1m, domain: health, when: count > 1}", "alerts[0].domain", "not in kpi.domains"),
        ("- {name: a, window: 1m, domain: tax, when: speed > 1}", "alerts[0].when", "unknown KPI field \"speed\""),
        ("- {name: a, window: 1m, domain: tax, when: count = 1}", "alerts[0].when", "is not FIELD OP THRESHOLD"),
        ("- {name: a, window: 1m, domain: tax, when: count > many}", "alerts[0].when", "not a number nor sla_ms"),
        ("- {name: a, window: 1m, domain: tax, when: count > sla_ms}", "alerts[0].when", "compare it with a duration_ms field"),
        ("- {name: A B, window: 1m, domain: tax, when: count > 1}", "alerts[0].name", "is not a rule name"),
        ("- {name: a, window: 1m, domain: tax, when: count > 1, for: 0}", "alerts[0].for", "out of range"),
        ("- {name: a, window: 1m, domain: tax, when: count > 1, severity: high}", "alerts[0].severity", "unknown key"),
        ("- {name: a, window: 1m, when: count > 1}", "alerts[0].domain", "a value is required"),
        ("- {name: a, window: 1m, domain: tax, when: count > 1}\n  - {name: a, window: 1h, domain: tax, when: ok > 1}",
         "alerts[1].name", "defined twice"),
        ("{name: a}", "alerts", "expected a list of rules"),
    ])
    func mistakesNameTheKey(rules: String, key: String, message: String) {
        let found = errors("alerts:\n  \(rules)\n")
        #expect(found.contains { $0.contains(key) && $0.contains(message) }, "\(found)")
    }

    @Test func slaMsNeedsATarget() {
        let found = errors("sla:\n  default: null\n  domains: {}\nalerts:\n  - {name: a, window: 1m, domain: tax, when: duration_ms.max > sla_ms}\n")
        #expect(found.contains { $0.contains("alerts[0].when") && $0.contains("domain tax has no SLA target") }, "\(found)")
    }
}
