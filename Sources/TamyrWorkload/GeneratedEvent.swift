/// What `Workload.appendEvent` generated, for callers that check the daemon's counters
/// (tests, `tamyr produce --expect`) without parsing the line back.
package struct GeneratedEvent: Sendable {
    /// `nil` for a valid event; otherwise the one rule it breaks, i.e. the reason a strict
    /// daemon must count it under.
    package var invalid: InvalidKind?
    /// The `seq` carried by the event when `WorkloadOptions.source` is set (also for invalid
    /// events, which consume a number like any other), else `nil`.
    package var seq: Int64?
    /// The event time in epoch milliseconds: the instant `ts` denotes, whichever way it is
    /// written, or would denote for an event whose `ts` is missing or mistyped.
    package var timestampMillis: Int64
    /// `true` when the event time was pushed 30 s to 10 min into the past (`lateFraction`).
    package var isLate: Bool
    /// The `amount` written, in tiyn, when the event carries a well-formed amount; `nil` when
    /// it carries none or a deliberately broken one.
    package var amountTiyn: Int64?
    /// The `duration_ms` value in microseconds (thousandths of a millisecond) when written as
    /// a valid number; `nil` otherwise.
    package var durationMicros: Int64?
    /// A short description of how an invalid event is broken (e.g. "duration_ms as string"),
    /// for test diagnostics; empty for valid events.
    package var variant: StaticString
}
