/// How the `ts` field of generated events is written.
package enum TimestampStyle: String, CaseIterable, Sendable {
    /// Integer epoch milliseconds, e.g. `1764496800123`.
    case epochMillis = "epoch-ms"
    /// RFC 3339 strings with millisecond precision and a `Z`, `+05:00` or `+06:00` offset,
    /// e.g. `"2026-11-30T15:00:00.123+05:00"`.
    case rfc3339 = "rfc3339"
    /// Mostly epoch milliseconds with about one event in ten written as RFC 3339, as a mix of
    /// producer generations would send.
    case mixed = "mixed"
}
