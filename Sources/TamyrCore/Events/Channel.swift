/// How the applicant reached the service (the event's optional `channel`).
///
/// `unknown` stands for an absent channel; it is never spelled on the wire.
package enum Channel: UInt8, Sendable {
    case unknown, online, mobile, office

    /// The wire spelling (`"online"`, `"mobile"`, `"office"`), or `"unknown"` for an absent channel.
    package var name: String {
        switch self {
        case .unknown: "unknown"
        case .online: "online"
        case .mobile: "mobile"
        case .office: "office"
        }
    }
}
