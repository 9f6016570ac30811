/// Why an ingested event was rejected instead of aggregated.
///
/// The raw values are dense from zero, so a counter table can be indexed by
/// `rawValue` without hashing. The order of the cases is the order in which
/// status records list them.
package enum RejectionReason: UInt8, CaseIterable, Sendable {
    /// The record is not one syntactically valid JSON object (see ``EventDecoder``, rule 1).
    case malformedJSON
    /// A required field is absent or `null`.
    case missingField
    /// A field holds the wrong JSON type (a string where a number is required, say).
    case badType
    /// A field has the right type but a value its rule does not allow.
    case outOfRange
    /// `domain` is a string that is not one of the configured domains.
    case unknownDomain
    /// `ts` lies further ahead of the wall clock than the configured skew allows.
    case futureTimestamp

    /// The name used on the wire and in status records, e.g. `"malformed_json"`.
    package var name: String {
        switch self {
        case .malformedJSON: "malformed_json"
        case .missingField: "missing_field"
        case .badType: "bad_type"
        case .outOfRange: "out_of_range"
        case .unknownDomain: "unknown_domain"
        case .futureTimestamp: "future_ts"
        }
    }
}
