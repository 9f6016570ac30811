package import Logging
package import TamyrCore

/// The rate limit on warnings about bad input: at most one warning a minute,
/// summing up by reason the events rejected since the previous one.
///
/// Owned by the aggregation thread, which calls ``due(nowMillis:rejected:)``
/// once per loop turn; between checks that is one integer comparison, so the
/// per-event path never logs. A warning carries counts only, never a payload
/// or an applicant id (the dead-letter file keeps the events themselves,
/// applicant ids masked).
package struct RejectionWarnings {
    /// Shortest time between two warnings.
    package static let intervalMillis: Int64 = 60_000
    /// How often the counts are compared while nothing is rejected.
    package static let checkEveryMillis: Int64 = 1_000

    /// What one warning says: events rejected by reason over `periodMillis`.
    package struct Digest: Equatable {
        package var counts: [(reason: RejectionReason, count: UInt64)]
        package var periodMillis: Int64

        package init(counts: [(reason: RejectionReason, count: UInt64)], periodMillis: Int64) {
            self.counts = counts
            self.periodMillis = periodMillis
        }

        package var total: UInt64 { counts.reduce(0) { $0 + $1.count } }

        package static func == (a: Digest, b: Digest) -> Bool {
            a.periodMillis == b.periodMillis && a.counts.elementsEqual(b.counts) { $0.reason == $1.reason && $0.count == $1.count }
        }

        /// One warning line: `events rejected` with `rejected.total`, `rejected.<reason>`
        /// for each reason that occurred, and `rejected.period_s`.
        package func log(to logger: Logger) {
            var metadata: Logger.Metadata = ["rejected.total": "\(total)", "rejected.period_s": "\(periodMillis / 1_000)"]
            for (reason, count) in counts { metadata["rejected.\(reason.name)"] = "\(count)" }
            logger.warning("events rejected (counts by reason; the events are in the dead-letter file)", metadata: metadata)
        }
    }

    /// `rejected` totals (indexed by `RejectionReason.rawValue`) already reported.
    private var reported: [UInt64]
    private var reportedAtMillis: Int64
    private var nextCheckMillis: Int64

    /// `baseline`: the totals at start (restored from a checkpoint, say), never reported.
    package init(baseline: [UInt64], nowMillis: Int64) {
        reported = baseline
        reportedAtMillis = nowMillis
        nextCheckMillis = nowMillis
    }

    /// The warning due at `nowMillis` (monotonic), if any events were rejected
    /// since the last one and a minute has passed since it.
    package mutating func due(nowMillis: Int64, rejected: [UInt64]) -> Digest? {
        guard nowMillis >= nextCheckMillis else { return nil }
        guard let digest = digest(rejected, nowMillis: nowMillis) else {
            nextCheckMillis = nowMillis + Self.checkEveryMillis
            return nil
        }
        nextCheckMillis = nowMillis + Self.intervalMillis
        return digest
    }

    /// At a stop: what was rejected since the last warning, so no count goes unreported.
    package mutating func remaining(nowMillis: Int64, rejected: [UInt64]) -> Digest? {
        digest(rejected, nowMillis: nowMillis)
    }

    private mutating func digest(_ rejected: [UInt64], nowMillis: Int64) -> Digest? {
        var counts: [(reason: RejectionReason, count: UInt64)] = []
        for reason in RejectionReason.allCases {
            let index = Int(reason.rawValue)
            let count = rejected[index] &- reported[index]
            if count > 0 { counts.append((reason, count)) }
        }
        guard !counts.isEmpty else { return nil }
        let digest = Digest(counts: counts, periodMillis: nowMillis - reportedAtMillis)
        reported = rejected
        reportedAtMillis = nowMillis
        return digest
    }
}
