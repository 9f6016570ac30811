import Testing
@testable import TamyrCore

/// ``RecordFastPath/decimal(at:end:)`` (two words at once, or by runs near the
/// end of the payload) against a byte-by-byte reading of its contract.
@Suite("The fast path's number reader agrees with a byte-by-byte reference")
struct FastPathDecimalTests {
    /// The contract read byte by byte: a non-negative JSON number without exponent, 1-15
    /// integer digits (a leading zero only alone), optionally `.` and 1-8 digits; its
    /// integer part, fraction digits as an integer, their count and its length in bytes.
    static func reference(_ text: [UInt8]) -> (integer: UInt64, fraction: UInt64, digits: Int, length: Int)? {
        func isDigit(_ index: Int) -> Bool { index < text.count && text[index] >= 0x30 && text[index] <= 0x39 }
        var index = 0
        var integer: UInt64 = 0
        while isDigit(index) {
            if index < 15 { integer = integer * 10 + UInt64(text[index] - 0x30) }
            index += 1
        }
        guard index >= 1, index <= 15, text[0] != 0x30 || index == 1 else { return nil }
        var fraction: UInt64 = 0
        var digits = 0
        if index < text.count, text[index] == UInt8(ascii: ".") {
            index += 1
            while isDigit(index) {
                if digits < 8 { fraction = fraction * 10 + UInt64(text[index] - 0x30) }
                digits += 1
                index += 1
            }
            guard digits >= 1, digits <= 8 else { return nil }
        }
        if index < text.count, text[index] | 0x20 == UInt8(ascii: "e") { return nil }
        return (integer, fraction, digits, index)
    }

    /// `decimal(at:end:)` on `text` placed right before a guard page, compared with the reference.
    @discardableResult
    static func check(_ text: [UInt8], in buffer: GuardedBuffer) -> Bool {
        buffer.withPayload(text) { payload in
            guard let base = payload.baseAddress, !text.isEmpty else { return false }
            let got = RecordFastPath.decimal(at: base, end: base + payload.count)
            let wanted = reference(text)
            let shown = String(decoding: text, as: UTF8.self)
            #expect(got?.integer == wanted?.integer, "integer of \(shown)")
            #expect(got?.fraction == wanted?.fraction, "fraction of \(shown)")
            #expect(got?.fractionDigits == wanted?.digits, "fraction digits of \(shown)")
            #expect(got.map { base.distance(to: $0.next) } == wanted?.length, "length of \(shown)")
            return wanted != nil
        }
    }

    @Test("hand-picked numbers, far from and right at the end of the payload")
    func handPicked() {
        let buffer = GuardedBuffer(capacity: 4096)
        let numbers = [
            "0", "-0", "7", "01", "00", "0.5", "0.", ".5", "1.", "1.0", "-1", "+1", "1e3", "1E3", "1.5e3", "1.5E-3",
            "12500", "12500.00", "1312.91", "803.276", "86400000", "86400000.001", "1796045214255", "253402300799999",
            "999999999999999", "1000000000000000", "9999999999999999", "12345678.12345678", "1234567.1234567",
            "1234567.12345678", "1234567.123456789", "0.00000001", "0.000000001", "123456789012345.5", "NaN", "\"1\"",
            "12345678", "123456789", "1234567", "12345678.5", "12345678e1",
        ]
        var valid = 0
        for number in numbers {
            // Followed by nothing, by one byte, and by enough for the two-word reading.
            for suffix in ["", ",", "}", ",\"region\":\"KZ-ALA\"}", " , \"x\": 1}", "e", "E5,\"a\":1}", ".", "0"] {
                if Self.check(Array((number + suffix).utf8), in: buffer) { valid += 1 }
            }
        }
        #expect(valid > 100)
    }

    @Test("random digit strings with every integer and fraction length, and every distance to the end", arguments: 0 ..< UInt64(4))
    func random(seed: UInt64) {
        let buffer = GuardedBuffer(capacity: 4096)
        var random = SplitMix64(seed: seed &+ 1_000)
        let tails = Array(",}] \"e.E-+0a".utf8)
        var valid = 0
        for _ in 0 ..< 50_000 {
            var text: [UInt8] = []
            if random.chance(0.03) { text.append(random.chance(0.5) ? UInt8(ascii: "-") : UInt8(ascii: "+")) }
            let integerDigits = Int.random(in: 0 ... 18, using: &random)
            for position in 0 ..< integerDigits {
                let zero = random.chance(position == 0 ? 0.1 : 0.2)
                text.append(zero ? 0x30 : UInt8.random(in: 0x30 ... 0x39, using: &random))
            }
            if random.chance(0.5) {
                text.append(UInt8(ascii: "."))
                for _ in 0 ..< Int.random(in: 0 ... 10, using: &random) { text.append(UInt8.random(in: 0x30 ... 0x39, using: &random)) }
            }
            if random.chance(0.05) { text += Array("e\(Int.random(in: 0 ... 9, using: &random))".utf8) }
            // 0 ... 20 bytes after the number, so both the two-word reading and the one by runs are taken.
            for _ in 0 ..< Int.random(in: 0 ... 20, using: &random) { text.append(tails.randomElement(using: &random)!) }
            if !text.isEmpty, Self.check(text, in: buffer) { valid += 1 }
        }
        #expect(valid > 10_000, "too few valid numbers to compare values")
    }
}
