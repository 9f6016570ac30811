import CZeroMQ

/// Waits on several sockets at once, all owned by the calling thread.
///
/// Add sockets once, then call ``poll(timeout:)`` in the thread's loop and ask
/// ``isReadable(_:)`` / ``isWritable(_:)`` by the index ``add(_:events:)`` returned.
/// The poller keeps its sockets alive; closing one while it is in a poller is a programmer
/// error that traps at the next ``poll(timeout:)``. Not `Sendable`, like ``Socket``.
///
/// libzmq: `zmq_poll`.
public struct Poller {
    // The raw handles libzmq polls, parallel to `sockets`, which keeps them from being freed.
    private var items: [zmq_pollitem_t] = []
    private var sockets: [Socket] = []

    /// Creates an empty poller.
    public init() {}

    /// The number of sockets added.
    public var count: Int {
        items.count
    }

    /// Adds `socket`, to be polled for `events`, and returns its index (`0`, `1`, … in order).
    /// O(1) amortised.
    public mutating func add(_ socket: Socket, events: PollEvents = .readable) -> Int {
        items.append(zmq_pollitem_t(socket: socket.liveHandle, fd: 0, events: events.rawValue, revents: 0))
        sockets.append(socket)
        return items.count - 1
    }

    /// Waits until at least one socket is ready or `timeout` passes.
    ///
    /// - Parameter timeout: `nil` waits forever; `.zero` or a negative duration only checks.
    ///   Rounded up to whole milliseconds.
    /// - Returns: The number of ready sockets; `0` on timeout, and also when a signal interrupted
    ///   the wait (`EINTR`), so a loop can check its stop flag.
    /// - Throws: ``ZMQError``, e.g. ``ZMQError/isContextTerminated``.
    ///
    /// libzmq: `zmq_poll`.
    public mutating func poll(timeout: Duration?) throws -> Int {
        for index in sockets.indices {
            // Traps if a socket was closed after `add`, instead of passing libzmq a freed handle.
            items[index].socket = sockets[index].liveHandle
        }
        let milliseconds = timeout.map { Int($0.wholeMillisecondsRoundedUp(atMost: Int64(Int.max))) } ?? -1
        return try items.withUnsafeMutableBufferPointer { try LibZMQ.poll($0, timeout: milliseconds) }
    }

    /// Whether the socket at `index` was readable at the last ``poll(timeout:)``. libzmq: `ZMQ_POLLIN`.
    public func isReadable(_ index: Int) -> Bool {
        items[index].revents & PollEvents.readable.rawValue != 0
    }

    /// Whether the socket at `index` was writable at the last ``poll(timeout:)``. libzmq: `ZMQ_POLLOUT`.
    public func isWritable(_ index: Int) -> Bool {
        items[index].revents & PollEvents.writable.rawValue != 0
    }
}

@available(*, unavailable, message: "a Poller holds sockets, which are used on one thread")
extension Poller: Sendable {}
