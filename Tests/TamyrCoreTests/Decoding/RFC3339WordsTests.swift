import Testing
@testable import TamyrCore

/// ``RFC3339Timestamp/parseWords(_:count:)`` (the fast path's word-at-a-time
/// parser) against ``RFC3339Timestamp/parse(_:count:)`` (the general path's,
/// byte by byte) and, for valid texts, the Foundation-based ``ReferenceTimestamp``.
@Suite("The word-at-a-time RFC 3339 parser agrees with the byte-by-byte one and with Foundation")
struct RFC3339WordsTests {
    /// Both parsers on `text`, placed right before a guard page so that a read past it crashes.
    /// Checks that `parseWords` gives `parse`'s milliseconds or gives up, and gives up only on
    /// texts `parse` refuses or on a 9-digit fraction; returns `parseWords`'s result.
    @discardableResult
    static func check(_ text: [UInt8], in buffer: GuardedBuffer) -> Int64? {
        buffer.withPayload(text) { payload in
            let base = payload.baseAddress!
            let words = RFC3339Timestamp.parseWords(base, count: payload.count)
            let bytes = RFC3339Timestamp.parse(base, count: payload.count)
            let shown = String(decoding: text, as: UTF8.self)
            if let words {
                #expect(bytes == .millis(words), "parseWords accepted \(shown) as \(words), parse says \(bytes)")
            } else if case .millis = bytes {
                #expect(hasNineDigitFraction(text), "parseWords refused \(shown), which parse accepts")
            }
            return words
        }
    }

    /// Whether `text` has a `.` followed by exactly nine digits, the one valid form `parseWords` leaves alone.
    static func hasNineDigitFraction(_ text: [UInt8]) -> Bool {
        guard let point = text.firstIndex(of: UInt8(ascii: ".")) else { return false }
        let digits = text[(point + 1)...].prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        return digits.count == 9
    }

    @Test("edge cases: the range's ends, leap years, second 60, every fraction length, offsets")
    func edgeCases() throws {
        let buffer = GuardedBuffer(capacity: 4096)
        let expected: [(String, Int64)] = [
            ("1970-01-01T00:00:00Z", 0),
            ("1970-01-01T00:00:00.000Z", 0),
            ("1970-01-01T05:00:00+05:00", 0),
            ("9999-12-31T23:59:59.999Z", 253_402_300_799_999),
            ("9999-12-31T23:59:59.99999999z", 253_402_300_799_999),
            ("2024-02-29T00:00:00Z", 1_709_164_800_000),
            ("2016-12-31T23:59:60Z", 1_483_228_800_000),
            ("2016-12-31t23:59:60.5Z", 1_483_228_800_500),
            ("1969-12-31T23:59:59.999Z", -1),
            ("1970-01-01T00:00:00+00:01", -60_000),
            ("1970-01-01T00:00:00-23:59", 86_340_000),
        ]
        for (text, millis) in expected {
            #expect(Self.check(Array(text.utf8), in: buffer) == millis, "\(text)")
        }
        for text in [
            "2023-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-00-01T00:00:00Z",
            "2024-04-31T00:00:00Z", "2024-01-00T00:00:00Z", "2024-01-01T24:00:00Z", "2024-01-01T00:60:00Z",
            "2024-01-01T00:00:61Z", "2024-01-01T00:00:00+24:00", "2024-01-01T00:00:00+00:60", "2024-01-01T00:00:00.Z",
            "2024-01-01T00:00:00", "2024-01-01 00:00:00Z", "2024-01-01T00:00:00.1234567890Z", "2024/01/01T00:00:00Z",
            "2024-01-01T00:00:00+0500", "2024-01-01T00:00:00.5+05:0Z", "+024-01-01T00:00:00Z", "2024-01-01T00:00:0aZ",
        ] {
            #expect(Self.check(Array(text.utf8), in: buffer) == nil, "\(text)")
        }
        // Every fraction length with both zone forms; 9 digits are left to the general path.
        for digits in 0 ... 9 {
            let fraction = digits == 0 ? "" : "." + String("987654321".prefix(digits))
            for zone in ["Z", "z", "+05:00", "-03:30", "+23:59"] {
                let text = "2026-11-30T10:00:00" + fraction + zone
                let millis = Self.check(Array(text.utf8), in: buffer)
                #expect((millis == nil) == (digits == 9), "\(text)")
                if let millis, case .millis(let reference) = ReferenceTimestamp.parse(text) {
                    #expect(millis == reference, "\(text)")
                }
            }
        }
    }

