/// The ways a generated event can be deliberately invalid.
///
/// Contract: `rawValue` is exactly the rejection reason (wire contract section 2) under which a
/// strict daemon must count the event. A generated event of a kind breaks that rule and no
/// other, so the daemon's per-reason counters can be checked against `GeneratedEvent.invalid`.
package enum InvalidKind: String, CaseIterable, Sendable {
    /// The line is not a JSON object: truncated, a key missing its opening quote, or trailing
    /// garbage after the object. Never contains a newline and is never empty.
    case malformedJSON = "malformed_json"
    /// One required field (`id`, `ts`, `domain`, `service`, `status`, `duration_ms`) is absent.
    case missingField = "missing_field"
    /// One field holds a JSON value of the wrong type (e.g. `duration_ms` as a string).
    case badType = "bad_type"
    /// One field has the right type but a value outside its rule (negative duration, amount
    /// with 3 decimals, status "maybe", service with uppercase letters, ...).
    case outOfRange = "out_of_range"
    /// `domain` is not one of the configured domains.
    case unknownDomain = "unknown_domain"
    /// `ts` lies one hour beyond the daemon's maximum future skew.
    case futureTs = "future_ts"
}
