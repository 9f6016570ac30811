/// Calendar arithmetic on the proleptic Gregorian calendar, in integers only, and the RFC 3339
/// rendering of epoch milliseconds.
enum CivilTime {
    /// The `(year, month, day)` of a day counted from 1970-01-01 (Howard Hinnant's
    /// `civil_from_days`, valid for any Int64 day that fits a year in Int64).
    static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Appends `millis` (epoch milliseconds) as a quoted RFC 3339 timestamp with millisecond
    /// precision, rendered in the zone `offsetMinutes` east of UTC: `Z` for 0, otherwise
    /// `+HH:MM` / `-HH:MM`. The instant is preserved exactly. Years outside 0000-9999 cannot
    /// be written in RFC 3339; callers pass wall-clock times.
    static func appendRFC3339(millis: Int64, offsetMinutes: Int64, to buffer: inout [UInt8]) {
        let local = millis + offsetMinutes * 60_000
        let days = floorDivide(local, 86_400_000)
        let msOfDay = local - days * 86_400_000
        let date = civil(fromDays: days)
        buffer.append(UInt8(ascii: "\""))
        JSONText.appendUnsigned(UInt64(clamping: date.year), minimumDigits: 4, to: &buffer)
        buffer.append(UInt8(ascii: "-"))
        JSONText.appendUnsigned(UInt64(date.month), minimumDigits: 2, to: &buffer)
        buffer.append(UInt8(ascii: "-"))
        JSONText.appendUnsigned(UInt64(date.day), minimumDigits: 2, to: &buffer)
        buffer.append(UInt8(ascii: "T"))
        JSONText.appendUnsigned(UInt64(msOfDay / 3_600_000), minimumDigits: 2, to: &buffer)
        buffer.append(UInt8(ascii: ":"))
        JSONText.appendUnsigned(UInt64(msOfDay / 60_000 % 60), minimumDigits: 2, to: &buffer)
        buffer.append(UInt8(ascii: ":"))
        JSONText.appendUnsigned(UInt64(msOfDay / 1000 % 60), minimumDigits: 2, to: &buffer)
        buffer.append(UInt8(ascii: "."))
        JSONText.appendUnsigned(UInt64(msOfDay % 1000), minimumDigits: 3, to: &buffer)
        if offsetMinutes == 0 {
            buffer.append(UInt8(ascii: "Z"))
        } else {
            buffer.append(offsetMinutes < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
            let magnitude = offsetMinutes.magnitude
            JSONText.appendUnsigned(magnitude / 60, minimumDigits: 2, to: &buffer)
            buffer.append(UInt8(ascii: ":"))
            JSONText.appendUnsigned(magnitude % 60, minimumDigits: 2, to: &buffer)
        }
        buffer.append(UInt8(ascii: "\""))
    }

    /// Division rounding toward negative infinity, so instants before 1970 land on the right day.
    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}
