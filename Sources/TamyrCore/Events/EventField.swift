/// A field of the ingest event object (wire contract, section 2).
///
/// The cases are declared in the order the decoder checks them: when several
/// fields break their rules, the first one in this order decides the rejection.
/// Raw values are dense from zero.
package enum EventField: UInt8, CaseIterable, Sendable {
    case id, ts, domain, service, status, durationMs, region, channel, amount, applicant, src, seq

    /// The JSON key of the field, e.g. `"duration_ms"`.
    package var name: String {
        switch self {
        case .id: "id"
        case .ts: "ts"
        case .domain: "domain"
        case .service: "service"
        case .status: "status"
        case .durationMs: "duration_ms"
        case .region: "region"
        case .channel: "channel"
        case .amount: "amount"
        case .applicant: "applicant"
        case .src: "src"
        case .seq: "seq"
        }
    }
}
