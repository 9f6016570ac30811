package import Foundation

/// A JSON value as the KPI reference sees it: numbers keep their text, so the
/// reference can apply the contract's rules (integer literal, exact decimal)
/// without a binary float in between; objects keep every member in order
/// (the last occurrence of a key wins, `member(_:)`).
///
/// A plain recursive-descent parser over RFC 8259, written for the reference
/// only; it is not the daemon's decoder and shares no code with it.
package indirect enum ReferenceJSON: Equatable, Sendable {
    case object([ReferenceMember])
    case array([ReferenceJSON])
    case string(String)
    case number(String)
    case bool(Bool)
    case null

    /// The value of the last member named `key`, or nil when there is none.
    package func member(_ key: String) -> ReferenceJSON? {
        guard case .object(let members) = self else { return nil }
        return members.last { $0.key == key }?.value
    }

    /// The nesting depth `parse` allows (deeper is `malformed_json`).
    package static let maxDepth = 64

    /// Parses one JSON value surrounded only by JSON whitespace; nil when the
    /// bytes are not valid UTF-8 or not exactly one valid JSON value.
    package static func parse(_ bytes: [UInt8]) -> ReferenceJSON? {
        guard String(validating: bytes, as: UTF8.self) != nil else { return nil }
        var parser = Parser(bytes: bytes)
        parser.skipWhitespace()
        guard let value = parser.value(depth: 0) else { return nil }
        parser.skipWhitespace()
        return parser.position == bytes.count ? value : nil
    }

    package static func parse(_ text: String) -> ReferenceJSON? { parse(Array(text.utf8)) }

    /// Converts what `JSONSerialization` returns (dictionaries, arrays,
    /// strings, `NSNumber`, `NSNull`) into a value; numbers become the text
    /// Swift prints for them (integers exactly, doubles in their shortest
    /// round-trip form, which is the printed text whenever it had at most 15
    /// significant digits).
    package static func from(foundation value: Any) -> ReferenceJSON {
        switch value {
        case let dictionary as [String: Any]:
            return .object(dictionary.keys.sorted().map { ReferenceMember(key: $0, value: from(foundation: dictionary[$0]!)) })
        case let array as [Any]:
            return .array(array.map { from(foundation: $0) })
        case let string as String:
            return .string(string)
        case let decimal as Decimal:
            return .number("\(decimal)")
        case let number as NSNumber:
            switch String(cString: number.objCType) {
            case "c", "B": return .bool(number.boolValue)
            case "d", "f": return .number("\(number.doubleValue)")
            case "Q", "L", "I", "S", "C": return .number("\(number.uint64Value)")
            default: return .number("\(number.int64Value)")
            }
        case is NSNull:
            return .null
        default:
            return .string("\(value)")
        }
    }

    private struct Parser {
        let bytes: [UInt8]
        var position = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        var current: UInt8? { position < bytes.count ? bytes[position] : nil }

        mutating func skipWhitespace() {
            while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { position += 1 }
        }

        mutating func value(depth: Int) -> ReferenceJSON? {
            guard let byte = current else { return nil }
            switch byte {
            case UInt8(ascii: "{"): return object(depth: depth + 1)
            case UInt8(ascii: "["): return array(depth: depth + 1)
            case UInt8(ascii: "\""): return string().map { .string($0) }
            case UInt8(ascii: "t"): return literal("true", .bool(true))
            case UInt8(ascii: "f"): return literal("false", .bool(false))
            case UInt8(ascii: "n"): return literal("null", .null)
            default: return number().map { .number($0) }
            }
        }

        mutating func literal(_ word: String, _ value: ReferenceJSON) -> ReferenceJSON? {
            let expected = Array(word.utf8)
            guard position + expected.count <= bytes.count, Array(bytes[position..<position + expected.count]) == expected
            else { return nil }
            position += expected.count
            return value
        }

        mutating func object(depth: Int) -> ReferenceJSON? {
            guard depth <= ReferenceJSON.maxDepth else { return nil }
            position += 1
            var members: [ReferenceMember] = []
            skipWhitespace()
            if current == UInt8(ascii: "}") {
                position += 1
                return .object(members)
            }
            while true {
                skipWhitespace()
                guard current == UInt8(ascii: "\""), let key = string() else { return nil }
                skipWhitespace()
                guard current == UInt8(ascii: ":") else { return nil }
                position += 1
                skipWhitespace()
                guard let value = value(depth: depth) else { return nil }
                members.append(ReferenceMember(key: key, value: value))
                skipWhitespace()
                if current == UInt8(ascii: ",") {
                    position += 1
                } else if current == UInt8(ascii: "}") {
                    position += 1
                    return .object(members)
                } else {
                    return nil
                }
            }
        }

        mutating func array(depth: Int) -> ReferenceJSON? {
            guard depth <= ReferenceJSON.maxDepth else { return nil }
            position += 1
            var elements: [ReferenceJSON] = []
            skipWhitespace()
            if current == UInt8(ascii: "]") {
                position += 1
                return .array(elements)
            }
            while true {
                skipWhitespace()
                guard let value = value(depth: depth) else { return nil }
                elements.append(value)
                skipWhitespace()
                if current == UInt8(ascii: ",") {
                    position += 1
                } else if current == UInt8(ascii: "]") {
                    position += 1
                    return .array(elements)
                } else {
                    return nil
                }
            }
        }

        /// A string starting at the opening quote; escapes decoded, lone surrogates refused.
        mutating func string() -> String? {
            position += 1
            var scalars = String.UnicodeScalarView()
            var raw: [UInt8] = []  // raw UTF-8 bytes since the last escape (the input is valid UTF-8)
            func flush() {
                scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars)
                raw.removeAll()
            }
            while let byte = current {
                position += 1
                switch byte {
                case UInt8(ascii: "\""):
                    flush()
                    return String(scalars)
                case UInt8(ascii: "\\"):
                    flush()
                    guard let escaped = current else { return nil }
                    position += 1
                    switch escaped {
                    case UInt8(ascii: "\""): scalars.append("\"")
                    case UInt8(ascii: "\\"): scalars.append("\\")
                    case UInt8(ascii: "/"): scalars.append("/")
                    case UInt8(ascii: "b"): scalars.append("\u{08}")
                    case UInt8(ascii: "f"): scalars.append("\u{0C}")
                    case UInt8(ascii: "n"): scalars.append("\n")
                    case UInt8(ascii: "r"): scalars.append("\r")
                    case UInt8(ascii: "t"): scalars.append("\t")
                    case UInt8(ascii: "u"):
                        guard let unit = hex4() else { return nil }
                        if (0xD800...0xDBFF).contains(unit) {
                            guard current == UInt8(ascii: "\\"), position + 1 < bytes.count,
                                bytes[position + 1] == UInt8(ascii: "u")
                            else { return nil }
                            position += 2
                            guard let low = hex4(), (0xDC00...0xDFFF).contains(low) else { return nil }
                            scalars.append(Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))!)
                        } else if (0xDC00...0xDFFF).contains(unit) {
                            return nil
                        } else {
                            scalars.append(Unicode.Scalar(unit)!)
                        }
                    default: return nil
                    }
                default:
                    guard byte >= 0x20 else { return nil }
                    raw.append(byte)
                }
            }
            return nil
        }

        mutating func hex4() -> UInt32? {
            guard position + 4 <= bytes.count else { return nil }
            var unit: UInt32 = 0
            for byte in bytes[position..<position + 4] {
                let digit: UInt32
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
                default: return nil
                }
                unit = unit * 16 + digit
            }
            position += 4
            return unit
        }

        /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, returned as text.
        mutating func number() -> String? {
            let start = position
            func digits() -> Int {
                var count = 0
                while let byte = current, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                    position += 1
                    count += 1
                }
                return count
            }
            if current == UInt8(ascii: "-") { position += 1 }
            if current == UInt8(ascii: "0") {
                position += 1
            } else if digits() == 0 {
                return nil
            }
            if current == UInt8(ascii: ".") {
                position += 1
                guard digits() > 0 else { return nil }
            }
            if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                position += 1
                if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
                guard digits() > 0 else { return nil }
            }
            return String(decoding: bytes[start..<position], as: UTF8.self)
        }
    }
}

