import Foundation
import Testing
import TamyrCore

@Suite("Amounts are exact tiyn, summed without rounding")
struct AmountTests {
    private func tiyn(_ text: String) -> Int64?? {
        guard let event = decodeSingleEvent(EventFixture.event(["amount": text])) else { return nil }
        return event.rejection == nil ? .some(event.amountTiyn) : .some(nil)
    }

    @Test(
        "decimal texts convert exactly",
        arguments: [
            ("0.1", 10), ("0.2", 20), ("0.10", 10), ("0.20", 20), ("0.3", 30), ("1e2", 10_000), ("1E+2", 10_000),
            ("1.5", 150), ("1.50", 150), ("1.500", 150), ("1e-2", 1), ("0.01", 1), ("100", 10_000),
            ("12345678901234.56", 1_234_567_890_123_456), ("92233720368547758.07", .max), ("0.0000", 0),
            ("1234.5e1", 1_234_500), ("123400e-4", 1_234), ("5e-1", 50), ("0.5e1", 500),
            ("9223372036854775.807e1", .max), ("1.10000000000000000000000000000000000000", 110),
        ] as [(String, Int64)]
    )
    func exactConversion(text: String, expected: Int64) {
        #expect(tiyn(text) == .some(expected), "\(text)")
    }

    @Test("0.10 + 0.20 is exactly 30 tiyn, where binary floating point is not 0.3")
    func pointOnePlusPointTwo() throws {
        let events = decodeEvents(EventFixture.event(["amount": "0.10"]) + "\n" + EventFixture.event(["amount": "0.20"]))
        let sum = events.compactMap(\.amountTiyn).reduce(0, +)
        #expect(sum == 30)
        #expect(0.1 + 0.2 != 0.3)  // the reason the decoder never goes through Double
    }

    @Test("values one tiyn past Int64.max, or with a non-zero third decimal, are out_of_range")
    func limits() {
        #expect(tiyn("92233720368547758.08") == .some(nil))
        #expect(tiyn("922337203685477580.7") == .some(nil))
        #expect(tiyn("1.001") == .some(nil))
        #expect(tiyn("0.009") == .some(nil))
        #expect(tiyn("1.0000000000000000000000001") == .some(nil))
    }

    @Test("thousands of random amounts sum to the same total as Foundation's Decimal", arguments: 0 ..< UInt64(3))
    func randomSums(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        var texts: [String] = []
        for _ in 0 ..< 4_000 {
            texts.append(Self.randomAmountText(using: &random))
        }
        let payload = texts.map { EventFixture.event(["amount": $0]) }.joined(separator: "\n")
        let events = decodeEvents(payload)
        try #require(events.count == texts.count)

        var decodedSum: Int64 = 0
        var expectedSum = Decimal(0)
        for (text, event) in zip(texts, events) {
            let value = try #require(Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")), "\(text)")
            let scaled = value * 100
            var rounded = Decimal()
            var input = scaled
            NSDecimalRound(&rounded, &input, 0, .plain)
            let isWholeTiyn = rounded == scaled && value >= 0
            #expect((event.rejection == nil) == isWholeTiyn, "seed \(seed): \(text) -> \(event.verdict)")
            if event.rejection == nil {
                #expect(Decimal(event.amountTiyn ?? -1) == scaled, "seed \(seed): \(text)")
                decodedSum += event.amountTiyn ?? 0
                expectedSum += value
            }
        }
        #expect(Decimal(decodedSum) == expectedSum * 100, "seed \(seed)")
    }

    /// Mostly valid amounts (0-2 decimals, sometimes trailing zeros or an exponent), some with a third decimal.
    static func randomAmountText(using random: inout SplitMix64) -> String {
        let whole = random.chance(0.1) ? UInt64.random(in: 0 ... 999_999_999_999, using: &random) : UInt64.random(in: 0 ... 99_999, using: &random)
        var text = String(whole)
        let decimals = Int.random(in: 0 ... 3, using: &random)
        if decimals > 0 {
            text += "." + (0 ..< decimals).map { _ in String(Int.random(in: 0 ... 9, using: &random)) }.joined()
            if random.chance(0.2) { text += String(repeating: "0", count: Int.random(in: 1 ... 5, using: &random)) }
        }
        if random.chance(0.1) {
            let exponent = Int.random(in: -3 ... 3, using: &random)
            text += (random.chance(0.5) ? "e" : "E") + String(exponent)
        }
        return text
    }
}
