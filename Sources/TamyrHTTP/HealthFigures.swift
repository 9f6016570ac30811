import TamyrRuntime

/// What `/healthz` and `/readyz` decide on, read from ``DaemonHealth`` at one
/// moment, with the rules as pure functions of it (tested without a daemon).
struct HealthFigures: Sendable {
    var ready: Bool
    /// Monotonic milliseconds of each pipeline thread's last loop turn; 0 before its first.
    var ingestBeatMillis: Int64
    var aggregateBeatMillis: Int64
    var watermarkMillis: Int64?
    /// Monotonic milliseconds when the watermark last changed.
    var watermarkMovedAtMillis: Int64
    var nowMonotonicMillis: Int64
    /// `windows.idle_timeout`: after that long without events the watermark follows the clock.
    var idleTimeoutMillis: Int64

    /// A pipeline thread whose loop has not turned for this long is stuck. Both turn at
    /// least every 100 ms; the margin covers a loaded machine and sanitizer builds.
    static let beatLimitMillis: Int64 = 10_000
    /// Slack on top of `windows.idle_timeout` before a watermark that stood still counts as stalled.
    static let watermarkSlackMillis: Int64 = 10_000

    init(_ health: DaemonHealth, nowMonotonicMillis: Int64, idleTimeoutMillis: Int64) {
        self.init(
            ready: health.isReady, ingestBeatMillis: health.ingestBeatMillis, aggregateBeatMillis: health.aggregateBeatMillis,
            watermarkMillis: health.watermarkMillis, watermarkMovedAtMillis: health.watermarkMovedAtMillis,
            nowMonotonicMillis: nowMonotonicMillis, idleTimeoutMillis: idleTimeoutMillis)
    }

    init(
        ready: Bool, ingestBeatMillis: Int64, aggregateBeatMillis: Int64, watermarkMillis: Int64?, watermarkMovedAtMillis: Int64,
        nowMonotonicMillis: Int64, idleTimeoutMillis: Int64
    ) {
        self.ready = ready
        self.ingestBeatMillis = ingestBeatMillis
        self.aggregateBeatMillis = aggregateBeatMillis
        self.watermarkMillis = watermarkMillis
        self.watermarkMovedAtMillis = watermarkMovedAtMillis
        self.nowMonotonicMillis = nowMonotonicMillis
        self.idleTimeoutMillis = idleTimeoutMillis
    }

    /// An answer and, when it is not OK, why, in a few words.
    struct Verdict: Sendable, Equatable {
        var failure: String?
        var isOK: Bool { failure == nil }
        static let ok = Verdict(failure: nil)
    }

    /// `/healthz`: both pipeline threads turned their loops within ``beatLimitMillis``.
    var liveness: Verdict {
        for (name, beat) in [("ingest", ingestBeatMillis), ("aggregation", aggregateBeatMillis)] {
            if beat == 0 { return Verdict(failure: "the \(name) thread has not started") }
            let silent = nowMonotonicMillis - beat
            if silent > Self.beatLimitMillis { return Verdict(failure: "the \(name) thread has not turned for \(silent) ms") }
        }
        return .ok
    }

    /// `/readyz`: alive, every socket bound and the checkpoint restored, and the watermark
    /// advancing: no event yet, or moved within `windows.idle_timeout` + ``watermarkSlackMillis``
    /// (a quiet stream's watermark follows the wall clock after idle_timeout, so a healthy
    /// pipeline moves it at least that often).
    var readiness: Verdict {
        if let failure = liveness.failure { return Verdict(failure: failure) }
        if !ready { return Verdict(failure: "sockets not bound or checkpoint not restored yet") }
        guard watermarkMillis != nil else { return .ok }
        let still = nowMonotonicMillis - watermarkMovedAtMillis
        if still > idleTimeoutMillis + Self.watermarkSlackMillis {
            return Verdict(failure: "the watermark has not moved for \(still / 1_000) s")
        }
        return .ok
    }
}
