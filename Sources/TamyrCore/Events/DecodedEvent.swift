/// One decoded event, lent to a ``DecodedEventSink`` by ``EventDecoder``.
///
/// Every `UnsafeRawBufferPointer` in it points into the payload or into the
/// decoder's scratch space and is valid **only during the sink call**; a sink
/// that keeps any of those bytes must copy them.
///
/// When ``rejection`` is not `nil`, only ``rejection``, ``rejectedField``,
/// ``source`` and ``sequence`` are meaningful; the other fields hold whatever
/// the decoder had filled in before it stopped, or their defaults.
package struct DecodedEvent {
    /// `nil` for a valid event; otherwise why it was rejected.
    package var rejection: RejectionReason?
    /// The field that decided the rejection: `ts` for `future_ts`, `nil` for
    /// `malformed_json` and for valid events.
    package var rejectedField: EventField?
    /// Event time in milliseconds since 1970-01-01T00:00:00Z.
    package var timestampMillis: Int64
    /// Index of the event's domain in the decoder's configured domain list.
    package var domain: Int
    /// The service name: 1-64 bytes of `a-z 0-9 . _ -`, escapes decoded.
    package var service: UnsafeRawBufferPointer
    /// The business outcome.
    package var status: ServiceStatus
    /// `duration_ms` in microseconds: exact for up to 3 decimals, else rounded half to even.
    package var durationMicros: Int64
    /// The region code packed by ``RegionCode``; ``RegionCode/unknown`` (0) when absent.
    package var region: UInt64
    /// The channel; ``Channel/unknown`` when absent.
    package var channel: Channel
    /// `amount` in tiyn (1 KZT = 100 tiyn), exact; `nil` when absent.
    package var amountTiyn: Int64?
    /// The applicant id's bytes, escapes decoded; `nil` when absent.
    package var applicant: UnsafeRawBufferPointer?
    /// The event id's bytes (1-128, UTF-8), escapes decoded.
    package var id: UnsafeRawBufferPointer
    /// The producer id (`src`), escapes decoded; `nil` when absent or invalid.
    /// Filled in even when the event is rejected for another field.
    package var source: UnsafeRawBufferPointer?
    /// The producer's sequence number (`seq`); `nil` when absent or invalid.
    /// Filled in even when the event is rejected for another field.
    package var sequence: Int64?
    /// The record's bytes as received (its line of an NDJSON batch, without
    /// the line feed; the whole payload for an empty one): what a dead letter keeps.
    package var raw = UnsafeRawBufferPointer(start: nil, count: 0)

    /// Creates an event; every parameter defaults to its empty value, so tests
    /// and other components can build exactly the event they need.
    package init(
        rejection: RejectionReason? = nil,
        rejectedField: EventField? = nil,
        timestampMillis: Int64 = 0,
        domain: Int = 0,
        service: UnsafeRawBufferPointer = UnsafeRawBufferPointer(start: nil, count: 0),
        status: ServiceStatus = .ok,
        durationMicros: Int64 = 0,
        region: UInt64 = RegionCode.unknown,
        channel: Channel = .unknown,
        amountTiyn: Int64? = nil,
        applicant: UnsafeRawBufferPointer? = nil,
        id: UnsafeRawBufferPointer = UnsafeRawBufferPointer(start: nil, count: 0),
        source: UnsafeRawBufferPointer? = nil,
        sequence: Int64? = nil
    ) {
        self.rejection = rejection
        self.rejectedField = rejectedField
        self.timestampMillis = timestampMillis
        self.domain = domain
        self.service = service
        self.status = status
        self.durationMicros = durationMicros
        self.region = region
        self.channel = channel
        self.amountTiyn = amountTiyn
        self.applicant = applicant
        self.id = id
        self.source = source
        self.sequence = sequence
    }
}
