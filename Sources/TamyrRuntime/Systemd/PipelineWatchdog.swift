/// The systemd watchdog as the aggregation thread drives it: called once per
/// loop turn, it sends `WATCHDOG=1` when ``WatchdogSchedule`` says the pipeline
/// is alive and a ping is due. Not a timer: if the aggregation loop stops
/// turning, so do the pings, and a stuck ingest thread (its beat in
/// ``DaemonHealth``) stops them too.
///
/// A value owned by the aggregation thread; costs one comparison per turn
/// when the watchdog is off.
struct PipelineWatchdog {
    private let notifier: SystemdNotifier
    private let health: DaemonHealth
    private var schedule: WatchdogSchedule?

    init(notifier: SystemdNotifier, health: DaemonHealth) {
        self.notifier = notifier
        self.health = health
        schedule = notifier.isEnabled ? notifier.watchdogMicros.map(WatchdogSchedule.init(watchdogMicros:)) : nil
    }

    /// The aggregation loop turned at `nowMillis` (monotonic), after its own beat.
    mutating func turn(nowMillis: Int64) {
        guard schedule != nil else { return }
        if schedule!.shouldPing(
            nowMillis: nowMillis, ingestBeatMillis: health.ingestBeatMillis, aggregateBeatMillis: health.aggregateBeatMillis)
        {
            notifier.watchdog()
        }
    }
}
