import Testing
import TamyrCore

struct DurationTextTests {
    @Test(arguments: [
        ("500ms", Int64(500)), ("5s", 5_000), ("5m", 300_000), ("1h", 3_600_000), ("1d", 86_400_000), ("0s", 0),
    ])
    func parses(text: String, millis: Int64) {
        #expect(DurationText.parseMillis(text) == millis)
    }

    @Test(arguments: ["", "5", "s", "1.5s", "-1s", "5 s", "5sec", "5M", "99999999999d"])
    func rejects(text: String) {
        #expect(DurationText.parseMillis(text) == nil)
    }

    @Test(arguments: [
        (Int64(60_000), "1m"), (3_600_000, "1h"), (300_000, "5m"), (10_000, "10s"), (90_000, "90s"),
        (86_400_000, "1d"), (172_800_000, "2d"), (5_400_000, "90m"), (1_500, "1500ms"),
    ])
    func formatsInTheLargestUnitThatDividesExactly(millis: Int64, text: String) {
        #expect(DurationText.format(millis: millis) == text)
    }

    @Test func windowNames() {
        #expect(WindowSpec(tumbling: 60_000).name == "1m")
        #expect(WindowSpec(hopping: 300_000, every: 10_000).name == "5m/10s")
    }
}