/// One member of a JSON object, in the order it was written.
package struct ReferenceMember: Equatable, Sendable {
    package var key: String
    package var value: ReferenceJSON

    package init(key: String, value: ReferenceJSON) {
        self.key = key
        self.value = value
    }
}

/// A JSON number's exact value: `digits × 10^exponent`, sign apart.
///
/// The reference reads every number through this, never through a binary
/// float: `digits` has no leading zeros (empty means zero) and `exponent` is
/// clamped to ±100,000, far beyond any value a rule can accept.
package struct ReferenceNumber: Equatable, Sendable {
    package var negative: Bool
    package var digits: [UInt8]  // decimal digit values 0...9
    package var exponent: Int
    /// No fraction and no exponent in the text: what the contract calls a JSON integer.
    package var isIntegerLiteral: Bool

    package init?(_ text: String) {
        var bytes = Array(text.utf8)[...]
        negative = bytes.first == UInt8(ascii: "-")
        if negative { bytes = bytes.dropFirst() }
        var mantissa: [UInt8] = []
        var fractionDigits = 0
        var seenPoint = false
        var exponentValue = 0
        isIntegerLiteral = true
        while let byte = bytes.first {
            if byte == UInt8(ascii: ".") {
                seenPoint = true
                isIntegerLiteral = false
            } else if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                isIntegerLiteral = false
                bytes = bytes.dropFirst()
                var exponentNegative = false
                if bytes.first == UInt8(ascii: "+") || bytes.first == UInt8(ascii: "-") {
                    exponentNegative = bytes.first == UInt8(ascii: "-")
                    bytes = bytes.dropFirst()
                }
                guard !bytes.isEmpty else { return nil }
                for digit in bytes {
                    guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") else { return nil }
                    exponentValue = min(exponentValue * 10 + Int(digit - UInt8(ascii: "0")), 100_000)
                }
                if exponentNegative { exponentValue = -exponentValue }
                break
            } else if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                mantissa.append(byte - UInt8(ascii: "0"))
                if seenPoint { fractionDigits += 1 }
            } else {
                return nil
            }
            bytes = bytes.dropFirst()
        }
        guard !mantissa.isEmpty else { return nil }
        exponent = exponentValue - fractionDigits
        while mantissa.first == 0 { mantissa.removeFirst() }
        while let last = mantissa.last, last == 0 {
            mantissa.removeLast()
            exponent += 1
        }
        digits = mantissa
        if digits.isEmpty { exponent = 0 }
    }

    package var isZero: Bool { digits.isEmpty }

    /// The value times 10^`scale`, split into its whole part (nil when it does not
    /// fit an Int64) and the decimal digits cut off after it (empty when exact;
    /// otherwise ending with a non-zero digit).
    package func split(scale: Int) -> (whole: Int64?, cut: [UInt8]) {
        if isZero { return (0, []) }
        let shift = exponent + scale
        var kept = digits
        var cut: [UInt8] = []
        if shift < 0 {
            let drop = -shift
            if drop >= digits.count {
                kept = []
                cut = Array(repeating: 0, count: drop - digits.count) + digits
            } else {
                kept = Array(digits[0..<(digits.count - drop)])
                cut = Array(digits[(digits.count - drop)...])
            }
        } else {
            guard digits.count + shift <= 19 else { return (nil, cut) }
            kept += Array(repeating: 0, count: shift)
        }
        var magnitude: UInt64 = 0
        for digit in kept {
            let (product, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = product.addingReportingOverflow(UInt64(digit))
            if overflow1 || overflow2 { return (nil, cut) }
            magnitude = sum
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return (nil, cut) }
            return (Int64(truncatingIfNeeded: 0 &- magnitude), cut)
        }
        guard magnitude <= UInt64(Int64.max) else { return (nil, cut) }
        return (Int64(magnitude), cut)
    }

    /// The value times 10^`scale` when that is a whole number that fits an Int64.
    package func scaledInteger(scale: Int) -> Int64? {
        let (whole, cut) = split(scale: scale)
        return cut.isEmpty ? whole : nil
    }

    /// The value (>= 0) times 10^`scale`, rounded half to even.
    package func roundedScaledInteger(scale: Int) -> Int64? {
        let (whole, cut) = split(scale: scale)
        guard let whole else { return nil }
        guard let first = cut.first else { return whole }
        let tailNonZero = cut.dropFirst().contains { $0 != 0 }
        let up = first > 5 || (first == 5 && (tailNonZero || whole % 2 != 0))
        return up ? whole + 1 : whole
    }

    /// The value as a Foundation `Decimal`: exact up to 38 significant digits,
    /// truncated beyond (a mean printed with 40 digits, say); nil when out of its range.
    package var decimal: Decimal? {
        if isZero { return 0 }
        let kept = digits.prefix(38)
        let shift = exponent + (digits.count - kept.count)
        guard abs(shift) <= 100 else { return nil }
        let text = (negative ? "-" : "") + kept.map { String($0) }.joined() + "e\(shift)"
        return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
    }
}
