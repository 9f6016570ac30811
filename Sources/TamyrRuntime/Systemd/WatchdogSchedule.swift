/// When the aggregation loop may send `WATCHDOG=1`: every half watchdog period,
/// and only while both pipeline threads are turning their loops.
///
/// Pure: time and the threads' beats are arguments. A thread whose last beat
/// is older than one ping interval counts as stuck, and no ping goes out until
/// it beats again; after a whole watchdog period without pings systemd kills
/// and restarts tamyrd. An idle pipeline still beats (ingest at least every
/// 100 ms, aggregation every millisecond), so it keeps pinging.
package struct WatchdogSchedule: Sendable {
    /// Milliseconds between pings: half of `$WATCHDOG_USEC`, as sd_watchdog_enabled(3) advises.
    package let intervalMillis: Int64
    private var nextPingMillis: Int64 = .min

    /// `watchdogMicros`: `$WATCHDOG_USEC`. Pings at least every millisecond apart.
    package init(watchdogMicros: Int64) {
        intervalMillis = max(1, watchdogMicros / 2_000)
    }

    /// True when a ping is due at `nowMillis` and both beats (monotonic
    /// milliseconds of each thread's last loop turn, 0 before the first) are
    /// within one interval of it; the next ping is then due one interval later.
    /// A stale beat sends nothing and leaves the ping due, so it goes out as soon
    /// as the thread beats again.
    package mutating func shouldPing(nowMillis: Int64, ingestBeatMillis: Int64, aggregateBeatMillis: Int64) -> Bool {
        guard nowMillis >= nextPingMillis else { return false }
        func recent(_ beat: Int64) -> Bool { beat > 0 && nowMillis - beat <= intervalMillis }
        guard recent(ingestBeatMillis) && recent(aggregateBeatMillis) else { return false }
        nextPingMillis = nowMillis + intervalMillis
        return true
    }
}
