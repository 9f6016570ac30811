import CZeroMQ

/// A libzmq socket, owned by one thread.
///
/// libzmq sockets are not thread-safe, so `Socket` is not `Sendable`: create it on the thread
/// that uses it, and close it there. It keeps its ``Context`` alive until it is deallocated,
/// and its linger is bounded from creation, so neither ``close()`` nor context termination can
/// hang on unsent messages.
///
/// Calling any method other than ``close()`` or ``isClosed`` after ``close()`` is a programmer
/// error and traps.
///
/// libzmq: `zmq_socket`, `zmq_close`.
public final class Socket {
    /// `nil` once closed; never exposed, so no other owner can close it behind our back.
    private(set) var handle: UnsafeMutableRawPointer?

    // Keeps zmq_ctx_term from starting while this socket is open.
    let context: Context

    /// The pattern this socket was created with.
    public let kind: SocketKind

    /// Creates a socket of `kind` in `context` with a bounded linger.
    ///
    /// - Parameters:
    ///   - linger: How long ``close()`` lets unsent messages keep the context's termination
    ///     waiting. Rounded up to whole milliseconds; negative means zero (discard at once).
    ///     libzmq's own default is forever, which is why this is always set.
    /// - Throws: ``ZMQError``, e.g. ``ZMQError/isContextTerminated`` after ``Context/shutdown()``.
    ///   No socket is left open when this throws.
    ///
    /// libzmq: `zmq_socket`, `ZMQ_LINGER`.
    public init(_ kind: SocketKind, context: Context, linger: Duration = .milliseconds(100)) throws {
        let handle = try LibZMQ.newSocket(context.handle, kind.rawValue)
        do {
            let milliseconds = Int32(linger.wholeMillisecondsRoundedUp(atMost: Int64(Int32.max)))
            try Self.set(.linger, to: milliseconds, on: handle)
        } catch {
            // `self` is not initialised yet, so deinit will not run: close here or leak the socket.
            LibZMQ.closeSocket(handle)
            throw error
        }
        self.handle = handle
        self.context = context
        self.kind = kind
    }

    /// The open handle; traps after ``close()``, since every later call would be a use-after-free in libzmq.
    var liveHandle: UnsafeMutableRawPointer {
        guard let handle else { preconditionFailure("ZeroMQ.Socket(\(kind)) used after close()") }
        return handle
    }

    /// Whether ``close()`` has been called.
    public var isClosed: Bool {
        handle == nil
    }

    /// Accepts connections on `endpoint`, e.g. `tcp://127.0.0.1:5555`, `tcp://127.0.0.1:*`
    /// (any free port; read it back from ``lastEndpoint``), `ipc:///run/x.sock` or `inproc://name`.
    ///
    /// - Throws: ``ZMQError`` whose ``ZMQError/operation`` names the endpoint, e.g. `EADDRINUSE`,
    ///   `EINVAL` for a malformed address, `EPROTONOSUPPORT` for an unknown transport.
    ///
    /// libzmq: `zmq_bind`.
    public func bind(_ endpoint: String) throws {
        try LibZMQ.bind(liveHandle, endpoint)
    }

    /// Connects to `endpoint`; libzmq completes and re-establishes the connection in the background.
    ///
    /// - Throws: ``ZMQError`` whose ``ZMQError/operation`` names the endpoint, for a malformed
    ///   address or unknown transport. An unreachable peer is not an error.
    ///
    /// libzmq: `zmq_connect`.
    public func connect(_ endpoint: String) throws {
        try LibZMQ.connect(liveHandle, endpoint)
    }

    /// Stops accepting connections on `endpoint` (as given to ``bind(_:)``) and
    /// closes those accepted there. Messages already in the socket's queue can
    /// still be received.
    ///
    /// libzmq: `zmq_unbind`.
    public func unbind(_ endpoint: String) throws {
        try LibZMQ.unbind(liveHandle, endpoint)
    }

    /// Closes the connection to `endpoint` (as given to ``connect(_:)``).
    ///
    /// libzmq: `zmq_disconnect`.
    public func disconnect(_ endpoint: String) throws {
        try LibZMQ.disconnect(liveHandle, endpoint)
    }

    /// The endpoint of the last successful ``bind(_:)`` or ``connect(_:)``, with wildcards resolved
    /// (e.g. `tcp://127.0.0.1:41234` after binding `tcp://127.0.0.1:*`); empty if there was none.
    ///
    /// libzmq: `ZMQ_LAST_ENDPOINT`.
    public var lastEndpoint: String {
        get throws {
            try get(.lastEndpoint)
        }
    }

    /// Closes the socket now. Unsent messages get up to the linger given at creation.
    ///
    /// Idempotent. Must run on the socket's own thread, like every other call.
    ///
    /// libzmq: `zmq_close`.
    public func close() {
        guard let handle else { return }
        self.handle = nil
        LibZMQ.closeSocket(handle)
    }

    // Runs where the last reference is dropped, which for a non-Sendable class is its own thread.
    deinit {
        close()
    }
}

// Stated rather than inferred, so that a later `Sendable` conformance is a visible decision.
@available(*, unavailable, message: "libzmq sockets are not thread-safe: use a Socket on the thread that created it")
extension Socket: Sendable {}
