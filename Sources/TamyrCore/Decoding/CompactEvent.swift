/// A ``DecodedEvent`` as a decode worker leaves it for aggregation: 96 bytes,
/// with the two hashes aggregation would otherwise compute (the service's
/// group value and the applicant's SipHash) already done.
///
/// Built by ``DecodedEventBuffer``; read back with ``event``, a
/// ``DecodedEvent`` whose buffers point into the buffer's arenas (`service`
/// of a valid event, `src`, the raw record of a rejected one). The event id,
/// the applicant's bytes and a valid event's raw record are not kept:
/// aggregation uses none of them (the applicant only through its hash), and
/// not copying the applicant keeps it out of one more place in memory.
package struct CompactEvent {
    var timestampMillis: Int64
    var durationMicros: Int64
    var region: UInt64
    var amountTiyn: Int64
    var sequence: Int64
    /// ``ServiceHash`` of the service, computed on the decode worker.
    package var serviceHash: UInt64
    /// ``ApplicantHasher`` hash of the applicant, when ``hasApplicant``.
    var applicantHashValue: UInt64
    var service: UnsafeRawPointer?
    var source: UnsafeRawPointer?
    var raw: UnsafeRawPointer?
    var rawCount: UInt32
    var serviceCount: UInt8
    var sourceCount: UInt8
    var domain: UInt8
    var status: UInt8
    var channel: UInt8
    /// `RejectionReason.rawValue`, or ``none``.
    var rejection: UInt8
    /// `EventField.rawValue`, or ``none``.
    var rejectedField: UInt8
    var flags: UInt8

    static let none: UInt8 = 0xFF
    static let hasAmount: UInt8 = 1
    static let hasApplicant: UInt8 = 2
    static let hasSequence: UInt8 = 4
    static let hasSource: UInt8 = 8

    /// The applicant's hash, `nil` when the event has no applicant.
    package var applicantHash: UInt64? { flags & Self.hasApplicant != 0 ? applicantHashValue : nil }

    /// `event` in compact form; `service`, `source` and `raw` are copies of
    /// the event's (or `nil` where not kept), where they stay valid (see ``DecodedEventBuffer``).
    @inline(__always)
    init(
        _ event: borrowing DecodedEvent, service: UnsafeRawPointer?, source: UnsafeRawPointer?,
        raw: UnsafeRawPointer?, serviceHash: UInt64, applicantHash: UInt64?
    ) {
        timestampMillis = event.timestampMillis
        durationMicros = event.durationMicros
        region = event.region
        amountTiyn = event.amountTiyn ?? 0
        sequence = event.sequence ?? 0
        self.serviceHash = serviceHash
        applicantHashValue = applicantHash ?? 0
        self.service = service
        self.source = source
        self.raw = raw
        // A record is part of one message, and messages are far below 4 GiB (`ingest.max_message_bytes`).
        rawCount = raw == nil ? 0 : UInt32(truncatingIfNeeded: event.raw.count)
        // service and src are at most 64 bytes by the field rules (service is kept only when valid).
        serviceCount = service == nil ? 0 : UInt8(truncatingIfNeeded: event.service.count)
        sourceCount = UInt8(truncatingIfNeeded: event.source?.count ?? 0)
        // At most 200 domains (kpi.domains).
        domain = UInt8(truncatingIfNeeded: event.domain)
        status = event.status.rawValue
        channel = event.channel.rawValue
        rejection = event.rejection?.rawValue ?? Self.none
        rejectedField = event.rejectedField?.rawValue ?? Self.none
        var flags: UInt8 = 0
        if event.amountTiyn != nil { flags |= Self.hasAmount }
        if applicantHash != nil { flags |= Self.hasApplicant }
        if event.sequence != nil { flags |= Self.hasSequence }
        if event.source != nil { flags |= Self.hasSource }
        self.flags = flags
    }

    /// The event again, without its id and applicant bytes (see the type's note).
    @inline(__always)
    package var event: DecodedEvent {
        var event = DecodedEvent(
            rejection: rejection == Self.none ? nil : RejectionReason(rawValue: rejection),
            rejectedField: rejectedField == Self.none ? nil : EventField(rawValue: rejectedField),
            timestampMillis: timestampMillis,
            domain: Int(domain),
            service: UnsafeRawBufferPointer(start: service, count: Int(serviceCount)),
            status: ServiceStatus(rawValue: status) ?? .ok,
            durationMicros: durationMicros,
            region: region,
            channel: Channel(rawValue: channel) ?? .unknown,
            amountTiyn: flags & Self.hasAmount != 0 ? amountTiyn : nil,
            source: flags & Self.hasSource != 0 ? UnsafeRawBufferPointer(start: source, count: Int(sourceCount)) : nil,
            sequence: flags & Self.hasSequence != 0 ? sequence : nil
        )
        event.raw = UnsafeRawBufferPointer(start: raw, count: Int(rawCount))
        return event
    }
}
