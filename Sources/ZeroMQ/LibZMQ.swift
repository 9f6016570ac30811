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

    // MARK: CURVE and Z85

    /// Whether libzmq was built with `capability` (`"curve"`, `"ipc"`, …). libzmq: `zmq_has`.
    static func has(_ capability: String) -> Bool {
        zmq_has(capability) == 1
    }

    /// Z85 text of `bytes`, whose count must be a multiple of 4 (checked by the caller).
    static func z85Encode(_ bytes: UnsafeRawBufferPointer) -> String {
        precondition(bytes.count % 4 == 0, "Z85 encodes whole 4-byte groups")
        // 5 characters per 4 bytes, plus the terminating NUL zmq_z85_encode writes.
        var text = [CChar](repeating: 0, count: bytes.count / 4 * 5 + 1)
        let encoded = withNonNullBase(bytes) { base in
            zmq_z85_encode(&text, base.assumingMemoryBound(to: UInt8.self), bytes.count)
        }
        // Cannot fail: the only failure is a size that is not a multiple of 4, excluded above.
        precondition(encoded != nil, "zmq_z85_encode failed")
        return String(decoding: text.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The bytes Z85 `text` stands for, or nil when it is not Z85: a length that is not a
    /// multiple of 5, a character outside the alphabet, or a group above 2^32 - 1.
    static func z85Decode(_ text: [UInt8]) -> [UInt8]? {
        // zmq_z85_decode reads up to a NUL, so an embedded NUL would silently shorten the input.
        guard text.count % 5 == 0, !text.contains(0) else { return nil }
        var bytes = [UInt8](repeating: 0, count: text.count / 5 * 4)
        let decoded = (text + [0]).withUnsafeBufferPointer { input in
            input.withMemoryRebound(to: CChar.self) { zmq_z85_decode(&bytes, $0.baseAddress) }
        }
        return decoded == nil ? nil : bytes
    }

    /// A fresh key pair as two 40-character Z85 texts. libzmq: `zmq_curve_keypair`.
    static func curveKeyPair() throws(ZMQError) -> (public: [UInt8], secret: [UInt8]) {
        var publicText = [CChar](repeating: 0, count: 41)
        var secretText = [CChar](repeating: 0, count: 41)
        _ = try call("zmq_curve_keypair") { zmq_curve_keypair(&publicText, &secretText) }
        return (publicText.dropLast().map { UInt8(bitPattern: $0) }, secretText.dropLast().map { UInt8(bitPattern: $0) })
    }

    /// The Z85 public key of the 40-character Z85 `secret` (the caller has checked it is valid Z85:
    /// libzmq decodes whatever it is given). libzmq: `zmq_curve_public`.
    static func curvePublic(_ secret: [UInt8]) throws(ZMQError) -> [UInt8] {
        precondition(secret.count == 40, "a Z85 CURVE key has 40 characters")
        var publicText = [CChar](repeating: 0, count: 41)
        let secretText = (secret + [0]).map { CChar(bitPattern: $0) }
        _ = try call("zmq_curve_public") { zmq_curve_public(&publicText, secretText) }
        return publicText.dropLast().map { UInt8(bitPattern: $0) }
    }

    // MARK: Monitoring

    /// Starts (or, with `endpoint` nil, stops) publishing `socket`'s events on an inproc PAIR endpoint.
    static func monitor(_ socket: UnsafeMutableRawPointer, _ endpoint: String?, events: CInt) throws(ZMQError) {
        if let endpoint {
            _ = try call("zmq_socket_monitor(\(endpoint))") { zmq_socket_monitor(socket, endpoint, events) }
        } else {
            _ = try call("zmq_socket_monitor(stop)") { zmq_socket_monitor(socket, nil, events) }
        }
    }

    // MARK: Helpers

    /// Calls `body` with `buffer`'s base address, or with the address of a local byte when the
    /// buffer is empty and has none: libzmq rejects a NULL pointer in some versions even for length 0.
    @inline(__always)
    private static func withNonNullBase<R, E: Error>(
        _ buffer: UnsafeRawBufferPointer,
        _ body: (UnsafeRawPointer) throws(E) -> R
    ) throws(E) -> R {
        if let base = buffer.baseAddress { return try body(base) }
        var placeholder: UInt8 = 0
        return try withUnsafeBytes(of: &placeholder) { (bytes) throws(E) in try body(bytes.baseAddress!) }
    }
}
