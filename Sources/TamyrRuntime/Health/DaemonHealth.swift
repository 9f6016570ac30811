import Synchronization

/// Liveness and progress of the pipeline, for whatever supervises tamyrd from
/// outside the pipeline threads: systemd (`READY=1`, `STATUS=`, the watchdog),
/// `/healthz` and `/readyz`, `/metrics`.
///
/// Each figure has exactly one writer (named on it) and is read anywhere.
/// Every access is relaxed: a figure carries no other memory with it, and a
/// reader that sees it a moment late sees a value that was true a moment
/// earlier. The writers store once per loop turn, never per event.
package final class DaemonHealth: Sendable {
    private let readyFlag = Atomic<Bool>(false)
    private let ingestBeat = Atomic<Int64>(0)
    private let aggregateBeat = Atomic<Int64>(0)
    private let watermark = Atomic<Int64>(Int64.min)
    private let watermarkMovedAt = Atomic<Int64>(0)
    private let receivedCount = Atomic<UInt64>(0)
    private let acceptedCount = Atomic<UInt64>(0)

    package init() {}

    // MARK: - Written by the pipeline

    /// Every socket is bound or connected and the checkpoint was restored (or
    /// found absent). Set once by the ingest thread when its sockets are open.
    package func markReady() { readyFlag.store(true, ordering: .relaxed) }

    /// The ingest thread's loop turned at `monotonicMillis` (at least every 100 ms
    /// while it runs, busy or idle).
    package func ingestBeat(_ monotonicMillis: Int64) { ingestBeat.store(monotonicMillis, ordering: .relaxed) }

    /// The aggregation thread's loop turned at `monotonicMillis` (at least every
    /// millisecond while it runs), with the totals and watermark as they are now.
    package func aggregateBeat(
        _ monotonicMillis: Int64, received: UInt64, accepted: UInt64, watermarkMillis: Int64?
    ) {
        aggregateBeat.store(monotonicMillis, ordering: .relaxed)
        receivedCount.store(received, ordering: .relaxed)
        acceptedCount.store(accepted, ordering: .relaxed)
        let mark = watermarkMillis ?? Int64.min
        if mark != watermark.load(ordering: .relaxed) {
            watermark.store(mark, ordering: .relaxed)
            watermarkMovedAt.store(monotonicMillis, ordering: .relaxed)
        }
    }

    // MARK: - Read by supervisors

    package var isReady: Bool { readyFlag.load(ordering: .relaxed) }
    /// Monotonic milliseconds of each thread's last loop turn; 0 before its first.
    package var ingestBeatMillis: Int64 { ingestBeat.load(ordering: .relaxed) }
    package var aggregateBeatMillis: Int64 { aggregateBeat.load(ordering: .relaxed) }
    /// The engine's watermark, nil before the first event.
    package var watermarkMillis: Int64? {
        let mark = watermark.load(ordering: .relaxed)
        return mark == Int64.min ? nil : mark
    }
    /// Monotonic milliseconds when the watermark last changed; 0 if it never has.
    package var watermarkMovedAtMillis: Int64 { watermarkMovedAt.load(ordering: .relaxed) }
    package var received: UInt64 { receivedCount.load(ordering: .relaxed) }
    package var accepted: UInt64 { acceptedCount.load(ordering: .relaxed) }
}
