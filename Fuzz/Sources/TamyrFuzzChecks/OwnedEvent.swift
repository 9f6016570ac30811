import TamyrCore

/// An owned copy of what a ``DecodedEvent`` means, kept past the sink call so
/// that two decodings of one payload can be compared.
///
/// For a rejected event only the fields ``DecodedEvent`` documents as
/// meaningful are kept (rejection, field, `src`, `seq`); the rest hold
/// leftovers of earlier records and may differ between decoders.
struct OwnedEvent: Equatable, CustomStringConvertible {
    var rejection: RejectionReason?
    var rejectedField: EventField?
    var source: [UInt8]?
    var sequence: Int64?
    /// The values of a valid event; `nil` for a rejected one.
    var values: Values?

    struct Values: Equatable {
        var timestampMillis: Int64
        var domain: Int
        var service: [UInt8]
        var status: ServiceStatus
        var durationMicros: Int64
        var region: UInt64
        var channel: Channel
        var amountTiyn: Int64?
        var applicant: [UInt8]?
        var id: [UInt8]
    }

    init(_ event: borrowing DecodedEvent) {
        rejection = event.rejection
        rejectedField = event.rejectedField
        source = event.source.map { Array($0) }
        sequence = event.sequence
        guard event.rejection == nil else { return }
        values = Values(
            timestampMillis: event.timestampMillis, domain: event.domain, service: Array(event.service),
            status: event.status, durationMicros: event.durationMicros, region: event.region,
            channel: event.channel, amountTiyn: event.amountTiyn, applicant: event.applicant.map { Array($0) },
            id: Array(event.id))
    }

    var description: String {
        let verdict = rejection.map { "\($0.name)/\(rejectedField?.name ?? "-")" } ?? "valid"
        let source = source.map { String(decoding: $0, as: UTF8.self) } ?? "-"
        return "\(verdict) src=\(source) seq=\(sequence.map(String.init) ?? "-") \(values.map { "\($0)" } ?? "")"
    }
}

/// Keeps an owned copy of every event it is handed, in order.
struct EventCollector: DecodedEventSink {
    var events: [OwnedEvent] = []

    mutating func consume(_ event: borrowing DecodedEvent) {
        events.append(OwnedEvent(event))
    }
}
