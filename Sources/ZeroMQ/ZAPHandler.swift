/// The ZAP handler of a context: the socket libzmq asks, for every CURVE or PLAIN handshake on a
/// server socket of that context, whether the peer may connect (ZeroMQ RFC 27).
///
/// A REP socket bound at ``endpoint``; at most one per context. **Bind it before any server
/// socket that relies on it binds**: libzmq accepts every peer when no handler is bound.
/// Handshakes wait until their request is answered, so the owning thread must call
/// ``answerPending(_:)`` whenever ``socket`` is readable (add it to that thread's ``Poller``),
/// promptly and even while it does not read its other sockets. Not `Sendable`, like ``Socket``.
///
/// libzmq: `inproc://zeromq.zap.01`.
public final class ZAPHandler {
    /// Where libzmq sends ZAP requests, in every context.
    public static let endpoint = "inproc://zeromq.zap.01"

    /// The REP socket, for a ``Poller``: readable when a request waits.
    public let socket: Socket
    // Reused, so checking for requests when there are none allocates nothing: callers may
    // check often (tamyrd does between back-off waits while its pipeline is full).
    private let message = Message()

    /// Creates the handler's socket and binds it at ``endpoint`` in `context`.
    ///
    /// - Throws: ``ZMQError``; `EADDRINUSE` when the context has a handler already.
    public init(context: Context) throws {
        let socket = try Socket(.rep, context: context, linger: .zero)
        do {
            try socket.bind(Self.endpoint)
        } catch {
            socket.close()
            throw error
        }
        self.socket = socket
    }

    /// Answers every request waiting now, without blocking, with what `decide` returns;
    /// returns how many were answered.
    ///
    /// A request of a version other than `1.0`, or with missing frames, is refused with status
    /// 500 without calling `decide`, as RFC 27 asks. Allocates per request (requests come per
    /// handshake, not per message).
    ///
    /// - Throws: ``ZMQError``, e.g. ``ZMQError/isContextTerminated``.
    @discardableResult
    public func answerPending(_ decide: (ZAPRequest) -> ZAPReply) throws -> Int {
        var answered = 0
        while try socket.receive(into: message, dontWait: true) {
            var frames = [message.bytes]
            while message.hasMore {
                // libzmq delivers a message's frames together, so the rest is already here.
                guard try socket.receive(into: message, dontWait: true) else { break }
                frames.append(message.bytes)
            }
            let requestID = frames.count > 1 ? frames[1] : []
            let reply: ZAPReply
            if let request = ZAPRequest(frames: frames), request.version == "1.0" {
                reply = decide(request)
            } else {
                reply = ZAPReply(statusCode: 500, statusText: "unsupported ZAP request", userID: "")
            }
            // A REP socket must reply before it can receive the next request.
            try socket.send(multipart: [
                Array("1.0".utf8), requestID, Array(String(reply.statusCode).utf8),
                Array(reply.statusText.utf8), Array(reply.userID.utf8), [],
            ])
            answered += 1
        }
        return answered
    }

    /// Closes the socket; idempotent. Must run on the owning thread.
    public func close() {
        socket.close()
    }
}

@available(*, unavailable, message: "a ZAPHandler owns a socket, which is used on one thread")
extension ZAPHandler: Sendable {}