    @Test("every day of every month of 1600 ... 2500 at a random time agrees with Foundation")
    func calendar() {
        let buffer = GuardedBuffer(capacity: 4096)
        var random = SplitMix64(seed: 3339)
        for year in stride(from: 1600, through: 2500, by: 7) {
            for month in 1 ... 12 {
                for day in 1 ... 31 {
                    let text = Self.timestamp(year: year, month: month, day: day, using: &random)
                    let words = Self.check(Array(text.utf8), in: buffer)
                    switch ReferenceTimestamp.parse(text) {
                    case .millis(let millis): #expect(words == millis || Self.hasNineDigitFraction(Array(text.utf8)), "\(text)")
                    case .impossible, .badShape: #expect(words == nil, "\(text)")
                    }
                }
            }
        }
    }

    @Test("random and mutated texts: the word parser accepts only what the byte parser accepts", arguments: 0 ..< UInt64(4))
    func mutatedTexts(seed: UInt64) {
        let buffer = GuardedBuffer(capacity: 4096)
        var random = SplitMix64(seed: seed &+ 77)
        let bytes = Array("0123456789-:.+TtZz /\u{0}".utf8) + [0x80, 0xFF, 0x2F, 0x3A]
        var accepted = 0
        for _ in 0 ..< 40_000 {
            var text = Array(
                Self.timestamp(
                    year: Int.random(in: 0 ... 9999, using: &random), month: Int.random(in: 0 ... 13, using: &random),
                    day: Int.random(in: 0 ... 32, using: &random), using: &random
                ).utf8
            )
            for _ in 0 ..< Int.random(in: 0 ... 2, using: &random) where random.chance(0.5) {
                let position = Int.random(in: 0 ..< text.count, using: &random)
                switch Int.random(in: 0 ..< 3, using: &random) {
                case 0: text[position] = bytes.randomElement(using: &random)!
                case 1: text.remove(at: position)
                default: text.insert(bytes.randomElement(using: &random)!, at: position)
                }
            }
            if Self.check(text, in: buffer) != nil { accepted += 1 }
            // Every prefix too: shapes cut short must be refused, and never read past their end.
            if random.chance(0.05) {
                for length in 0 ..< text.count { Self.check(Array(text[..<length]), in: buffer) }
            }
        }
        #expect(accepted > 10_000, "too few valid texts to compare values")
    }

    /// A timestamp with the given date, a random time (hour up to 24, minute up to 60 and
    /// second up to 61, so some are impossible), a random fraction of 0-9 digits and a random zone.
    static func timestamp(year: Int, month: Int, day: Int, using random: inout SplitMix64) -> String {
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        func four(_ value: Int) -> String { String(repeating: "0", count: 4 - String(value).count) + String(value) }
        let hour = random.chance(0.05) ? 24 : Int.random(in: 0 ... 23, using: &random)
        let minute = random.chance(0.05) ? 60 : Int.random(in: 0 ... 59, using: &random)
        let second = Int.random(in: 0 ... 61, using: &random)
        let digits = Int.random(in: 0 ... 9, using: &random)
        let fraction = digits == 0 ? "" : "." + (0 ..< digits).map { _ in String(Int.random(in: 0 ... 9, using: &random)) }.joined()
        let zone: String
        switch Int.random(in: 0 ..< 4, using: &random) {
        case 0: zone = "Z"
        case 1: zone = "z"
        default:
            let offsetHour = random.chance(0.05) ? 24 : Int.random(in: 0 ... 23, using: &random)
            let offsetMinute = random.chance(0.05) ? 60 : Int.random(in: 0 ... 59, using: &random)
            zone = (random.chance(0.5) ? "+" : "-") + two(offsetHour) + ":" + two(offsetMinute)
        }
        let separator = random.chance(0.1) ? "t" : "T"
        return four(year) + "-" + two(month) + "-" + two(day) + separator + two(hour) + ":" + two(minute) + ":" + two(second)
            + fraction + zone
    }
}
