import Foundation

/// A strict validator of one event line against wire contract section 2, written for the
/// tests independently of the generator (Foundation parsing, its own number and date rules).
///
/// `reasons(for:)` returns every rule the line breaks as rejection reasons; a valid event gets
/// an empty set, an event of `InvalidKind` k must get exactly `[k.rawValue]`.
struct ContractChecker {
    var domains: Set<String> = ["customs", "tax", "ecommerce"]
    var nowMillis: Int64
    var maxFutureSkewMillis: Int64 = 300_000

    /// The JSON type of a value produced by `JSONSerialization`.
    enum Kind: Equatable { case string, number, bool, null, array, object }

    static func kind(of value: Any) -> Kind {
        if value is String { return .string }
        if value is NSNull { return .null }
        if value is [Any] { return .array }
        if value is [String: Any] { return .object }
        if let number = value as? NSNumber {
            // Foundation on Linux hands booleans out as NSNumber with objCType "c".
            return String(cString: number.objCType) == "c" ? .bool : .number
        }
        return .null
    }

    /// Parses a line as a JSON object, or nil when it is not one.
    static func parse(_ line: [UInt8]) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any]
    }

    /// The literal text of the value of top-level member `key` in `line`, for members whose
    /// value is a number or a literal (the generator never repeats a member name elsewhere).
    static func rawToken(_ key: String, in line: String) -> String? {
        guard let keyRange = line.range(of: "\"\(key)\"") else { return nil }
        var index = keyRange.upperBound
        func skipSpaces() { while index < line.endIndex, line[index] == " " { index = line.index(after: index) } }
        skipSpaces()
        guard index < line.endIndex, line[index] == ":" else { return nil }
        index = line.index(after: index)
        skipSpaces()
        var end = index
        while end < line.endIndex, !",} ".contains(line[end]) { end = line.index(after: end) }
        return String(line[index..<end])
    }

    func reasons(for line: [UInt8]) -> Set<String> {
        guard let object = Self.parse(line) else { return ["malformed_json"] }
        let text = String(decoding: line, as: UTF8.self)
        var reasons = Set<String>()
        func fail(_ reason: String) { reasons.insert(reason) }

        for field in ["id", "ts", "domain", "service", "status", "duration_ms"] where object[field] == nil {
            fail("missing_field")
        }

        if let id = object["id"] {
            if let id = id as? String {
                if !(1...128).contains(id.utf8.count) { fail("out_of_range") }
            } else { fail("bad_type") }
        }

        if let ts = object["ts"] {
            switch Self.kind(of: ts) {
            case .number:
                guard let token = Self.rawToken("ts", in: text), token.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-") }),
                      let millis = Int64(token)
                else { fail("bad_type"); break }
                if millis > nowMillis + maxFutureSkewMillis { fail("future_ts") }
            case .string:
                guard let millis = Self.rfc3339Millis(ts as! String) else { fail("out_of_range"); break }
                if millis > nowMillis + maxFutureSkewMillis { fail("future_ts") }
            default:
                fail("bad_type")
            }
        }

        if let domain = object["domain"] {
            if let domain = domain as? String {
                if !domains.contains(domain) { fail("unknown_domain") }
            } else { fail("bad_type") }
        }

        if let service = object["service"] {
            if let service = service as? String {
                let allowed = service.utf8.allSatisfy {
                    (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                        || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-")
                }
                if !(1...64).contains(service.utf8.count) || !allowed { fail("out_of_range") }
            } else { fail("bad_type") }
        }

        if let status = object["status"] {
            if let status = status as? String {
                if !["ok", "failed", "rejected"].contains(status) { fail("out_of_range") }
            } else { fail("bad_type") }
        }

        if let duration = object["duration_ms"] {
            if Self.kind(of: duration) == .number, let token = Self.rawToken("duration_ms", in: text),
               let value = Decimal(string: token) {
                if value < 0 || value > 86_400_000 { fail("out_of_range") }
            } else { fail("bad_type") }
        }

        if let region = object["region"] {
            if let region = region as? String {
                let code = Array(region.utf8)
                let valid = code.count == 6 && region.hasPrefix("KZ-")
                    && code[3...].allSatisfy { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }
                if !valid { fail("out_of_range") }
            } else { fail("bad_type") }
        }

        if let channel = object["channel"] {
            if let channel = channel as? String {
                if !["online", "mobile", "office"].contains(channel) { fail("out_of_range") }
            } else { fail("bad_type") }
        }

        if let amount = object["amount"] {
            if Self.kind(of: amount) == .number, let token = Self.rawToken("amount", in: text) {
                // Decided on the text: at most 2 fractional digits, not negative.
                if !Self.isPlainDecimal(token, maxFractionDigits: 2) { fail("out_of_range") }
            } else { fail("bad_type") }
        }

        if let applicant = object["applicant"] {
            if let applicant = applicant as? String {
                if !(1...128).contains(applicant.utf8.count) { fail("out_of_range") }
            } else { fail("bad_type") }
        }

        if let src = object["src"] {
            if let src = src as? String {
                if !(1...64).contains(src.utf8.count) { fail("out_of_range") }
            } else { fail("bad_type") }
        }

        if let seq = object["seq"] {
            if Self.kind(of: seq) != .number || Self.rawToken("seq", in: text).flatMap({ Int64($0) }) == nil {
                fail("bad_type")
            }
        }
        return reasons
    }

    /// Whether `token` is `digits` or `digits.digits` with 1...`maxFractionDigits` fraction
    /// digits: no sign, no exponent. (Hand-written: Swift Regex is too slow in debug builds.)
    static func isPlainDecimal(_ token: String, maxFractionDigits: Int) -> Bool {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts.allSatisfy(isDigits) else { return false }
        return parts.count == 1 || (1...maxFractionDigits).contains(parts[1].count)
    }

    static func isDigits(_ text: Substring) -> Bool {
        text.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    /// Epoch milliseconds of an RFC 3339 timestamp (`YYYY-MM-DDTHH:MM:SS[.fff]` then `Z` or
    /// `±HH:MM`), computed with Foundation's calendar; nil when the text is not one.
    static func rfc3339Millis(_ string: String) -> Int64? {
        let bytes = Array(string.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count else { return nil }
            let slice = bytes[range]
            guard slice.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
            return Int(String(decoding: slice, as: UTF8.self))
        }
        func byte(_ index: Int, is ascii: Unicode.Scalar) -> Bool { index < bytes.count && bytes[index] == UInt8(ascii: ascii) }
        guard let year = number(0..<4), byte(4, is: "-"), let month = number(5..<7), byte(7, is: "-"),
              let day = number(8..<10), byte(10, is: "T"), let hour = number(11..<13), byte(13, is: ":"),
              let minute = number(14..<16), byte(16, is: ":"), let second = number(17..<19)
        else { return nil }
        var index = 19
        var fractionMillis = 0
        if byte(index, is: ".") {
            var end = index + 1
            while end < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[end]) { end += 1 }
            guard end > index + 1 else { return nil }
            let digits = String(decoding: bytes[(index + 1)..<end], as: UTF8.self)
            fractionMillis = Int(digits.padding(toLength: 3, withPad: "0", startingAt: 0).prefix(3))!
            index = end
        }
        var offsetMinutes = 0
        if byte(index, is: "Z") && index + 1 == bytes.count {
            offsetMinutes = 0
        } else if (byte(index, is: "+") || byte(index, is: "-")) && index + 6 == bytes.count,
                  let hours = number((index + 1)..<(index + 3)), byte(index + 3, is: ":"),
                  let minutes = number((index + 4)..<(index + 6)) {
            offsetMinutes = (hours * 60 + minutes) * (byte(index, is: "-") ? -1 : 1)
        } else {
            return nil
        }
        var components = DateComponents()
        components.year = year
        components.month = month
        components.day = day
        components.hour = hour
        components.minute = minute
        components.second = second
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60,
              let date = calendar.date(from: components),
              calendar.component(.day, from: date) == day  // rejects 2025-02-30 and the like
        else { return nil }
        return Int64(date.timeIntervalSince1970.rounded()) * 1000 + Int64(fractionMillis)
            - Int64(offsetMinutes) * 60_000
    }
}
