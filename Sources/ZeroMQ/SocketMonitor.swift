/// Reads the connection and handshake events of one socket, e.g. to learn that a CURVE
/// server refused this client's key instead of waiting forever for a peer.
///
/// Create it on the monitored socket's thread, before that socket connects or binds, and use it
/// on that thread only. It owns a PAIR socket that libzmq feeds through a private `inproc://`
/// endpoint. Not `Sendable`, like ``Socket``.
///
/// libzmq: `zmq_socket_monitor`.
public final class SocketMonitor {
    private let monitored: Socket
    private let reader: Socket

    /// Starts monitoring `socket` for `events`.
    ///
    /// - Throws: ``ZMQError``. No socket is left open when this throws.
    public init(_ socket: Socket, events: SocketEvent.Kind) throws {
        let endpoint = "inproc://zeromq-monitor-\(UInt64.random(in: 0 ... .max))"
        try LibZMQ.monitor(socket.liveHandle, endpoint, events: CInt(events.rawValue))
        do {
            let reader = try Socket(.pair, context: socket.context, linger: .zero)
            do {
                try reader.connect(endpoint)
            } catch {
                reader.close()
                throw error
            }
            self.reader = reader
        } catch {
            try? LibZMQ.monitor(socket.liveHandle, nil, events: 0)
            throw error
        }
        monitored = socket
    }

    /// The next event, or nil when none comes within `timeout`.
    ///
    /// - Throws: ``ZMQError``, e.g. ``ZMQError/isContextTerminated``.
    public func next(timeout: Duration) throws -> SocketEvent? {
        var poller = Poller()
        _ = poller.add(reader)
        guard try poller.poll(timeout: timeout) > 0, let frames = try reader.receiveMultipart(dontWait: true) else {
            return nil
        }
        // Frame 1: the event (16 bits) then its value (32 bits), in host byte order; frame 2: the endpoint.
        guard frames.count == 2, frames[0].count == 6 else { return nil }
        let (kind, value) = frames[0].withUnsafeBytes {
            ($0.loadUnaligned(as: UInt16.self), $0.loadUnaligned(fromByteOffset: 2, as: UInt32.self))
        }
        return SocketEvent(kind: SocketEvent.Kind(rawValue: kind), value: value, endpoint: String(decoding: frames[1], as: UTF8.self))
    }

    /// Waits up to `timeout` for an event of one of `kinds`, skipping others; nil when none comes.
    ///
    /// - Throws: ``ZMQError``.
    public func wait(for kinds: SocketEvent.Kind, timeout: Duration) throws -> SocketEvent? {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            guard let event = try next(timeout: deadline - clock.now) else { return nil }
            if !event.kind.isDisjoint(with: kinds) { return event }
        }
        return nil
    }

    /// Stops monitoring and closes the reading socket; idempotent. Must run on the owning thread.
    public func close() {
        guard !reader.isClosed else { return }
        if !monitored.isClosed { try? LibZMQ.monitor(monitored.liveHandle, nil, events: 0) }
        reader.close()
    }

    deinit {
        close()
    }
}

@available(*, unavailable, message: "a SocketMonitor owns a socket, which is used on one thread")
extension SocketMonitor: Sendable {}
