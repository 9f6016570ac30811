import Foundation

/// The test's own reading of an RFC 3339 timestamp, built on Foundation's
/// calendar and shared by the timestamp tests and the differential test's
/// reference validator. It shares no code with the decoder.
enum ReferenceTimestamp {
    enum Outcome: Equatable {
        case millis(Int64)
        case badShape
        case impossible
    }

    /// ASCII digits only: `\d` would also match other scripts' digits.
    // nonisolated(unsafe) is sound: `Regex` is not Sendable, but this one is
    // never mutated after initialisation and matching only reads it.
    nonisolated(unsafe) private static let shape =
        #/([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]{1,9})?([Zz]|([+-])([0-9]{2}):([0-9]{2}))/#

    static func parse(_ text: String) -> Outcome {
        guard let match = text.wholeMatch(of: shape) else { return .badShape }
        let output = match.output
        let year = Int(output.1)!
        let month = Int(output.2)!
        let day = Int(output.3)!
        let hour = Int(output.4)!
        let minute = Int(output.5)!
        let second = Int(output.6)!
        let offsetSign = output.9 == "-" ? -1 : 1
        let offsetHour = output.10.map { Int($0)! } ?? 0
        let offsetMinute = output.11.map { Int($0)! } ?? 0

        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(secondsFromGMT: 0)!
        guard (1 ... 12).contains(month), hour <= 23, minute <= 59, second <= 60, offsetHour <= 23, offsetMinute <= 59
        else { return .impossible }
        // Foundation's Gregorian calendar switches to the Julian calendar before
        // 1582-10-15; those years are all before 1970 and out of range anyway,
        // so they are reported with a placeholder time far before 1970.
        guard year >= 1600 else { return .millis(-1) }
        let firstOfMonth = utc.date(from: DateComponents(year: year, month: month, day: 1))!
        guard let days = utc.range(of: .day, in: .month, for: firstOfMonth), days.contains(day) else {
            return .impossible
        }

        let offsetSeconds = offsetSign * (offsetHour * 3600 + offsetMinute * 60)
        var calendar = Calendar(identifier: .gregorian)
        var correction = 0
        if let zone = TimeZone(secondsFromGMT: offsetSeconds) {
            calendar.timeZone = zone
        } else {
            // Foundation refuses offsets beyond 18 hours: compute in UTC and subtract the offset here.
            calendar.timeZone = utc.timeZone
            correction = offsetSeconds
        }
        // Second 60 is left to the calendar, which rolls it into the next minute as timegm does.
        let components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        let date = calendar.date(from: components)!
        let seconds = Int64(date.timeIntervalSince1970.rounded()) - Int64(correction)
        let fraction = output.7.map { String($0.dropFirst()) } ?? ""
        let millis = Int64((fraction + "000").prefix(3))!
        return .millis(seconds * 1000 + millis)
    }
}
