import TamyrCore

/// The decoder's own invariants on one payload:
///
/// - the fast path and the general path hand over the same events (the fast
///   path is an optimisation and must never change a result);
/// - a decoder that has learnt member predictions from earlier records (its
///   second pass over the payload) gives the same events as a fresh one;
/// - a payload yields at least one event and at most one per line.
enum DecoderPathCheck {
    /// The events of `payload` with the fast path, after checking the rules above into `violations`.
    static func run(_ payload: UnsafeRawBufferPointer, into violations: inout [String]) -> [OwnedEvent] {
        var fast = EventDecoder(domains: FuzzSettings.domains, maxFutureSkewMillis: FuzzSettings.maxFutureSkewMillis)
        var general = EventDecoder(domains: FuzzSettings.domains, maxFutureSkewMillis: FuzzSettings.maxFutureSkewMillis)
        var first = EventCollector()
        var generalOnly = EventCollector()
        var primed = EventCollector()
        fast.decode(payload, nowMillis: FuzzSettings.nowMillis, into: &first)
        general.decode(payload, nowMillis: FuzzSettings.nowMillis, into: &generalOnly, fastPath: false)
        fast.decode(payload, nowMillis: FuzzSettings.nowMillis, into: &primed)

        compare(first.events, generalOnly.events, "fast path", "general path", into: &violations)
        compare(first.events, primed.events, "fresh decoder", "primed decoder", into: &violations)
        let lines = payload.count { $0 == 0x0A } + 1
        if first.events.isEmpty || first.events.count > lines {
            violations.append("\(first.events.count) events from a payload of \(lines) lines")
        }
        return first.events
    }

    private static func compare(
        _ left: [OwnedEvent], _ right: [OwnedEvent], _ leftName: String, _ rightName: String,
        into violations: inout [String]
    ) {
        guard left != right else { return }
        guard left.count == right.count else {
            violations.append("\(leftName) gave \(left.count) events, \(rightName) \(right.count)")
            return
        }
        let index = left.indices.first { left[$0] != right[$0] }!
        violations.append("event \(index): \(leftName) gave \(left[index]), \(rightName) \(right[index])")
    }
}
