import Foundation

/// The differential test's independent model of the decoder's contract:
/// Foundation's `JSONSerialization` decides what is a JSON object, and the
/// field rules are re-implemented here over its parsed values, with `Decimal`
/// for numbers and ``ReferenceTimestamp`` for RFC 3339.
struct ReferenceValidator {
    let domains: [String]
    let nowMillis: Int64
    let skewMillis: Int64

    /// What the decoder must produce for one line.
    struct Expectation: CustomStringConvertible {
        var verdict = "valid"
        var id: [UInt8] = []
        var timestampMillis: Int64 = 0
        var domain = 0
        var service: [UInt8] = []
        var status = ""
        var durationMicros = Decimal(0)
        var region = "unknown"
        var channel = "unknown"
        var amountTiyn: Decimal? = nil
        var applicant: [UInt8]? = nil
        var source: [UInt8]? = nil
        var sequence: Int64? = nil

        var description: String {
            "\(verdict) id=\(String(decoding: id, as: UTF8.self)) ts=\(timestampMillis) domain=\(domain) "
                + "service=\(String(decoding: service, as: UTF8.self)) status=\(status) micros=\(durationMicros) "
                + "region=\(region) channel=\(channel) tiyn=\(String(describing: amountTiyn)) "
                + "src=\(String(describing: source.map { String(decoding: $0, as: UTF8.self) })) "
                + "seq=\(String(describing: sequence))"
        }
    }

    /// A top-level member's value as the rules see it.
    enum Value {
        case absent
        case string([UInt8])
        case number(String)  // the raw decimal text
        case other  // true, false, an object or an array
    }

    struct Rejection: Error {
        let reason: String
    }

