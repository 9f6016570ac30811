import Testing
import TamyrRuntime

/// WATCHDOG=1 goes out every half period, and only while both pipeline threads
/// turn their loops. Clock values are made by hand: nothing sleeps.
@Suite("The watchdog pings only while both pipeline threads are alive")
struct WatchdogScheduleTests {
    /// One aggregation loop turn: its time and the two threads' last beats (monotonic ms).
    typealias Turn = (now: Int64, ingest: Int64, aggregate: Int64)

    /// Whether each turn pings, with WATCHDOG_USEC=2 s: a ping due every second,
    /// and a beat older than a second is stale.
    private func pings(_ turns: [Turn]) -> [Bool] {
        var schedule = WatchdogSchedule(watchdogMicros: 2_000_000)
        return turns.map { schedule.shouldPing(nowMillis: $0.now, ingestBeatMillis: $0.ingest, aggregateBeatMillis: $0.aggregate) }
    }

    @Test("half of WATCHDOG_USEC between pings")
    func interval() {
        #expect(WatchdogSchedule(watchdogMicros: 2_000_000).intervalMillis == 1_000)
        #expect(WatchdogSchedule(watchdogMicros: 30_000_000).intervalMillis == 15_000)
        #expect(WatchdogSchedule(watchdogMicros: 1).intervalMillis == 1)
    }

    @Test("an idle but healthy pipeline pings once per interval, not on every turn")
    func healthyPings() {
        // Aggregation turns every millisecond, ingest every 100 ms, for 3.5 s.
        let turns: [Turn] = (Int64(10_000) ... 13_500).map { ($0, $0 - $0 % 100, $0) }
        let pinged = zip(turns, pings(turns)).filter(\.1).map(\.0.now)
        #expect(pinged == [10_000, 11_000, 12_000, 13_000])
    }

    @Test("a stuck ingest thread stops the pings while aggregation keeps turning")
    func staleIngest() {
        // The ingest thread's last beat is at 10,000.
        #expect(pings([(10_000, 9_950, 10_000), (11_001, 10_000, 11_001), (20_000, 10_000, 20_000)]) == [true, false, false])
    }

    @Test("a stale aggregation beat stops the pings")
    func staleAggregation() {
        #expect(pings([(10_000, 10_000, 8_999)]) == [false])
    }

    @Test("no ping before both threads have beaten once")
    func noBeatYet() {
        #expect(pings([(500, 0, 500), (500, 500, 0)]) == [false, false])
    }

    @Test("a thread that recovers is pinged for at once, then the interval resumes")
    func recovery() {
        let turns: [Turn] = [(10_000, 10_000, 10_000), (12_000, 10_500, 12_000), (12_001, 12_001, 12_001), (12_500, 12_500, 12_500)]
        #expect(pings(turns) == [true, false, true, false])
    }
}
