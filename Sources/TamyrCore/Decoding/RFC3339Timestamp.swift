/// Parsing of RFC 3339 timestamps (`2026-11-30T10:00:00.123+05:00`) into epoch milliseconds.
enum RFC3339Timestamp {
    /// The result of ``parse(_:count:)``.
    enum Outcome: Equatable {
        /// Milliseconds since 1970-01-01T00:00:00Z; may be negative or beyond year 9999
        /// once the offset is applied (range rules are the caller's).
        case millis(Int64)
        /// The text is not of the form `YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)`.
        case badShape
        /// The form is right but a part is impossible (month 13, February 30, hour 24,
        /// minute 60, offset hour above 23 or offset minute above 59).
        case impossible
    }

    /// The longest accepted text: 19 for the date and time, 10 for a 9-digit fraction, 6 for an offset.
    static let maximumLength = 35

    /// Parses the `count` bytes at `text`.
    ///
    /// `T`/`t` and `Z`/`z` are both accepted. The fraction has 1-9 digits and
    /// is truncated to milliseconds. Second 60 is accepted and means second 0
    /// of the next minute, as POSIX `timegm` does. Offsets are subtracted to give UTC.
    static func parse(_ text: UnsafeRawPointer, count: Int) -> Outcome {
        guard count >= 20, count <= maximumLength else { return .badShape }
        func byte(_ offset: Int) -> UInt8 { text.load(fromByteOffset: offset, as: UInt8.self) }
        // The value of the `length` digits at `offset`, or nil if one is not a digit.
        func digits(_ offset: Int, _ length: Int) -> Int? {
            var value = 0
            for index in offset ..< offset + length {
                let digit = byte(index) &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                value = value * 10 + Int(digit)
            }
            return value
        }

        guard let year = digits(0, 4), byte(4) == UInt8(ascii: "-"),
            let month = digits(5, 2), byte(7) == UInt8(ascii: "-"),
            let day = digits(8, 2), byte(10) | 0x20 == UInt8(ascii: "t"),
            let hour = digits(11, 2), byte(13) == UInt8(ascii: ":"),
            let minute = digits(14, 2), byte(16) == UInt8(ascii: ":"),
            let second = digits(17, 2)
        else { return .badShape }

        var index = 19
        var millis = 0
        if byte(index) == UInt8(ascii: ".") {
            index += 1
            let fractionStart = index
            while index < count, byte(index) &- UInt8(ascii: "0") < 10 {
                // Only the first three digits count: the rest is truncated.
                if index - fractionStart < 3 { millis = millis * 10 + Int(byte(index) &- UInt8(ascii: "0")) }
                index += 1
            }
            let fractionLength = index - fractionStart
            guard fractionLength >= 1, fractionLength <= 9 else { return .badShape }
            var scaled = fractionLength
            while scaled < 3 {  // ".5" is 500 ms
                millis *= 10
                scaled += 1
            }
        }

        guard index < count else { return .badShape }
        var offsetSeconds = 0
        var offsetHour = 0
        var offsetMinute = 0
        switch byte(index) {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            guard index + 1 == count else { return .badShape }
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard count - index == 6, let hours = digits(index + 1, 2), byte(index + 3) == UInt8(ascii: ":"),
                let minutes = digits(index + 4, 2)
            else { return .badShape }
            offsetHour = hours
            offsetMinute = minutes
            offsetSeconds = (hours * 3600 + minutes * 60) * (byte(index) == UInt8(ascii: "-") ? -1 : 1)
        default:
            return .badShape
        }

        guard month >= 1, month <= 12, day >= 1, day <= CivilDate.daysInMonth(year: year, month: month),
            hour <= 23, minute <= 59, second <= 60, offsetHour <= 23, offsetMinute <= 59
        else { return .impossible }

        let days = CivilDate.daysSinceEpoch(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return .millis(Int64(seconds) * 1000 + Int64(millis))
    }
}
