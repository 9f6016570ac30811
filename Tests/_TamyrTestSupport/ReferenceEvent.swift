/// One accepted event, as the KPI reference keeps it: every value exact.
package struct ReferenceEvent: Equatable, Sendable {
    package var id: [UInt8]
    package var timestampMillis: Int64
    package var domain: String
    package var service: String
    package var status: String  // ok, failed or rejected
    package var durationMicros: Int64  // duration_ms to the microsecond, rounded half to even
    package var region: String  // "unknown" when absent
    package var channel: String  // "unknown" when absent
    package var amountTiyn: Int64?
    package var applicant: [UInt8]?
    package var source: String?
    package var sequence: Int64?
}

/// What became of one event line.
package enum ReferenceVerdict: Equatable, Sendable {
    case accepted(ReferenceEvent)
    case rejected(String)  // the reason, as in status.tamyrd
    case duplicate
}

/// The contract's event rules (wire-v1 section 2) with Tamyr's readings
/// (docs/protocol.md section 2), written plainly over `ReferenceJSON`.
package enum ReferenceValidation {
    package static let maxTimestampMillis: Int64 = 253_402_300_799_999
    package static let maxDurationMicros: Int64 = 86_400_000_000

    private struct Rejection: Error { var reason: String }

    /// The verdict for one field rule failure kind.
    private static let missing = Rejection(reason: "missing_field")
    private static let badType = Rejection(reason: "bad_type")
    private static let outOfRange = Rejection(reason: "out_of_range")

    /// Validates one parsed object (`nil` members and JSON `null` are absent).
    /// `arrivalMillis` is the wall clock the `future_ts` rule compares with.
    package static func validate(
        _ object: ReferenceJSON, arrivalMillis: Int64, domains: [String], maxFutureSkewMillis: Int64
    ) -> ReferenceVerdict {
        func field(_ name: String) -> ReferenceJSON? {
            guard let value = object.member(name), value != .null else { return nil }
            return value
        }
        do {
            let id = try requiredString(field("id"), bytes: 1...128)
            let timestamp = try timestampMillis(field("ts"))
            guard let domainValue = field("domain") else { throw missing }
            guard case .string(let domain) = domainValue else { throw badType }
            guard domains.contains(domain) else { throw Rejection(reason: "unknown_domain") }
            let serviceBytes = try requiredString(field("service"), bytes: 1...64)
            guard serviceBytes.allSatisfy(isServiceByte) else { throw outOfRange }
            let service = String(decoding: serviceBytes, as: UTF8.self)
            let status = String(decoding: try requiredString(field("status"), bytes: 0...Int.max), as: UTF8.self)
            guard ["ok", "failed", "rejected"].contains(status) else { throw outOfRange }
            guard let durationValue = field("duration_ms") else { throw missing }
            let duration = try durationMicros(durationValue)
            var region = "unknown"
            if let value = field("region") {
                region = String(decoding: try string(value, bytes: 0...Int.max), as: UTF8.self)
                guard isRegion(region) else { throw outOfRange }
            }
            var channel = "unknown"
            if let value = field("channel") {
                channel = String(decoding: try string(value, bytes: 0...Int.max), as: UTF8.self)
                guard ["online", "mobile", "office"].contains(channel) else { throw outOfRange }
            }
            var amount: Int64?
            if let value = field("amount") {
                guard case .number(let text) = value, let number = ReferenceNumber(text) else { throw badType }
                guard !number.negative || number.isZero, let tiyn = number.scaledInteger(scale: 2) else { throw outOfRange }
                amount = tiyn
            }
            let applicant = try field("applicant").map { try string($0, bytes: 1...128) }
            let source = try field("src").map { String(decoding: try string($0, bytes: 1...64), as: UTF8.self) }
            let sequence = try field("seq").map(sequenceNumber)
            guard timestamp <= arrivalMillis + maxFutureSkewMillis else { throw Rejection(reason: "future_ts") }
            return .accepted(
                ReferenceEvent(
                    id: id, timestampMillis: timestamp, domain: domain, service: service,
                    status: status, durationMicros: duration, region: region, channel: channel, amountTiyn: amount,
                    applicant: applicant, source: source, sequence: sequence
                )
            )
        } catch let rejection as Rejection {
            return .rejected(rejection.reason)
        } catch {
            return .rejected("unexpected")
        }
    }

    /// `src` and `seq` when both are present and valid on their own, for the
    /// duplicate check that comes before validation (contract section 5).
    package static func producerKey(_ object: ReferenceJSON) -> (source: String, sequence: Int64)? {
        guard let src = object.member("src"), let seq = object.member("seq"),
            let bytes = try? string(src, bytes: 1...64), let number = try? sequenceNumber(seq)
        else { return nil }
        return (String(decoding: bytes, as: UTF8.self), number)
    }

    private static func requiredString(_ value: ReferenceJSON?, bytes range: ClosedRange<Int>) throws -> [UInt8] {
        guard let value else { throw missing }
        return try string(value, bytes: range)
    }

    private static func string(_ value: ReferenceJSON, bytes range: ClosedRange<Int>) throws -> [UInt8] {
        guard case .string(let text) = value else { throw badType }
        let bytes = Array(text.utf8)
        guard range.contains(bytes.count) else { throw outOfRange }
        return bytes
    }

    private static func sequenceNumber(_ value: ReferenceJSON) throws -> Int64 {
        guard case .number(let text) = value, let number = ReferenceNumber(text), number.isIntegerLiteral else { throw badType }
        guard !number.negative || number.isZero, let sequence = number.scaledInteger(scale: 0) else { throw outOfRange }
        return sequence
    }

    private static func timestampMillis(_ value: ReferenceJSON?) throws -> Int64 {
        guard let value else { throw missing }
        switch value {
        case .number(let text):
            guard let number = ReferenceNumber(text), number.isIntegerLiteral else { throw badType }
            guard !number.negative || number.isZero, let millis = number.scaledInteger(scale: 0), millis <= maxTimestampMillis
            else { throw outOfRange }
            return millis
        case .string(let text):
            switch ReferenceTime.parseRFC3339(text) {
            case .badShape: throw badType
            case .impossible: throw outOfRange
            case .millis(let millis):
                guard (0...maxTimestampMillis).contains(millis) else { throw outOfRange }
                return millis
            }
        default:
            throw badType
        }
    }

    private static func durationMicros(_ value: ReferenceJSON) throws -> Int64 {
        guard case .number(let text) = value, let number = ReferenceNumber(text) else { throw badType }
        if number.isZero { return 0 }
        // The range is checked on the exact value, so 86400000.0001 is out of range.
        guard !number.negative, number.digits.count + number.exponent <= 9 else { throw outOfRange }
        let (whole, cut) = number.split(scale: 3)
        guard let whole, whole < maxDurationMicros || (whole == maxDurationMicros && cut.isEmpty),
            let micros = number.roundedScaledInteger(scale: 3)
        else { throw outOfRange }
        return micros
    }

    private static func isServiceByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }

    /// `KZ-` then 2 or 3 of `A-Z 0-9`.
    private static func isRegion(_ region: String) -> Bool {
        let bytes = Array(region.utf8)
        guard (5...6).contains(bytes.count), bytes.starts(with: Array("KZ-".utf8)) else { return false }
        return bytes.dropFirst(3).allSatisfy {
            (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
        }
    }
}

