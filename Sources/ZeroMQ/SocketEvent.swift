import CZeroMQ

/// One event of a monitored socket, read from a ``SocketMonitor``. libzmq: `zmq_socket_monitor`.
public struct SocketEvent: Sendable, CustomStringConvertible {
    /// A set of event kinds; a delivered event has exactly one.
    public struct Kind: OptionSet, Sendable, Hashable {
        /// libzmq's `ZMQ_EVENT_*` bit.
        public let rawValue: UInt16

        /// Creates a set from libzmq's bit mask.
        public init(rawValue: UInt16) {
            self.rawValue = rawValue
        }

        /// A connection to a peer was made. libzmq: `ZMQ_EVENT_CONNECTED`.
        public static let connected = Kind(rawValue: UInt16(ZMQ_EVENT_CONNECTED))
        /// A connection from a peer was accepted. libzmq: `ZMQ_EVENT_ACCEPTED`.
        public static let accepted = Kind(rawValue: UInt16(ZMQ_EVENT_ACCEPTED))
        /// A connection attempt failed (refused, say) and will be retried after the reconnect
        /// interval. libzmq: `ZMQ_EVENT_CONNECT_RETRIED`.
        public static let connectRetried = Kind(rawValue: UInt16(ZMQ_EVENT_CONNECT_RETRIED))
        /// A connection was closed. libzmq: `ZMQ_EVENT_DISCONNECTED`.
        public static let disconnected = Kind(rawValue: UInt16(ZMQ_EVENT_DISCONNECTED))
        /// The security handshake completed: messages can flow. libzmq: `ZMQ_EVENT_HANDSHAKE_SUCCEEDED`.
        public static let handshakeSucceeded = Kind(rawValue: UInt16(ZMQ_EVENT_HANDSHAKE_SUCCEEDED))
        /// The handshake failed for a reason libzmq does not detail.
        /// libzmq: `ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL`.
        public static let handshakeFailedNoDetail = Kind(rawValue: UInt16(ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL))
        /// The handshake broke the protocol, e.g. a plain peer met a CURVE server (``SocketEvent/value``
        /// is libzmq's `ZMQ_PROTOCOL_ERROR_*` code). libzmq: `ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL`.
        public static let handshakeFailedProtocol = Kind(rawValue: UInt16(ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL))
        /// The ZAP handler refused the peer (``SocketEvent/value`` is its status code, e.g. 400).
        /// libzmq: `ZMQ_EVENT_HANDSHAKE_FAILED_AUTH`.
        public static let handshakeFailedAuth = Kind(rawValue: UInt16(ZMQ_EVENT_HANDSHAKE_FAILED_AUTH))

        /// Every kind of handshake failure.
        public static let handshakeFailed: Kind = [.handshakeFailedNoDetail, .handshakeFailedProtocol, .handshakeFailedAuth]
    }

    /// What happened.
    public let kind: Kind
    /// The event's value: a status or error code for handshake failures, a file descriptor for
    /// connection events.
    public let value: UInt32
    /// The endpoint the event concerns.
    public let endpoint: String

    /// The kind's bits, value and endpoint, e.g. `event 0x4000 value 400 on tcp://127.0.0.1:5555`.
    public var description: String {
        "event 0x\(String(kind.rawValue, radix: 16)) value \(value) on \(endpoint)"
    }
}
