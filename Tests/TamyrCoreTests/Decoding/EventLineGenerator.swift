/// Generates event lines for the differential test: syntactically valid JSON
/// objects with random field values, types, order, whitespace, escapes,
/// duplicate keys and nested unknown fields, plus byte-level mutations of them.
///
/// Never emits a line feed, so every line stays one NDJSON record. Exponents
/// are single digits, so that one inserted digit cannot push a number beyond
/// what Foundation can represent (a corner excluded from the comparison).
struct EventLineGenerator {
    var random: SplitMix64
    /// Whether the event being generated may break field rules; clean events
    /// keep every field valid (optional ones may be absent), so that value
    /// comparisons get enough valid events.
    private var noisy = true

    static let domains = ["customs", "tax", "ecommerce", "ҚызметДомен"]
    static let fieldKeys = ["id", "ts", "domain", "service", "status", "duration_ms", "region", "channel", "amount",
        "applicant", "src", "seq"]

    static let invalidUTF8: [[UInt8]] = [
        [0xC0, 0xAF], [0xC1, 0x81], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], [0xF0, 0x80, 0x80, 0x80],
        [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xFF], [0xFE], [0x80], [0xBF], [0xC3], [0xE2, 0x82],
        [0xF0, 0x9F, 0x98],
    ]

    init(seed: UInt64) {
        random = SplitMix64(seed: seed)
    }

    // MARK: - Lines

    /// One line: a generated event, mutated with probability `mutationRate`.
    mutating func line(mutationRate: Double) -> [UInt8] {
        noisy = random.chance(0.6)
        let text = Array(eventObject().utf8)
        return random.chance(mutationRate) ? mutate(text) : text
    }

    /// A JSON object text with the known fields (each possibly missing, null,
    /// invalid or of the wrong type), unknown fields and sometimes duplicates.
    mutating func eventObject() -> String {
        var members: [(String, String)] = []
        for key in Self.fieldKeys {
            let presence = Double.random(in: 0 ..< 1, using: &random)
            let optional = Self.fieldKeys.firstIndex(of: key)! >= 6
            if presence < 0.03, noisy || optional { continue }  // absent
            members.append((key, presence < 0.06 && (noisy || optional) ? "null" : value(for: key)))
        }
        for _ in 0 ..< Int.random(in: 0 ... 2, using: &random) {
            members.append((unknownKey(), nestedValue(depth: Int.random(in: 0 ... 4, using: &random))))
        }
        if random.chance(0.1), noisy, let duplicate = Self.fieldKeys.randomElement(using: &random) {
            // A repeated key: the later occurrence must win.
            members.append((duplicate, random.chance(0.3) ? "null" : value(for: duplicate)))
        }
        if random.chance(0.3) { members.shuffle(using: &random) }

        var text = space() + "{" + space()
        for (index, member) in members.enumerated() {
            if index > 0 { text += space() + "," + space() }
            text += string(member.0, escaping: 0.05) + space() + ":" + space() + member.1
        }
        return text + space() + "}" + space()
    }

    // MARK: - Field values

    private mutating func value(for key: String) -> String {
        let roll = Double.random(in: 0 ..< 1, using: &random)
        if roll < 0.05, noisy { return wrongType(for: key) }
        switch key {
        case "id": return string(text(length: lengthAround(1 ... 128)), escaping: 0.1)
        case "ts": return timestamp()
        case "domain":
            let name = !noisy || random.chance(0.85) ? Self.domains.randomElement(using: &random)! : text(length: Int.random(in: 0 ... 12, using: &random))
            return string(noisy && random.chance(0.05) ? name.uppercased() : name, escaping: 0.1)
        case "service": return string(serviceName(), escaping: 0.05)
        case "status":
            let options = ["ok", "failed", "rejected", "OK", "fail", "", "rejected ", "ok\u{0}"]
            return string(pick(options, validCount: 3), escaping: 0.1)
        case "duration_ms": return number(maximumInteger: !noisy || random.chance(0.95) ? 100_000 : 200_000_000, decimals: 0 ... 6)
        case "region":
            let options = ["KZ-ALA", "KZ-AST", "KZ-75", "KZ-19", "KZ-SHY", "KZ-1", "KZ-ABCD", "kz-ala", "KZ_ALA", "", "KZ-Ал"]
            return string(pick(options, validCount: 5), escaping: 0.1)
        case "channel":
            let options = ["online", "mobile", "office", "web", "Online", "", "offic"]
            return string(pick(options, validCount: 3), escaping: 0.1)
        case "amount": return number(maximumInteger: random.chance(0.1) ? 999_999_999_999_999 : 99_999, decimals: noisy ? 0 ... 4 : 0 ... 2)
        case "applicant": return string(text(length: lengthAround(1 ... 128)), escaping: 0.1)
        case "src": return string(text(length: lengthAround(1 ... 64)), escaping: 0.1)
        default:  // "seq"
            switch Int.random(in: noisy ? 0 ..< 10 : 2 ..< 10, using: &random) {
            case 0: return "-" + String(UInt64.random(in: 0 ... 5, using: &random))
            case 1: return ["9223372036854775807", "9223372036854775808", "99999999999999999999", "1.0", "1e3", "-0"].randomElement(using: &random)!
            default: return String(UInt64.random(in: 0 ... 1_000_000, using: &random))
            }
        }
    }

    /// One of the first `validCount` options when clean, else mostly those, sometimes any.
    private mutating func pick(_ options: [String], validCount: Int) -> String {
        !noisy || random.chance(0.85)
            ? options[Int.random(in: 0 ..< validCount, using: &random)] : options.randomElement(using: &random)!
    }

    private mutating func wrongType(for key: String) -> String {
        let options = ["true", "false", "[]", "{}", "[1,\"a\"]", "{\"v\":1}", "\"12\"", "12", "-3.5", "\"\""]
        return options.randomElement(using: &random)!
    }

    private mutating func timestamp() -> String {
        switch Int.random(in: 0 ..< (noisy ? 10 : 4), using: &random) {
        case 0 ..< 4:
            // Mostly 2024-2026, sometimes ahead of the test clock (future_ts), or out of range.
            let millis: Int64 =
                !noisy || random.chance(0.9)
                ? Int64.random(in: 1_704_067_200_000 ... 1_798_761_600_000, using: &random)
                : [0, -1, 253_402_300_799_999, 253_402_300_800_000, 1_900_000_000_000].randomElement(using: &random)!
            return noisy && random.chance(0.05) ? String(millis) + ".0" : String(millis)
        case 4 ..< 9:
            return string(RFC3339TimestampTests.randomTimestamp(using: &random), escaping: 0.02)
        default:
            return ["1.7e12", "1732960800000.5", "\"yesterday\"", "\"\"", "-0", "1E3"].randomElement(using: &random)!
        }
    }

    private mutating func serviceName() -> String {
        let allowed = Array("abcdefghijklmnopqrstuvwxyz0123456789._-")
        let length = lengthAround(1 ... 64)
        var name = String((0 ..< length).map { _ in allowed.randomElement(using: &random)! })
        if noisy, random.chance(0.1), !name.isEmpty {
            // One character outside the allowed set.
            let bad: [Character] = ["A", " ", "/", "Қ", "é", "\n", "+"]
            name.insert(bad.randomElement(using: &random)!, at: name.index(name.startIndex, offsetBy: Int.random(in: 0 ..< name.count, using: &random)))
        }
        return name
    }

    /// A JSON number with up to `decimals` fraction digits, sometimes negative, `-0`, or with a one-digit exponent.
    private mutating func number(maximumInteger: UInt64, decimals: ClosedRange<Int>) -> String {
        if random.chance(0.03) { return ["-0", "-0.0", "0", "0.000", "0e5", "-0e-3"].randomElement(using: &random)! }
        var text = noisy && random.chance(0.07) ? "-" : ""
        text += String(UInt64.random(in: 0 ... maximumInteger, using: &random))
        let fraction = Int.random(in: decimals, using: &random)
        if fraction > 0, random.chance(0.6) {
            text += "." + String((0 ..< fraction).map { _ in Character(String(Int.random(in: 0 ... 9, using: &random))) })
        }
        if noisy, random.chance(0.08) {
            text += (random.chance(0.5) ? "e" : "E") + ["", "+", "-"].randomElement(using: &random)! + String(Int.random(in: 0 ... 9, using: &random))
        }
        return text
    }

    // MARK: - Unknown fields

    private mutating func unknownKey() -> String {
        ["note", "meta", "x", "trace_id", "ID", "Ts", "durationMs", "ключ", "", "amount2", "seq_", "nested"].randomElement(using: &random)!
    }

    /// Any JSON value, nested up to `depth` more levels.
    private mutating func nestedValue(depth: Int) -> String {
        let choice = Int.random(in: 0 ..< (depth > 0 ? 8 : 5), using: &random)
        switch choice {
        case 0: return string(text(length: Int.random(in: 0 ... 20, using: &random)), escaping: 0.2)
        case 1: return number(maximumInteger: 1_000_000_000_000, decimals: 0 ... 5)
        case 2: return ["true", "false", "null"].randomElement(using: &random)!
        case 3: return "[]"
        case 4: return "{}"
        case 5, 6:
            let items = (0 ..< Int.random(in: 1 ... 3, using: &random)).map { _ in space() + nestedValue(depth: depth - 1) + space() }
            return "[" + items.joined(separator: ",") + "]"
        default:
            let items = (0 ..< Int.random(in: 1 ... 3, using: &random)).map { _ in
                space() + string(unknownKey(), escaping: 0.1) + space() + ":" + space() + nestedValue(depth: depth - 1) + space()
            }
            return "{" + items.joined(separator: ",") + "}"
        }
    }

    // MARK: - Text

    /// Usually a length inside `range`, sometimes just outside it or zero.
    private mutating func lengthAround(_ range: ClosedRange<Int>) -> Int {
        switch Int.random(in: noisy ? 0 ..< 20 : 2 ..< 20, using: &random) {
        case 0: return 0
        case 1: return range.upperBound + Int.random(in: -2 ... 3, using: &random)
        default: return Int.random(in: range.lowerBound ... min(range.upperBound, 24), using: &random)
        }
    }

    /// `length` bytes of text (approximately, for multi-byte characters): ASCII, Kazakh, emoji, controls.
    private mutating func text(length: Int) -> String {
        var result = ""
        var bytes = 0
        let pools: [[Character]] = [
            Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:/ "),
            Array("ҚқӘәҒғҢңӨөҰұҮүҺһІіАаБбВвЖжШш"),
            Array("😀🇰🇿€é\"\\\u{7F}"),
            Array("\u{0}\u{1}\t\n\r\u{1F}"),
        ]
        while bytes < length {
            let pool = Int.random(in: 0 ..< 100, using: &random)
            let character = pools[pool < 80 ? 0 : pool < 93 ? 1 : pool < 98 ? 2 : 3].randomElement(using: &random)!
            result.append(character)
            bytes += character.utf8.count
        }
        return result
    }

    /// `text` as a JSON string literal; each scalar is escaped with probability
    /// `escaping` (quotes, backslashes and controls always are).
    private mutating func string(_ text: String, escaping: Double) -> String {
        var literal = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": literal += "\\\""
            case "\\": literal += "\\\\"
            case "\n": literal += random.chance(0.5) ? "\\n" : "\\u000a"
            case "\t": literal += "\\t"
            case "\r": literal += "\\r"
            case "\u{8}": literal += "\\b"
            case "\u{C}": literal += "\\f"
            case "/" where random.chance(escaping): literal += "\\/"
            default:
                if scalar.value < 0x20 || random.chance(escaping) {
                    literal += unicodeEscape(scalar)
                } else {
                    literal.unicodeScalars.append(scalar)
                }
            }
        }
        return literal + "\""
    }

    private mutating func unicodeEscape(_ scalar: Unicode.Scalar) -> String {
        func hex(_ unit: UInt32) -> String {
            let digits = String(unit, radix: 16)
            return "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
        }
        let upper = random.chance(0.3)
        var text: String
        if scalar.value > 0xFFFF {
            let offset = scalar.value - 0x1_0000
            text = hex(0xD800 + (offset >> 10)) + hex(0xDC00 + (offset & 0x3FF))
        } else {
            text = hex(scalar.value)
        }
        if upper { text = text.uppercased().replacingFirstU() }
        return text
    }

    /// Whitespace between tokens: usually none; never a line feed.
    private mutating func space() -> String {
        guard random.chance(0.15) else { return "" }
        return [" ", "  ", "\t", " \t", "\r", " \r "].randomElement(using: &random)!
    }

    // MARK: - Mutations

    /// `line` with 1-3 byte-level mutations: delete, insert, replace, truncate,
    /// inject invalid UTF-8 (never a line feed).
    mutating func mutate(_ line: [UInt8]) -> [UInt8] {
        var bytes = line
        let structural = Array(#"{}[]",:0123456789eE.-+tfnu\ "#.utf8)
        func randomByte(_ random: inout SplitMix64) -> UInt8 {
            if random.chance(0.7) { return structural.randomElement(using: &random)! }
            var byte = UInt8.random(in: 0 ... 255, using: &random)
            if byte == 0x0A { byte = 0x0B }
            return byte
        }
        for _ in 0 ..< Int.random(in: 1 ... 3, using: &random) where !bytes.isEmpty {
            let index = Int.random(in: 0 ..< bytes.count, using: &random)
            switch Int.random(in: 0 ..< 6, using: &random) {
            case 0: bytes.remove(at: index)
            case 1: bytes.insert(randomByte(&random), at: index)
            case 2: bytes[index] = randomByte(&random)
            case 3: bytes = Array(bytes[..<max(1, index)])
            case 4: bytes.insert(contentsOf: Self.invalidUTF8.randomElement(using: &random)!, at: index)
            default:
                // Swap two bytes: keeps the length, often keeps the JSON valid.
                let other = Int.random(in: 0 ..< bytes.count, using: &random)
                bytes.swapAt(index, other)
            }
        }
        return bytes
    }
}

extension String {
    /// `\U00E9` back to `\u00E9`: upper-case hex digits, lower-case escape letter.
    fileprivate func replacingFirstU() -> String {
        split(separator: "\\", omittingEmptySubsequences: true).map { "\\u" + $0.dropFirst() }.joined()
    }
}
