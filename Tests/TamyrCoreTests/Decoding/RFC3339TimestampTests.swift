import Foundation
import Testing
import TamyrCore

@Suite("RFC 3339 timestamps become the same epoch milliseconds Foundation computes")
struct RFC3339TimestampTests {
    private func decodedMillis(_ text: String) -> (verdict: String, millis: Int64)? {
        guard let event = decodeSingleEvent(EventFixture.event(["ts": "\"\(text)\""]), nowMillis: .max) else { return nil }
        return (event.verdict, event.timestampMillis)
    }

    @Test(
        "hand-picked timestamps match Foundation's calendar",
        arguments: [
            "2024-11-30T10:00:00Z", "2024-11-30T15:00:00+05:00", "2024-11-30T06:30:00-03:30",
            "2024-11-30t10:00:00z", "2024-11-30T10:00:00.1Z", "2024-11-30T10:00:00.12Z", "2024-11-30T10:00:00.123Z",
            "2024-11-30T10:00:00.1234Z", "2024-11-30T10:00:00.12345Z", "2024-11-30T10:00:00.123456Z",
            "2024-11-30T10:00:00.1234567Z", "2024-11-30T10:00:00.12345678Z", "2024-11-30T10:00:00.123456789Z",
            "2024-11-30T10:00:00.999999999+05:00", "2024-02-29T12:00:00Z", "2000-02-29T00:00:00Z",
            "2024-02-29T23:59:60Z", "2016-12-31T23:59:60.5Z", "1970-01-01T00:00:00Z", "1970-01-01T05:00:00+05:00",
            "1969-12-31T19:00:00-05:00", "2038-01-19T03:14:08Z", "2100-03-01T00:00:00+23:59",
            "9999-12-31T23:59:59.999Z", "2024-12-31T23:59:59-23:59", "2024-06-30T23:59:60+14:00",
        ]
    )
    func matchesFoundation(text: String) throws {
        let expected = ReferenceTimestamp.parse(text)
        guard case .millis(let millis) = expected else {
            Issue.record("the reference refused \(text): \(expected)")
            return
        }
        let decoded = try #require(decodedMillis(text))
        #expect(decoded.verdict == "valid")
        #expect(decoded.millis == millis)
    }

    @Test("leap day: 2024-02-29 is valid, 2023-02-29 and 1900-02-29 are out_of_range")
    func leapDays() throws {
        let leap = try #require(decodedMillis("2024-02-29T00:00:00Z"))
        #expect(leap.verdict == "valid")
        #expect(leap.millis == 1_709_164_800_000)
        #expect(decodedMillis("2023-02-29T00:00:00Z")?.verdict == "out_of_range/ts")
        #expect(decodedMillis("2100-02-29T00:00:00Z")?.verdict == "out_of_range/ts")
        #expect(decodedMillis("2000-02-29T00:00:00Z")?.verdict == "valid")
    }

    @Test("second 60 is the next minute's second 0")
    func leapSecond() throws {
        let leap = try #require(decodedMillis("2016-12-31T23:59:60Z"))
        let next = try #require(decodedMillis("2017-01-01T00:00:00Z"))
        #expect(leap.verdict == "valid")
        #expect(leap.millis == next.millis)
        #expect(leap.millis == 1_483_228_800_000)
    }

    @Test("ISO8601DateFormatter agrees on the forms it supports")
    func isoFormatterAgrees() throws {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        for text in ["2024-11-30T10:00:00.123+05:00", "2024-11-30T10:00:00.5-03:30", "2031-07-04T23:15:42.007Z"] {
            let date = try #require(formatter.date(from: text))
            let decoded = try #require(decodedMillis(text))
            #expect(decoded.millis == Int64((date.timeIntervalSince1970 * 1000).rounded()), "\(text)")
        }
    }

    @Test("random timestamps match Foundation's calendar", arguments: 0 ..< UInt64(4))
    func randomTimestamps(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        for _ in 0 ..< 1_000 {
            let text = Self.randomTimestamp(using: &random)
            let expected = ReferenceTimestamp.parse(text)
            let decoded = try #require(decodedMillis(text))
            switch expected {
            case .millis(let millis) where millis >= 0 && millis <= 253_402_300_799_999:
                #expect(decoded.verdict == "valid", "seed \(seed): \(text)")
                #expect(decoded.millis == millis, "seed \(seed): \(text)")
            case .millis, .impossible:
                #expect(decoded.verdict == "out_of_range/ts", "seed \(seed): \(text)")
            case .badShape:
                #expect(decoded.verdict == "bad_type/ts", "seed \(seed): \(text)")
            }
        }
    }

    /// A timestamp that is usually well-formed, sometimes impossible, now and then misshapen.
    static func randomTimestamp(using random: inout SplitMix64) -> String {
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        let year = random.chance(0.9) ? Int.random(in: 1970 ... 2100, using: &random) : Int.random(in: 1600 ... 9999, using: &random)
        let month = random.chance(0.97) ? Int.random(in: 1 ... 12, using: &random) : Int.random(in: 0 ... 19, using: &random)
        let day = random.chance(0.9) ? Int.random(in: 1 ... 28, using: &random) : Int.random(in: 0 ... 32, using: &random)
        let hour = random.chance(0.97) ? Int.random(in: 0 ... 23, using: &random) : Int.random(in: 0 ... 29, using: &random)
        let minute = random.chance(0.97) ? Int.random(in: 0 ... 59, using: &random) : Int.random(in: 0 ... 69, using: &random)
        let second = random.chance(0.95) ? Int.random(in: 0 ... 59, using: &random) : Int.random(in: 58 ... 69, using: &random)
        var text = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))\(random.chance(0.9) ? "T" : "t")"
            + "\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2))"
        if random.chance(0.6) {
            let length = Int.random(in: random.chance(0.97) ? 1 ... 9 : 0 ... 11, using: &random)
            text += "." + String((0 ..< length).map { _ in Character(String(Int.random(in: 0 ... 9, using: &random))) })
        }
        switch Int.random(in: 0 ..< 10, using: &random) {
        case 0 ..< 4: text += random.chance(0.8) ? "Z" : "z"
        case 4 ..< 9:
            let hours = random.chance(0.95) ? Int.random(in: 0 ... 14, using: &random) : Int.random(in: 15 ... 29, using: &random)
            let minutes = [0, 0, 30, 45, Int.random(in: 0 ... 69, using: &random)].randomElement(using: &random)!
            text += "\(random.chance(0.5) ? "+" : "-")\(pad(hours, 2)):\(pad(minutes, 2))"
        default:
            text += ["", "+0500", "UTC", "+05", " Z", "Z0"].randomElement(using: &random)!
        }
        return text
    }
}
