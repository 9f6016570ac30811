import CZeroMQ

/// A failed libzmq call: the `errno` value it set and the operation that set it.
///
/// "Would block" and expired timeouts (`EAGAIN`) are never reported as a `ZMQError`; the
/// sending and receiving methods return `false` (or `nil`) for them instead.
public struct ZMQError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The `errno` value, e.g. `EADDRINUSE`, or one of libzmq's own codes such as `ETERM`.
    public let code: Int32

    /// The libzmq call that failed, with its subject where that helps, e.g. `zmq_bind(tcp://bad)`.
    public let operation: String

    /// Creates an error for `code` reported by `operation`.
    public init(code: Int32, operation: String) {
        self.code = code
        self.operation = operation
    }

    /// libzmq's text for ``code``. libzmq: `zmq_strerror`.
    public var reason: String {
        String(cString: zmq_strerror(code))
    }

    /// `operation: reason (errno code)`, e.g. `zmq_bind(tcp://bad): Invalid argument (errno 22)`.
    public var description: String {
        "\(operation): \(reason) (errno \(code))"
    }

    /// Whether the context was shut down or terminated, which ends every blocked and later call
    /// on its sockets. libzmq: `ETERM`.
    public var isContextTerminated: Bool {
        code == ETERM
    }
}
