extension ConfigTreeReader {
    /// The keys of one rule under `alerts:`.
    static let alertRuleKeys = ["name", "window", "domain", "when", "for"]

    /// `alerts:`, a list of rules, checked against the windows, domains and SLA
    /// targets already read (so it runs after those sections).
    mutating func alertRules(_ value: ConfigValue, _ configuration: TamyrConfiguration) -> [AlertRule] {
        if value.isNull { return [] }
        guard case .sequence(let items, _) = value else {
            fail(value, "alerts", "expected a list of rules (- name: …, window: …, domain: …, when: …)")
            return []
        }
        var rules: [AlertRule] = []
        for (index, item) in items.enumerated() {
            let key = "alerts[\(index)]"
            let entries = mapping(item, key: key, allowed: Self.alertRuleKeys)
            var complete = true
            for required in ["name", "window", "domain", "when"] where entries[required] == nil {
                fail(item, "\(key).\(required)", "a value is required")
                complete = false
            }
            guard complete,
                let name = string(entries["name"]!, key: "\(key).name", allowEmpty: false),
                let window = string(entries["window"]!, key: "\(key).window", allowEmpty: false),
                let domain = string(entries["domain"]!, key: "\(key).domain", allowEmpty: false),
                let when = string(entries["when"]!, key: "\(key).when", allowEmpty: false)
            else { continue }
            var forWindows = 1
            if let v = entries["for"] {
                guard let count = integer(v, key: "\(key).for", in: 1...100_000) else { continue }
                forWindows = count
            }
            if let rule = alertRule(
                name: name, window: window, domain: domain, when: when, forWindows: forWindows,
                item: item, entries: entries, key: key, configuration)
            {
                if rules.contains(where: { $0.name == rule.name }) {
                    fail(entries["name"], "\(key).name", "rule \"\(name)\" is defined twice")
                } else {
                    rules.append(rule)
                }
            }
        }
        return rules
    }

    private mutating func alertRule(
        name: String, window: String, domain: String, when: String, forWindows: Int,
        item: ConfigValue, entries: [String: ConfigValue], key: String, _ configuration: TamyrConfiguration
    ) -> AlertRule? {
        guard Self.isRuleName(name) else {
            fail(entries["name"], "\(key).name", "\"\(name)\" is not a rule name (1-64 of a-z 0-9 _ -)")
            return nil
        }
        let windowNames = configuration.windows.all.map(\.name)
        guard windowNames.contains(window) else {
            fail(entries["window"], "\(key).window",
                 "\"\(window)\" is not a configured window (configured: \(windowNames.joined(separator: ", ")))")
            return nil
        }
        guard domain == "all" || configuration.kpi.domains.contains(domain) else {
            fail(entries["domain"], "\(key).domain",
                 "\"\(domain)\" is not in kpi.domains (\(configuration.kpi.domains.joined(separator: ", "))) nor all")
            return nil
        }
        let field: AlertField
        let comparison: AlertRule.Comparison
        let thresholdText: String
        switch AlertRule.parseCondition(when) {
        case .success(let parts): (field, comparison, thresholdText) = parts
        case .failure(let error):
            fail(entries["when"], "\(key).when", error.message)
            return nil
        }
        let threshold: Double
        if thresholdText == "sla_ms" {
            guard field.isDuration else {
                fail(entries["when"], "\(key).when", "sla_ms is in milliseconds: compare it with a duration_ms field")
                return nil
            }
            // The domain's own target, else the default: the target its events without a
            // service target are held to. `all` has the default only.
            let target = domain == "all" ? configuration.sla.defaultMillis
                : configuration.sla.domainMillis[domain] ?? configuration.sla.defaultMillis
            guard let target else {
                fail(entries["when"], "\(key).when", "sla_ms: domain \(domain) has no SLA target (sla.domains, sla.default)")
                return nil
            }
            threshold = Double(target)
        } else {
            guard let number = Double(thresholdText.filter { $0 != "_" }), number.isFinite else {
                fail(entries["when"], "\(key).when", "threshold \"\(thresholdText)\" is not a number nor sla_ms")
                return nil
            }
            threshold = number
        }
        return AlertRule(
            name: name, window: window, domain: domain, field: field, comparison: comparison,
            thresholdText: thresholdText, threshold: threshold, forWindows: forWindows)
    }

    static func isRuleName(_ name: String) -> Bool {
        let bytes = name.utf8
        return (1...64).contains(bytes.count) && bytes.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
    }
}
