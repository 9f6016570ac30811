import Foundation
package import ZeroMQ

/// A started tamyrd with a status subscriber that has already seen its first
/// `status.tamyrd` record, so the daemon is bound and publishing: the set-up
/// every end-to-end test shares.
package final class RunningTamyrd {
    package let daemon: TamyrdProcess
    package let status: StatusSubscriber

    package struct NotReady: Error, CustomStringConvertible {
        package var description: String
    }

    package init(extraYAML: String = "", subscribe: String? = nil, maxMessageBytes: Int? = nil) throws {
        daemon = try TamyrdProcess(extraYAML: extraYAML, subscribe: subscribe, maxMessageBytes: maxMessageBytes)
        status = try StatusSubscriber(endpoint: daemon.publishEndpoint)
        guard try status.next(timeout: 10) != nil else {
            _ = daemon.terminate()
            throw NotReady(description: "no status record from tamyrd within 10 s: \(daemon.standardError)")
        }
    }

    /// A PUSH socket connected to the daemon's ingest endpoint; it keeps its own context alive.
    package func pushSocket() throws -> Socket {
        let push = try Socket(.push, context: try Context(), linger: .seconds(5))
        try push.connect(daemon.ingestEndpoint)
        return push
    }

    /// The wall clock in epoch milliseconds, for event times.
    package static var nowMillis: Int64 { Int64(Date().timeIntervalSince1970 * 1_000) }

    deinit { status.close() }
}
