/// One alert rule of the configuration (`alerts:`), validated: a KPI field of
/// one domain's records (or `all`) in one window, compared with a threshold,
/// firing after `forWindows` consecutive windows that meet the condition.
package struct AlertRule: Sendable, Equatable {
    package enum Comparison: String, Sendable, CaseIterable {
        case lessOrEqual = "<="
        case greaterOrEqual = ">="
        case less = "<"
        case greater = ">"

        package func holds(_ value: Double, _ threshold: Double) -> Bool {
            switch self {
            case .less: value < threshold
            case .lessOrEqual: value <= threshold
            case .greater: value > threshold
            case .greaterOrEqual: value >= threshold
            }
        }
    }

    /// Unique among the rules; part of the topic `alert.<domain>.<name>`.
    package var name: String
    /// A configured window's name (`1m`, `5m/10s`).
    package var window: String
    /// A configured domain, or `all` for the all-domain records.
    package var domain: String
    package var field: AlertField
    package var comparison: Comparison
    /// The threshold as written: a number, or `sla_ms`.
    package var thresholdText: String
    /// The threshold in the field's unit (`sla_ms` resolved to the domain's target in milliseconds).
    package var threshold: Double
    /// Consecutive windows meeting the condition before the rule fires (at least 1).
    package var forWindows: Int

    package init(
        name: String, window: String, domain: String, field: AlertField, comparison: Comparison,
        thresholdText: String, threshold: Double, forWindows: Int
    ) {
        self.name = name
        self.window = window
        self.domain = domain
        self.field = field
        self.comparison = comparison
        self.thresholdText = thresholdText
        self.threshold = threshold
        self.forWindows = forWindows
    }

    /// The condition as the alert records print it: `success_ratio < 0.95`.
    package var condition: String { "\(field.rawValue) \(comparison.rawValue) \(thresholdText)" }

    /// The topic of this rule's records.
    package var topic: String { "alert.\(domain).\(name)" }

    /// What identifies the rule's meaning: a rule whose identity is unchanged by a
    /// reload (or across a restart) keeps its state; any other starts afresh.
    package var identity: String {
        "\(name)|\(window)|\(domain)|\(field.rawValue)|\(comparison.rawValue)|\(threshold)|\(forWindows)"
    }

    /// Splits `when` text into field, comparison and threshold text, or says what is wrong.
    package static func parseCondition(_ text: String) -> Result<(AlertField, Comparison, String), ConditionError> {
        // At the first operator character; the two-character operators are tried first there,
        // so `<=` is not read as `<` followed by `=…`.
        for index in text.indices {
            guard let comparison = Comparison.allCases.first(where: { text[index...].hasPrefix($0.rawValue) }) else { continue }
            let end = text.index(index, offsetBy: comparison.rawValue.count)
            let left = text[..<index].trimmingSpaces
            let right = text[end...].trimmingSpaces
            guard let field = AlertField(rawValue: left) else {
                return .failure(.init(message: "unknown KPI field \"\(left)\" (known: "
                    + AlertField.allCases.map(\.rawValue).joined(separator: ", ") + ")"))
            }
            guard !right.isEmpty else { return .failure(.init(message: "no threshold after \(comparison.rawValue)")) }
            return .success((field, comparison, right))
        }
        return .failure(.init(message: "\"\(text)\" is not FIELD OP THRESHOLD with OP one of <, <=, >, >="))
    }

    package struct ConditionError: Error, Sendable {
        package var message: String
    }
}

extension Substring {
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
