import Foundation
import Testing
import TamyrCore
import TamyrWorkload

struct TimestampTests {
    @Test func matchesFoundationOnRandomInstants() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        var generator = SeededGenerator(seed: 20_261_130)  // seeded: a failure must reproduce
        for _ in 0..<5_000 {
            let millis = Int64.random(in: 0...253_402_300_799_999, using: &generator)
            let ours = Timestamp.rfc3339(millis: millis)
            let date = Date(timeIntervalSince1970: Double(millis) / 1_000)
            var expected = formatter.string(from: date)
            if expected.hasSuffix(".000Z") { expected = String(expected.dropLast(5)) + "Z" }
            #expect(ours == expected)
        }
    }

    @Test func knownInstants() {
        #expect(Timestamp.rfc3339(millis: 0) == "1970-01-01T00:00:00Z")
        #expect(Timestamp.rfc3339(millis: 1_709_164_800_000) == "2024-02-29T00:00:00Z")
        #expect(Timestamp.rfc3339(millis: 1_796_032_860_123) == "2026-11-30T10:01:00.123Z")
    }
}
