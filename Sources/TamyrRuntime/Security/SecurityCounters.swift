import Synchronization
import TamyrCore

/// CURVE handshakes answered by the ZAP handler since start, shared between the ingest
/// stage (which answers, and counts) and aggregation (which publishes them in `status.tamyrd`).
///
/// Relaxed ordering: each counter only grows and carries no other data, so a status record
/// that reads one a moment late shows a count that was true a moment earlier.
final class SecurityCounters: Sendable {
    private let acceptedCount = Atomic<UInt64>(0)
    private let refusedCount = Atomic<UInt64>(0)

    init() {}

    /// Counts one answered handshake. Called on the ingest thread only.
    func record(accepted: Bool) {
        if accepted {
            acceptedCount.wrappingAdd(1, ordering: .relaxed)
        } else {
            refusedCount.wrappingAdd(1, ordering: .relaxed)
        }
    }

    /// The totals, for `status.tamyrd`.
    var snapshot: StatusRecord.Security {
        StatusRecord.Security(accepted: acceptedCount.load(ordering: .relaxed), refused: refusedCount.load(ordering: .relaxed))
    }
}