    /// The expectation for `line`, or `nil` when the line hits a corner where
    /// Foundation departs from RFC 8259 and cannot serve as the oracle.
    func expectation(for line: [UInt8]) -> Expectation? {
        if RawJSONText.hasUnrepresentableNumber(line) { return nil }
        guard let object = try? JSONSerialization.jsonObject(with: Data(line), options: [.fragmentsAllowed]),
            let dictionary = object as? [String: Any]
        else {
            return Expectation(verdict: "malformed_json")
        }
        if RawJSONText.hasTrailingComma(line) { return nil }

        // The last occurrence of a key wins, as in Foundation's dictionary.
        var rawValues: [String: [UInt8]] = [:]
        for (rawKey, rawValue) in RawJSONText.members(of: line) {
            let key = (try! JSONSerialization.jsonObject(with: Data(rawKey), options: [.fragmentsAllowed])) as! String
            rawValues[key] = rawValue
        }
        var values: [String: Value] = [:]
        for (key, rawValue) in rawValues {
            // Foundation decodes strings; the value's kind comes from its first byte.
            switch rawValue.first {
            case UInt8(ascii: "\""): values[key] = .string(Array((dictionary[key] as! String).utf8))
            case UInt8(ascii: "n"): values[key] = .absent
            case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "{"), UInt8(ascii: "["): values[key] = .other
            default: values[key] = .number(String(decoding: rawValue, as: UTF8.self))
            }
        }
        return validate { values[$0] ?? .absent }
    }

    private func validate(_ value: (String) -> Value) -> Expectation {
        var expected = Expectation()
        expected.source = try? optionalText(value("src"), maximum: 64)
        expected.sequence = try? sequence(value("seq"))
        var field = "id"
        do {
            expected.id = try text(value("id"), maximum: 128)
            field = "ts"
            expected.timestampMillis = try timestamp(value("ts"))
            field = "domain"
            expected.domain = try domain(value("domain"))
            field = "service"
            expected.service = try service(value("service"))
            field = "status"
            expected.status = try keyword(value("status"), ["ok", "failed", "rejected"])
            field = "duration_ms"
            expected.durationMicros = try duration(value("duration_ms"))
            field = "region"
            expected.region = try region(value("region"))
            field = "channel"
            if case .absent = value("channel") {} else {
                expected.channel = try keyword(value("channel"), ["online", "mobile", "office"])
            }
            field = "amount"
            expected.amountTiyn = try amount(value("amount"))
            field = "applicant"
            expected.applicant = try optionalText(value("applicant"), maximum: 128)
            field = "src"
            _ = try optionalText(value("src"), maximum: 64)
            field = "seq"
            _ = try sequence(value("seq"))
        } catch {
            expected.verdict = "\(error.reason)/\(field)"
            return expected
        }
        if expected.timestampMillis > nowMillis + skewMillis { expected.verdict = "future_ts/ts" }
        return expected
    }

    // MARK: - Rules

    private func text(_ value: Value, maximum: Int) throws(Rejection) -> [UInt8] {
        switch value {
        case .absent: throw Rejection(reason: "missing_field")
        case .string(let bytes):
            guard (1 ... maximum).contains(bytes.count) else { throw Rejection(reason: "out_of_range") }
            return bytes
        case .number, .other: throw Rejection(reason: "bad_type")
        }
    }

    private func optionalText(_ value: Value, maximum: Int) throws(Rejection) -> [UInt8]? {
        if case .absent = value { return nil }
        return try text(value, maximum: maximum)
    }

    private func timestamp(_ value: Value) throws(Rejection) -> Int64 {
        let latest = Decimal(253_402_300_799_999)
        switch value {
        case .absent: throw Rejection(reason: "missing_field")
        case .number(let raw):
            guard !raw.contains(where: { ".eE".contains($0) }) else { throw Rejection(reason: "bad_type") }
            let decimal = Self.decimal(raw)
            guard decimal >= 0, decimal <= latest else { throw Rejection(reason: "out_of_range") }
            return Int64(raw.hasPrefix("-") ? "0" : raw)!
        case .string(let bytes):
            switch ReferenceTimestamp.parse(String(decoding: bytes, as: UTF8.self)) {
            case .badShape: throw Rejection(reason: "bad_type")
            case .impossible: throw Rejection(reason: "out_of_range")
            case .millis(let millis):
                guard millis >= 0, Decimal(millis) <= latest else { throw Rejection(reason: "out_of_range") }
                return millis
            }
        case .other: throw Rejection(reason: "bad_type")
        }
    }

    private func domain(_ value: Value) throws(Rejection) -> Int {
        switch value {
        case .absent: throw Rejection(reason: "missing_field")
        case .string(let bytes):
            guard let index = domains.firstIndex(where: { Array($0.utf8) == bytes }) else {
                throw Rejection(reason: "unknown_domain")
            }
            return index
        case .number, .other: throw Rejection(reason: "bad_type")
        }
    }

    private func service(_ value: Value) throws(Rejection) -> [UInt8] {
        let bytes = try text(value, maximum: 64)
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789._-".utf8)
        guard bytes.allSatisfy(allowed.contains) else { throw Rejection(reason: "out_of_range") }
        return bytes
    }

    private func keyword(_ value: Value, _ words: [String]) throws(Rejection) -> String {
        let bytes = try text(value, maximum: 64)
        guard let word = words.first(where: { Array($0.utf8) == bytes }) else { throw Rejection(reason: "out_of_range") }
        return word
    }

    private func duration(_ value: Value) throws(Rejection) -> Decimal {
        switch value {
        case .absent: throw Rejection(reason: "missing_field")
        case .number(let raw):
            let millis = Self.decimal(raw)
            guard millis >= 0, millis <= 86_400_000 else { throw Rejection(reason: "out_of_range") }
            var micros = millis * 1000
            var rounded = Decimal()
            NSDecimalRound(&rounded, &micros, 0, .bankers)
            return rounded
        case .string, .other: throw Rejection(reason: "bad_type")
        }
    }

    private func region(_ value: Value) throws(Rejection) -> String {
        switch value {
        case .absent: return "unknown"
        case .string(let bytes):
            let text = String(decoding: bytes, as: UTF8.self)
            guard text.wholeMatch(of: #/KZ-[A-Z0-9]{2,3}/#) != nil else { throw Rejection(reason: "out_of_range") }
            return text
        case .number, .other: throw Rejection(reason: "bad_type")
        }
    }

    private func amount(_ value: Value) throws(Rejection) -> Decimal? {
        switch value {
        case .absent: return nil
        case .number(let raw):
            var tiyn = Self.decimal(raw) * 100
            var whole = Decimal()
            NSDecimalRound(&whole, &tiyn, 0, .plain)
            guard tiyn >= 0, whole == tiyn, tiyn <= Decimal(Int64.max) else { throw Rejection(reason: "out_of_range") }
            return tiyn
        case .string, .other: throw Rejection(reason: "bad_type")
        }
    }

    private func sequence(_ value: Value) throws(Rejection) -> Int64? {
        switch value {
        case .absent: return nil
        case .number(let raw):
            guard !raw.contains(where: { ".eE".contains($0) }) else { throw Rejection(reason: "bad_type") }
            let decimal = Self.decimal(raw)
            guard decimal >= 0, decimal <= Decimal(Int64.max) else { throw Rejection(reason: "out_of_range") }
            return Int64(raw.hasPrefix("-") ? "0" : raw)!
        case .string, .other: throw Rejection(reason: "bad_type")
        }
    }

    private static func decimal(_ raw: String) -> Decimal {
        Decimal(string: raw, locale: Locale(identifier: "en_US_POSIX"))!
    }
}
