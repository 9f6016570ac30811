import TamyrCore

/// The fixed settings every check runs with, so that one input always gives
/// the same result (libFuzzer replays a crashing input expecting the crash).
enum FuzzSettings {
    /// 2026-11-30T10:00:00Z: the wall clock of the first message. Seed events
    /// carry times near it, so they pass the `future_ts` rule.
    static let nowMillis: Int64 = 1_796_032_800_000
    static let maxFutureSkewMillis = TamyrConfiguration().ingest.maxFutureSkewMillis
    static let domains = TamyrConfiguration().kpi.domains

    /// The default configuration's window shapes at a smaller scale, so that
    /// closing them costs a few records rather than the default's ~40 per window
    /// and the fuzzer runs an order of magnitude more inputs: in-order events go
    /// to base panes of 5 s that are rolled up, and the 2m/5s window (24 panes,
    /// like 5m/10s's 30) is assembled from blocks of panes. No breakdowns: the
    /// other configuration publishes them.
    static var rolledUpWindows: TamyrConfiguration {
        var configuration = TamyrConfiguration()
        configuration.windows.tumbling = [WindowSpec(tumbling: 60_000)]
        configuration.windows.hopping = [WindowSpec(hopping: 120_000, every: 5_000)]
        configuration.kpi.breakdowns = []
        return configuration
    }

    /// Windows whose steps (1 s, 1.5 s) have a 500 ms divisor no window uses,
    /// so the engine does not roll up and every event takes the general path;
    /// two groups per breakdown, so the group cap folds into `other`; and no
    /// `future_ts` rule (a skew of `Int64.max`, which the configuration allows),
    /// so events up to the year 9999 reach the engine.
    static var generalPathWindows: TamyrConfiguration {
        var configuration = TamyrConfiguration()
        configuration.ingest.maxFutureSkewMillis = .max
        configuration.windows.tumbling = [WindowSpec(tumbling: 1_000), WindowSpec(tumbling: 1_500)]
        configuration.windows.hopping = [WindowSpec(hopping: 3_000, every: 1_000)]
        configuration.windows.allowedLatenessMillis = 2_000
        configuration.windows.idleTimeoutMillis = 3_000
        configuration.kpi.breakdowns = [.service, .region, .channel]
        configuration.kpi.maxGroups = 2
        return configuration
    }

    /// The applicant hash key; any fixed value will do.
    static let applicantKey: (UInt64, UInt64) = (0x6675_7a7a, 0x7461_6d79_72)
    static let maxProducers = 8
}