/// Civil time for the reference: RFC 3339 in and out, epoch milliseconds, UTC.
package enum ReferenceTime {
    package enum Parsed: Equatable { case badShape, impossible, millis(Int64) }

    /// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, `t`/`z` in either case, fraction
    /// of 1-9 digits truncated to milliseconds, second 60 meaning the next minute's :00.
    package static func parseRFC3339(_ text: String) -> Parsed {
        let bytes = Array(text.utf8)
        func isDigit(_ index: Int) -> Bool { index < bytes.count && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) }
        func number(_ from: Int, _ count: Int) -> Int64 {
            bytes[from..<from + count].reduce(0) { $0 * 10 + Int64($1 - UInt8(ascii: "0")) }
        }
        func digits(_ from: Int, _ count: Int) -> Bool { (from..<from + count).allSatisfy(isDigit) }
        func byte(_ index: Int, _ expected: [Character]) -> Bool {
            index < bytes.count && expected.contains { Character(Unicode.Scalar(bytes[index])) == $0 }
        }
        guard bytes.count >= 20, digits(0, 4), byte(4, ["-"]), digits(5, 2), byte(7, ["-"]), digits(8, 2), byte(10, ["T", "t"]),
            digits(11, 2), byte(13, [":"]), digits(14, 2), byte(16, [":"]), digits(17, 2)
        else { return .badShape }
        var index = 19
        var fractionMillis: Int64 = 0
        if byte(index, ["."]) {
            index += 1
            let start = index
            while isDigit(index) { index += 1 }
            let count = index - start
            guard (1...9).contains(count) else { return .badShape }
            let padded = (0..<3).map { start + $0 < index ? Int64(bytes[start + $0] - UInt8(ascii: "0")) : 0 }
            fractionMillis = padded[0] * 100 + padded[1] * 10 + padded[2]
        }
        var offsetMinutes: Int64 = 0
        var offsetHour: Int64 = 0
        var offsetMinute: Int64 = 0
        if byte(index, ["Z", "z"]) {
            index += 1
        } else if byte(index, ["+", "-"]) {
            let sign: Int64 = bytes[index] == UInt8(ascii: "-") ? -1 : 1
            guard digits(index + 1, 2), byte(index + 3, [":"]), digits(index + 4, 2) else { return .badShape }
            offsetHour = number(index + 1, 2)
            offsetMinute = number(index + 4, 2)
            offsetMinutes = sign * (offsetHour * 60 + offsetMinute)
            index += 6
        } else {
            return .badShape
        }
        guard index == bytes.count else { return .badShape }
        let year = number(0, 4)
        let month = number(5, 2)
        let day = number(8, 2)
        let hour = number(11, 2)
        let minute = number(14, 2)
        let second = number(17, 2)
        guard (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month), hour <= 23, minute <= 59,
            second <= 60, offsetHour <= 23, offsetMinute <= 59
        else { return .impossible }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second - offsetMinutes * 60
        return .millis(seconds * 1_000 + fractionMillis)
    }

    /// `2026-11-30T10:01:00Z`, with `.sss` only when the milliseconds are not zero.
    package static func rfc3339(millis: Int64) -> String {
        let days = floorDiv(millis, 86_400_000)
        let inDay = millis - days * 86_400_000
        let (year, month, day) = civilFromDays(days)
        let hour = inDay / 3_600_000
        let minute = inDay / 60_000 % 60
        let second = inDay / 1_000 % 60
        let milli = inDay % 1_000
        func pad(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        var text = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2))"
        if milli != 0 { text += ".\(pad(milli, 3))" }
        return text + "Z"
    }

    package static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let quotient = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient
    }

    static func isLeap(_ year: Int64) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (counting the days month by month).
    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        // Whole 400-year cycles have 146,097 days; the rest is counted year by year.
        let cycles = floorDiv(year - 1970, 400)
        var days = cycles * 146_097
        var current = 1970 + cycles * 400
        while current < year {
            days += isLeap(current) ? 366 : 365
            current += 1
        }
        for m in 1..<month { days += daysInMonth(year: year, month: m) }
        return days + day - 1
    }

    static func civilFromDays(_ days: Int64) -> (Int64, Int64, Int64) {
        let cycles = floorDiv(days, 146_097)
        var rest = days - cycles * 146_097
        var year = 1970 + cycles * 400
        while rest >= (isLeap(year) ? 366 : 365) {
            rest -= isLeap(year) ? 366 : 365
            year += 1
        }
        var month: Int64 = 1
        while rest >= daysInMonth(year: year, month: month) {
            rest -= daysInMonth(year: year, month: month)
            month += 1
        }
        return (year, month, rest + 1)
    }
}
