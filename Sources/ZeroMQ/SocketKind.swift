import CZeroMQ

/// The messaging pattern of a ``Socket``. libzmq: the `type` argument of `zmq_socket`.
public struct SocketKind: Sendable, Hashable, CustomStringConvertible {
    let rawValue: Int32

    /// The libzmq name without its prefix, e.g. `PUSH`.
    public let description: String

    private init(_ rawValue: Int32, _ description: String) {
        self.rawValue = rawValue
        self.description = description
    }

    /// Sends round-robin to connected ``pull`` peers; blocks (or returns `false` with `dontWait`)
    /// when every peer is at its high-water mark, so nothing is lost. libzmq: `ZMQ_PUSH`.
    public static let push = SocketKind(ZMQ_PUSH, "PUSH")

    /// Receives fair-queued from connected ``push`` peers. libzmq: `ZMQ_PULL`.
    public static let pull = SocketKind(ZMQ_PULL, "PULL")

    /// Sends to every ``sub`` peer whose subscription matches; drops, never blocks, for a peer
    /// at its high-water mark. libzmq: `ZMQ_PUB`.
    public static let pub = SocketKind(ZMQ_PUB, "PUB")

    /// Receives the messages of ``pub`` peers that match a ``Socket/subscribe(_:)``
    /// prefix; receives nothing until subscribed. libzmq: `ZMQ_SUB`.
    public static let sub = SocketKind(ZMQ_SUB, "SUB")

    /// Receives a request, then must send exactly one reply before the next request; used by
    /// ``ZAPHandler``. libzmq: `ZMQ_REP`.
    public static let rep = SocketKind(ZMQ_REP, "REP")

    /// Receives each message with its sender's identity as a first frame, and routes each
    /// message it sends to the peer named by its first frame; serves many ``dealer`` (or REQ)
    /// clients at once. A message for an unknown peer is dropped, or with
    /// ``SocketOption/routerMandatory`` refused with `EHOSTUNREACH`. libzmq: `ZMQ_ROUTER`.
    public static let router = SocketKind(ZMQ_ROUTER, "ROUTER")

    /// Sends round-robin to and receives fair-queued from its peers, with no envelope and no
    /// lock-step: a client can send one request and read many replies from a ``router``.
    /// libzmq: `ZMQ_DEALER`.
    public static let dealer = SocketKind(ZMQ_DEALER, "DEALER")

    /// One exclusive peer; used by ``SocketMonitor`` to read a socket's events. libzmq: `ZMQ_PAIR`.
    public static let pair = SocketKind(ZMQ_PAIR, "PAIR")
}
