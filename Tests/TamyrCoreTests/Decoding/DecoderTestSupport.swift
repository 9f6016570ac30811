import TamyrCore

/// An owned copy of a ``DecodedEvent``, safe to keep after the sink call and to compare.
struct DecodedOutcome: Equatable, CustomStringConvertible {
    var rejection: RejectionReason?
    var rejectedField: EventField?
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
    var source: [UInt8]?
    var sequence: Int64?

    init(_ event: borrowing DecodedEvent) {
        rejection = event.rejection
        rejectedField = event.rejectedField
        timestampMillis = event.timestampMillis
        domain = event.domain
        service = Array(event.service)
        status = event.status
        durationMicros = event.durationMicros
        region = event.region
        channel = event.channel
        amountTiyn = event.amountTiyn
        applicant = event.applicant.map { Array($0) }
        id = Array(event.id)
        source = event.source.map { Array($0) }
        sequence = event.sequence
    }

    /// The rejection as `"reason/field"`, or `"valid"`: compact for expectations.
    var verdict: String {
        guard let rejection else { return "valid" }
        return rejectedField.map { "\(rejection.name)/\($0.name)" } ?? rejection.name
    }

    var idText: String { String(decoding: id, as: UTF8.self) }
    var serviceText: String { String(decoding: service, as: UTF8.self) }
    var sourceText: String? { source.map { String(decoding: $0, as: UTF8.self) } }
    var applicantText: String? { applicant.map { String(decoding: $0, as: UTF8.self) } }

    var description: String {
        "\(verdict) id=\(idText) ts=\(timestampMillis) domain=\(domain) service=\(serviceText) "
            + "status=\(status) durationMicros=\(durationMicros) region=\(RegionCode.name(region)) "
            + "channel=\(channel) amountTiyn=\(String(describing: amountTiyn)) "
            + "applicant=\(String(describing: applicantText)) src=\(String(describing: sourceText)) "
            + "seq=\(String(describing: sequence))"
    }
}

/// Keeps an owned copy of every event it is handed.
struct CollectingEventSink: DecodedEventSink {
    var events: [DecodedOutcome] = []

    mutating func consume(_ event: borrowing DecodedEvent) {
        events.append(DecodedOutcome(event))
    }
}

enum EventFixture {
    static let domains = ["customs", "tax", "ecommerce"]
    /// 2024-11-30T10:00:00Z.
    static let baseMillis: Int64 = 1_732_960_800_000
    /// Far enough ahead that only deliberately future events are `future_ts`.
    static let nowMillis: Int64 = 1_800_000_000_000
    static let skewMillis: Int64 = 300_000

    /// The members of a valid event, in wire order, as raw JSON texts.
    static let members: [(key: String, value: String)] = [
        ("id", #""evt-1""#),
        ("ts", "1732960800000"),
        ("domain", #""customs""#),
        ("service", #""import-declaration""#),
        ("status", #""ok""#),
        ("duration_ms", "1875.2"),
        ("region", #""KZ-ALA""#),
        ("channel", #""online""#),
        ("amount", "1234.56"),
        ("applicant", #""a-77""#),
        ("src", #""gw-1""#),
        ("seq", "42"),
    ]

    /// A one-line event object: the valid event with `replacing` applied
    /// (a key mapped to `nil` is removed; unknown keys are appended).
    static func event(_ replacing: [String: String?] = [:]) -> String {
        var parts: [String] = []
        for (key, value) in members {
            if let override = replacing[key] {
                if let override { parts.append("\"\(key)\":\(override)") }
            } else {
                parts.append("\"\(key)\":\(value)")
            }
        }
        for (key, value) in replacing.sorted(by: { $0.key < $1.key })
        where !members.contains(where: { $0.key == key }) {
            if let value { parts.append("\"\(key)\":\(value)") }
        }
        return "{" + parts.joined(separator: ",") + "}"
    }
}

/// Decodes `bytes` as one payload with a fresh decoder.
func decodeEvents(
    _ bytes: [UInt8],
    domains: [String] = EventFixture.domains,
    nowMillis: Int64 = EventFixture.nowMillis,
    skewMillis: Int64 = EventFixture.skewMillis
) -> [DecodedOutcome] {
    var decoder = EventDecoder(domains: domains, maxFutureSkewMillis: skewMillis)
    var sink = CollectingEventSink()
    bytes.withUnsafeBytes { decoder.decode($0, nowMillis: nowMillis, into: &sink) }
    return sink.events
}

/// Decodes the UTF-8 of `text` as one payload.
func decodeEvents(_ text: String, nowMillis: Int64 = EventFixture.nowMillis) -> [DecodedOutcome] {
    decodeEvents(Array(text.utf8), nowMillis: nowMillis)
}

/// Decodes `text`, which must hold exactly one record, and returns its event.
func decodeSingleEvent(_ text: String, nowMillis: Int64 = EventFixture.nowMillis) -> DecodedOutcome? {
    let events = decodeEvents(text, nowMillis: nowMillis)
    return events.count == 1 ? events[0] : nil
}

/// The verdict (`"valid"` or `"reason/field"`) for a single-record payload, or a note if it produced several events.
func decodedVerdict(_ text: String, nowMillis: Int64 = EventFixture.nowMillis) -> String {
    let events = decodeEvents(text, nowMillis: nowMillis)
    return events.count == 1 ? events[0].verdict : "\(events.count) events: \(events.map(\.verdict))"
}
