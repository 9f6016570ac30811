import CZeroMQ

/// A libzmq context: the I/O threads and the `inproc://` namespace shared by its sockets.
///
/// Thread-safe, as libzmq guarantees for contexts, so one context is shared by every thread.
/// Each ``Socket`` keeps its context alive, so `zmq_ctx_term` (run when the last reference goes)
/// only starts after every socket is gone; it then waits at most for the sockets' linger.
///
/// libzmq: `zmq_ctx_new`, `zmq_ctx_shutdown`, `zmq_ctx_term`.
public final class Context: @unchecked Sendable {
    // Why @unchecked Sendable is sound: libzmq documents contexts as thread-safe (zmq(7): "ØMQ
    // contexts are thread safe and may be shared among as many application threads as necessary"),
    // and this class's only state is `handle`, a `let` written once in `init`.
    let handle: UnsafeMutableRawPointer

    /// Creates a context with `ioThreads` background I/O threads.
    ///
    /// One thread handles on the order of a gigabyte per second; `0` is valid for `inproc://` only.
    ///
    /// - Throws: ``ZMQError`` when libzmq cannot create the context or rejects the thread count.
    ///   libzmq: `zmq_ctx_new`, `ZMQ_IO_THREADS`.
    public init(ioThreads: Int = 1) throws {
        guard let threads = Int32(exactly: ioThreads) else {
            throw ZMQError(code: EINVAL, operation: "zmq_ctx_set(ZMQ_IO_THREADS)")
        }
        let handle = try LibZMQ.newContext()
        do {
            try LibZMQ.setContextOption(handle, ZMQ_IO_THREADS, to: threads, name: "ZMQ_IO_THREADS")
        } catch {
            // No socket exists yet, so this cannot block.
            LibZMQ.terminateContext(handle)
            throw error
        }
        self.handle = handle
    }

    /// Makes every blocking call on this context's sockets, current and future, fail with `ETERM`
    /// (``ZMQError/isContextTerminated``), and new sockets impossible to create.
    ///
    /// Returns at once and may be called from any thread, any number of times. Sockets must
    /// still be closed by their own threads. libzmq: `zmq_ctx_shutdown`.
    public func shutdown() {
        LibZMQ.shutdownContext(handle)
    }

    // Sockets retain the context, so by now none is open and only their bounded linger can delay this.
    deinit {
        LibZMQ.terminateContext(handle)
    }
}
