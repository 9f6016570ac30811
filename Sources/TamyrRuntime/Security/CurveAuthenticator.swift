import Logging
import TamyrCore
import ZeroMQ

/// tamyrd's ZAP policy: a CURVE client may connect to ingest endpoints when its key is in the
/// producers' allow-list, and to publish endpoints when it is in the consumers'; every other
/// request is refused with status 400 (RFC 27), counted in `status.tamyrd` (`security`), and
/// logged once per key, not per attempt (a refused client keeps reconnecting).
///
/// Owned by the ingest stage and used on its thread, like every socket (rule 6). Its handler
/// must be bound before any CURVE server socket binds: without one, libzmq lets every key in.
final class CurveAuthenticator {
    /// The ZAP domain of ingest (`ingest.pull`) sockets.
    static let ingestDomain = "tamyr.ingest"
    /// The ZAP domain of publish (`publish.bind`) sockets.
    static let publishDomain = "tamyr.publish"
    /// Distinct refused keys logged one by one; beyond this, refusals are still counted but
    /// logged no more, so a client inventing keys can neither grow memory nor flood the log.
    static let loggedKeysLimit = 1_024

    private let handler: ZAPHandler
    private var producers: Set<CurvePublicKey>
    private var consumers: Set<CurvePublicKey>
    private let counters: SecurityCounters
    private let logger: Logger
    private var loggedKeys: Set<CurvePublicKey> = []

    /// The handler's socket, for the ingest stage's poller.
    var socket: Socket { handler.socket }

    /// Binds the context's ZAP handler.
    init(context: Context, credentials: CurveCredentials, counters: SecurityCounters, logger: Logger) throws {
        handler = try ZAPHandler(context: context)
        producers = credentials.producers?.keys ?? []
        consumers = credentials.consumers?.keys ?? []
        self.counters = counters
        self.logger = logger
    }

    /// A reload's allow-lists. Applies to handshakes from now on: a client already
    /// connected keeps its connection until it reconnects (ZAP runs per handshake).
    func replace(producers: ClientAllowList?, consumers: ClientAllowList?) {
        self.producers = producers?.keys ?? []
        self.consumers = consumers?.keys ?? []
        logger.info("CURVE allow-lists reloaded", metadata: ["ingest": "\(self.producers.count) keys", "publish": "\(self.consumers.count) keys"])
    }

    /// Answers every waiting request without blocking. Per handshake, never per message.
    func answerPending() throws {
        try handler.answerPending { request in
            let reply = decide(request)
            counters.record(accepted: reply.statusCode == 200)
            return reply
        }
    }

    private func decide(_ request: ZAPRequest) -> ZAPReply {
        let allowed: Set<CurvePublicKey>
        let endpoint: String
        switch request.domain {
        case Self.ingestDomain: (allowed, endpoint) = (producers, "ingest")
        case Self.publishDomain: (allowed, endpoint) = (consumers, "publish")
        default: return .deny("unknown ZAP domain")
        }
        guard let key = request.curveClientKey else { return .deny("CURVE required") }
        if allowed.contains(key) {
            logger.debug("CURVE client accepted", metadata: ["key": "\(key)", "address": "\(request.address)", "endpoint": "\(endpoint)"])
            return .allow(userID: key.z85)
        }
        if !loggedKeys.contains(key) {
            if loggedKeys.count < Self.loggedKeysLimit {
                loggedKeys.insert(key)
                logger.warning(
                    "refused a CURVE client whose key is not allow-listed (logged once per key; status.tamyrd counts every attempt)",
                    metadata: ["key": "\(key)", "address": "\(request.address)", "endpoint": "\(endpoint)"]
                )
            } else if loggedKeys.count == Self.loggedKeysLimit {
                loggedKeys.insert(key)  // one past the limit: this line is written once
                logger.warning("refused CURVE keys exceed \(Self.loggedKeysLimit); further keys are counted but not logged")
            }
        }
        return .deny("key not allow-listed")
    }

    /// Closes the handler's socket; idempotent.
    func close() {
        handler.close()
    }
}
