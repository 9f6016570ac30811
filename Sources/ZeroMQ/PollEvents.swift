import CZeroMQ

/// The readiness a ``Poller`` waits for on a socket. libzmq: `zmq_pollitem_t.events`.
public struct PollEvents: OptionSet, Sendable, Hashable {
    /// The libzmq bit mask.
    public let rawValue: Int16

    /// Creates a set from libzmq's bit mask.
    public init(rawValue: Int16) {
        self.rawValue = rawValue
    }

    /// At least one frame can be received without blocking. libzmq: `ZMQ_POLLIN`.
    public static let readable = PollEvents(rawValue: Int16(ZMQ_POLLIN))

    /// At least one frame can be sent without blocking. libzmq: `ZMQ_POLLOUT`.
    public static let writable = PollEvents(rawValue: Int16(ZMQ_POLLOUT))
}
