import CZeroMQ
import Glibc

/// The one seam to libzmq for every call that reports failure through `-1` or `NULL` plus `errno`.
///
/// Every such call in the module goes through here, so the error policy lives in one place:
/// `errno` is read immediately, `EINTR` is retried (except by ``poll(_:timeout:)``), `EAGAIN`
/// comes back as a value, handle misuse traps, and everything else throws ``ZMQError``.
enum LibZMQ {
    /// Runs `body` until it returns something other than `-1` or fails for a reason other than `EINTR`.
    ///
    /// - Returns: The call's result, or `nil` when it would block or its timeout expired (`EAGAIN`).
    /// - Parameter operation: Evaluated only on failure, so hot paths never build a string.
    @inline(__always)
    static func call(_ operation: @autoclosure () -> String, _ body: () -> CInt) throws(ZMQError) -> CInt? {
        while true {
            let result = body()
            if result != -1 { return result }
            // Nothing may run between the failing call and this read: any libc call could overwrite errno.
            let code = errno
            switch code {
            case EINTR:
                // A signal interrupted the call before it did anything; libzmq documents repeating it.
                continue
            case EAGAIN:
                // Not a failure: "would block" or ZMQ_RCVTIMEO/ZMQ_SNDTIMEO expired. The caller decides.
                return nil
            case ENOTSOCK, EFAULT:
                // Only reachable through a dangling or foreign handle, which this module never hands out.
                preconditionFailure("\(operation()): invalid libzmq handle (errno \(code))")
            default:
                throw ZMQError(code: code, operation: operation())
            }
        }
    }

    // MARK: Contexts

    static func newContext() throws(ZMQError) -> UnsafeMutableRawPointer {
        guard let context = zmq_ctx_new() else {
            throw ZMQError(code: errno, operation: "zmq_ctx_new")
        }
        return context
    }

    static func setContextOption(
        _ context: UnsafeMutableRawPointer,
        _ option: CInt,
        to value: CInt,
        name: StaticString
    ) throws(ZMQError) {
        _ = try call("zmq_ctx_set(\(name))") { zmq_ctx_set(context, option, value) }
    }

    static func shutdownContext(_ context: UnsafeMutableRawPointer) {
        // zmq_ctx_shutdown fails only with EFAULT (not a context), impossible for a handle we own.
        _ = zmq_ctx_shutdown(context)
    }

    static func terminateContext(_ context: UnsafeMutableRawPointer) {
        // Blocks until every socket is closed and its linger has expired. Retrying on EINTR is what
        // zmq_ctx_term's manual asks for; the only other failure is EFAULT, impossible here.
        while zmq_ctx_term(context) == -1, errno == EINTR {}
    }

    // MARK: Sockets

    static func newSocket(_ context: UnsafeMutableRawPointer, _ type: CInt) throws(ZMQError) -> UnsafeMutableRawPointer {
        guard let socket = zmq_socket(context, type) else {
            throw ZMQError(code: errno, operation: "zmq_socket")
        }
        return socket
    }

    static func closeSocket(_ socket: UnsafeMutableRawPointer) {
        // zmq_close fails only with ENOTSOCK, impossible for a handle we own and close once.
        _ = zmq_close(socket)
    }

    static func bind(_ socket: UnsafeMutableRawPointer, _ endpoint: String) throws(ZMQError) {
        _ = try call("zmq_bind(\(endpoint))") { zmq_bind(socket, endpoint) }
    }

    static func connect(_ socket: UnsafeMutableRawPointer, _ endpoint: String) throws(ZMQError) {
        _ = try call("zmq_connect(\(endpoint))") { zmq_connect(socket, endpoint) }
    }

    static func unbind(_ socket: UnsafeMutableRawPointer, _ endpoint: String) throws(ZMQError) {
        _ = try call("zmq_unbind(\(endpoint))") { zmq_unbind(socket, endpoint) }
    }

    static func disconnect(_ socket: UnsafeMutableRawPointer, _ endpoint: String) throws(ZMQError) {
        _ = try call("zmq_disconnect(\(endpoint))") { zmq_disconnect(socket, endpoint) }
    }

    static func setOption(
        _ socket: UnsafeMutableRawPointer,
        _ option: CInt,
        _ value: UnsafeRawBufferPointer,
        name: StaticString
    ) throws(ZMQError) {
        try withNonNullBase(value) { (base) throws(ZMQError) in
            _ = try call("zmq_setsockopt(\(name))") { zmq_setsockopt(socket, option, base, value.count) }
        }
    }

    /// Reads an option into `buffer` and returns how many bytes libzmq wrote.
    static func getOption(
        _ socket: UnsafeMutableRawPointer,
        _ option: CInt,
        _ buffer: UnsafeMutableRawBufferPointer,
        name: StaticString
    ) throws(ZMQError) -> Int {
        var size = buffer.count
        _ = try call("zmq_getsockopt(\(name))") { zmq_getsockopt(socket, option, buffer.baseAddress, &size) }
        return size
    }

    // MARK: Frames

    /// Sends one frame. Returns `false` on `EAGAIN`.
    static func send(_ socket: UnsafeMutableRawPointer, _ bytes: UnsafeRawBufferPointer, flags: CInt) throws(ZMQError) -> Bool {
        try withNonNullBase(bytes) { (base) throws(ZMQError) in
            try call("zmq_send") { zmq_send(socket, base, bytes.count, flags) } != nil
        }
    }

    /// Receives one frame into `message`, releasing its previous content. Returns `false` on `EAGAIN`.
    static func receive(
        _ socket: UnsafeMutableRawPointer,
        into message: UnsafeMutablePointer<zmq_msg_t>,
        flags: CInt
    ) throws(ZMQError) -> Bool {
        try call("zmq_msg_recv") { zmq_msg_recv(message, socket, flags) } != nil
    }

    static func initMessage(_ message: UnsafeMutablePointer<zmq_msg_t>) {
        // zmq_msg_init has no failure mode ("No errors are defined").
        _ = zmq_msg_init(message)
    }

    static func closeMessage(_ message: UnsafeMutablePointer<zmq_msg_t>) {
        // zmq_msg_close fails only with EFAULT (not a message), impossible for one we initialised.
        _ = zmq_msg_close(message)
    }

    // MARK: Polling

    /// Waits for events on `items`. Returns the number of ready items; `0` on timeout and on `EINTR`.
    static func poll(_ items: UnsafeMutableBufferPointer<zmq_pollitem_t>, timeout: Int) throws(ZMQError) -> Int {
        let ready = zmq_poll(items.baseAddress, CInt(items.count), timeout)
        if ready != -1 { return Int(ready) }
        let code = errno
        // Unlike the other calls, EINTR is not retried: returning lets the caller's loop check its stop flag.
        if code == EINTR {
            for index in items.indices { items[index].revents = 0 }
            return 0
        }
        throw ZMQError(code: code, operation: "zmq_poll")
    }

    // MARK: Helpers

    /// Calls `body` with `buffer`'s base address, or with the address of a local byte when the
    /// buffer is empty and has none: libzmq rejects a NULL pointer in some versions even for length 0.
    @inline(__always)
    private static func withNonNullBase<R>(
        _ buffer: UnsafeRawBufferPointer,
        _ body: (UnsafeRawPointer) throws(ZMQError) -> R
    ) throws(ZMQError) -> R {
        if let base = buffer.baseAddress { return try body(base) }
        var placeholder: UInt8 = 0
        return try withUnsafeBytes(of: &placeholder) { (bytes) throws(ZMQError) in try body(bytes.baseAddress!) }
    }
}
