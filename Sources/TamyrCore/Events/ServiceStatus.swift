/// The business outcome of one service transaction (the event's `status`).
///
/// `rejected` means the service refused the application; it is a valid event,
/// unrelated to ``RejectionReason``.
package enum ServiceStatus: UInt8, Sendable {
    case ok, failed, rejected

    /// The wire spelling: `"ok"`, `"failed"` or `"rejected"`.
    package var name: String {
        switch self {
        case .ok: "ok"
        case .failed: "failed"
        case .rejected: "rejected"
        }
    }
}
