/// The alert rules and where each stands: evaluated by the window engine on
/// every window it closes, in event time, so a replayed stream raises the same
/// alerts at the same windows.
///
/// A rule's condition is evaluated once per closed window of its window spec,
/// on its domain's record (or the all-domain record). A window in which the
/// domain had no event counts as an empty one: `count`, `ok`, `failed`,
/// `rejected` and `rate_per_s` are 0 there and every other field is absent. A
/// window whose field is absent leaves the rule as it was. The rule fires after
/// `for` consecutive windows that meet the condition and resolves at the first
/// window that does not; a record is published only on those two changes.
package struct AlertBook: Sendable {
    /// Where one rule stands.
    package struct State: Sendable, Equatable {
        /// Consecutive evaluated windows that met the condition, up to the last one.
        package var streak: Int = 0
        package var firing = false

        package init(streak: Int = 0, firing: Bool = false) {
            self.streak = streak
            self.firing = firing
        }
    }

    package private(set) var rules: [AlertRule]
    package internal(set) var states: [State]
    /// Per window spec: the index of the last window evaluated (closed), nil
    /// before the first window of the spec with events closed.
    package internal(set) var lastWindow: [Int64?]
    /// Per rule: its window's index in the engine's window list, and its
    /// domain's index in the configured domains (-1 for `all`).
    private var specOfRule: [Int]
    private var domainOfRule: [Int]
    private let windows: [WindowSpec]
    private let domains: [String]
    private var json = JSONWriter(capacity: 512)

    /// `rules` must name windows among `windows` and domains among `domains`
    /// or `all`, as the configuration's validation guarantees; a rule that does
    /// not is never evaluated.
    package init(rules: [AlertRule], windows: [WindowSpec], domains: [String]) {
        self.windows = windows
        self.domains = domains
        self.rules = []
        states = []
        lastWindow = Array(repeating: nil, count: windows.count)
        specOfRule = []
        domainOfRule = []
        replaceRules(rules)
    }

    package var isEmpty: Bool { rules.isEmpty }

    /// Takes a new rule set (a reload): a rule whose ``AlertRule/identity`` is
    /// unchanged keeps its state; new and changed rules start afresh, and removed
    /// ones are dropped without a record.
    package mutating func replaceRules(_ newRules: [AlertRule]) {
        var kept: [String: State] = [:]
        for (rule, state) in zip(rules, states) { kept[rule.identity] = state }
        rules = newRules
        states = newRules.map { kept[$0.identity] ?? State() }
        let names = windows.map(\.name)
        specOfRule = newRules.map { names.firstIndex(of: $0.window) ?? -2 }
        domainOfRule = newRules.map { $0.domain == "all" ? -1 : domains.firstIndex(of: $0.domain) ?? -2 }
    }

    /// Window `k` of spec `spec` closed with events; `accumulators(domain)` gives
    /// each domain's (-1: all domains'; nil: none). Windows of the spec skipped
    /// since the last one closed held no event: they are evaluated first, as empty.
    /// Appends a record per rule that changed state.
    package mutating func windowClosed(
        spec: Int, window k: Int64, accumulators: (Int) -> KPIAccumulator?, into outbox: inout [WindowEngine.Record]
    ) {
        if let last = lastWindow[spec], k - 1 > last {
            evaluate(spec: spec, window: k - 1, repeated: k - 1 - last, accumulators: { _ in nil }, into: &outbox)
        }
        evaluate(spec: spec, window: k, repeated: 1, accumulators: accumulators, into: &outbox)
        lastWindow[spec] = k
    }

    /// Every window of spec `spec` up to `k` has closed; those not reported to
    /// ``windowClosed(spec:window:accumulators:into:)`` held no event. Nothing is
    /// evaluated before the spec's first window with events.
    package mutating func windowsClosed(spec: Int, through k: Int64, into outbox: inout [WindowEngine.Record]) {
        guard let last = lastWindow[spec], k > last else { return }
        evaluate(spec: spec, window: k, repeated: k - last, accumulators: { _ in nil }, into: &outbox)
        lastWindow[spec] = k
    }

    /// Evaluates every rule on `spec` for `repeated` consecutive windows alike,
    /// the last of them window `k`.
    private mutating func evaluate(
        spec: Int, window k: Int64, repeated: Int64, accumulators: (Int) -> KPIAccumulator?,
        into outbox: inout [WindowEngine.Record]
    ) {
        let empty = KPIAccumulator()
        let size = windows[spec].sizeMillis
        for index in rules.indices where specOfRule[index] == spec {
            let rule = rules[index]
            let accumulator = accumulators(domainOfRule[index]) ?? empty
            guard let value = rule.field.value(accumulator, windowMillis: size) else { continue }
            // Of `repeated` windows alike, the change (if any) happens at a given one: the
            // first that does not meet the condition, or the one that completes the streak.
            var state = states[index]
            var changedAt: Int64?
            if rule.comparison.holds(value, rule.threshold) {
                let needed = Int64(rule.forWindows - state.streak)
                state.streak = Int(clamping: Int64(state.streak) + repeated)
                if !state.firing && state.streak >= rule.forWindows {
                    state.firing = true
                    changedAt = k - repeated + max(needed, 1)
                }
            } else {
                state.streak = 0
                if state.firing {
                    state.firing = false
                    changedAt = k - repeated + 1
                }
            }
            states[index] = state
            if let changedAt {
                let step = windows[spec].everyMillis
                outbox.append(record(rule, state: state, value: value, startMillis: changedAt * step, sizeMillis: size))
            }
        }
    }

    /// The rules that are firing now, in configuration order.
    package var firing: [AlertRule] { zip(rules, states).filter { $0.1.firing }.map(\.0) }

    /// The `alert.<domain>.<rule>` record (docs/protocol.md, "Alert records").
    private mutating func record(
        _ rule: AlertRule, state: State, value: Double, startMillis: Int64, sizeMillis: Int64
    ) -> WindowEngine.Record {
        json.reset()
        json.beginObject()
        json.key("v")
        json.integer(1)
        json.key("rule")
        json.string(rule.name)
        json.key("state")
        json.string(state.firing ? "firing" : "resolved")
        json.key("domain")
        json.string(rule.domain)
        json.key("window")
        json.string(rule.window)
        json.key("start")
        json.string(Timestamp.rfc3339(millis: startMillis))
        json.key("end")
        json.string(Timestamp.rfc3339(millis: startMillis + sizeMillis))
        json.key("when")
        json.string(rule.condition)
        json.key("value")
        json.double(value, significant: 9)
        json.key("threshold")
        json.double(rule.threshold, significant: 9)
        json.key("for")
        json.integer(rule.forWindows)
        json.endObject()
        return (rule.topic, "", json.bytes)
    }
}
