/// Durations as written in the configuration and in window names.
///
/// Input: an integer followed by `ms`, `s`, `m`, `h` or `d` (`500ms`, `5m`).
/// Output (contract section 4): an integer followed by `s`, `m`, `h` or `d`,
/// in the largest unit that divides the duration exactly; durations that are
/// not whole seconds are written in `ms`.
package enum DurationText {
    private static let units: [(suffix: String, millis: Int64)] = [
        ("ms", 1), ("s", 1_000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000),
    ]

    /// Milliseconds for `text`, or nil when it is not an integer with a known unit
    /// or exceeds 10,000 days.
    package static func parseMillis(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        var digits = 0
        var value: Int64 = 0
        while digits < bytes.count, bytes[digits] >= UInt8(ascii: "0"), bytes[digits] <= UInt8(ascii: "9") {
            value = value * 10 + Int64(bytes[digits] - UInt8(ascii: "0"))
            digits += 1
            if value > 864_000_000_000 { return nil }
        }
        guard digits > 0 else { return nil }
        let suffix = String(decoding: bytes[digits...], as: UTF8.self)
        guard let unit = units.first(where: { $0.suffix == suffix }) else { return nil }
        let (millis, overflow) = value.multipliedReportingOverflow(by: unit.millis)
        guard !overflow, millis <= 864_000_000_000 else { return nil }
        return millis
    }

    /// The canonical text for a duration: `300000` -> `5m`, `1500` -> `1500ms`.
    package static func format(millis: Int64) -> String {
        guard millis > 0, millis % 1_000 == 0 else { return "\(millis)ms" }
        for unit in units.reversed() where unit.millis >= 1_000 && millis % unit.millis == 0 {
            return "\(millis / unit.millis)\(unit.suffix)"
        }
        return "\(millis)ms"
    }
}
