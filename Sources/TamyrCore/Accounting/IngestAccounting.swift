/// What the ingest side has seen since start: the totals of `status.tamyrd`.
///
/// Every event read off the wire ends in exactly one of `accepted`,
/// `rejected[reason]` or `duplicates`, so
/// `received == accepted + sum(rejected) + duplicates` always holds.
package struct IngestTotals: Sendable, Equatable {
    /// ZeroMQ messages read (one event or an NDJSON batch each).
    package var messages: UInt64 = 0
    /// Events read off the wire, valid or not.
    package var received: UInt64 = 0
    package var accepted: UInt64 = 0
    /// Events rejected, indexed by `RejectionReason.rawValue`.
    package var rejected = [UInt64](repeating: 0, count: RejectionReason.allCases.count)
    /// Events whose `seq` was at or below the last seen for their `src`.
    package var duplicates: UInt64 = 0
    /// Events with `src`/`seq` from producers beyond `ingest.max_producers`.
    package var untracked: UInt64 = 0

    package init() {}

    package func rejected(_ reason: RejectionReason) -> UInt64 { rejected[Int(reason.rawValue)] }
    package var rejectedTotal: UInt64 { rejected.reduce(0, +) }
}

/// The decoder's sink on the ingest thread: classifies each decoded event and
/// counts it. No allocation per event except a new producer's name.
package struct IngestAccounting: DecodedEventSink {
    package var totals = IngestTotals()
    package var ledger: ProducerLedger

    package init(maxProducers: Int) { ledger = ProducerLedger(capacity: maxProducers) }

    package mutating func consume(_ event: borrowing DecodedEvent) { _ = admit(event) }

    /// Counts `event` and says whether it goes on to the windows (valid and not a duplicate).
    @inline(__always)
    package mutating func admit(_ event: borrowing DecodedEvent) -> Bool {
        totals.received += 1
        // Sequence accounting first: a repeat is a duplicate whatever else is wrong with it.
        if let source = event.source, let sequence = event.sequence {
            switch ledger.record(source: source, sequence: sequence) {
            case .fresh: break
            case .duplicate:
                totals.duplicates += 1
                return false
            case .untracked: totals.untracked += 1
            }
        }
        if let reason = event.rejection {
            totals.rejected[Int(reason.rawValue)] += 1
            return false
        }
        totals.accepted += 1
        return true
    }
}
