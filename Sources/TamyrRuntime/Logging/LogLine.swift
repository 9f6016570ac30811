package import Logging
import TamyrCore

/// One log event as the text tamyrd writes for it: pure, so tests check the
/// exact bytes. Metadata follows the message as `key=value`, keys sorted.
package enum LogLine {
    /// The line for one event, newline included.
    ///
    /// - ``LogStyle/journal``: `<6>tamyrd ready pull=…`, the syslog priority of
    ///   `level` first and no time (journald records both); a message of several
    ///   lines repeats the prefix on each, since journald reads every line as an entry.
    /// - ``LogStyle/plain``: `2026-11-30T10:03:13.042Z info tamyrd: tamyrd ready pull=…`.
    package static func format(
        _ level: Logger.Level, _ message: String, metadata: Logger.Metadata, label: String, style: LogStyle, nowMillis: Int64
    ) -> String {
        var text = message
        for key in metadata.keys.sorted() {
            text += " \(key)=\(metadata[key]!)"
        }
        switch style {
        case .journal:
            let prefix = "<\(priority(level))>"
            return text.split(separator: "\n", omittingEmptySubsequences: false).map { prefix + $0 }.joined(separator: "\n") + "\n"
        case .plain:
            return "\(timestamp(millis: nowMillis)) \(level) \(label): \(text)\n"
        }
    }

    /// The syslog priority of a swift-log level, as sd-daemon(3) numbers them:
    /// trace and debug 7 (`LOG_DEBUG`), info 6, notice 5, warning 4, error 3, critical 2.
    package static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    /// RFC 3339 in UTC, always with milliseconds, so lines align.
    private static func timestamp(millis: Int64) -> String {
        let (seconds, fraction) = millis.quotientAndRemainder(dividingBy: 1_000)
        let (second, milli) = fraction < 0 ? (seconds - 1, fraction + 1_000) : (seconds, fraction)
        let whole = Timestamp.rfc3339(millis: second * 1_000).dropLast()  // drops the "Z"
        let digits = String(milli)
        return whole + "." + String(repeating: "0", count: 3 - digits.count) + digits + "Z"
    }
}
