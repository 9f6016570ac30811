import CZeroMQ

/// A socket option whose value is text, for ``Socket/set(_:to:)-(SocketTextOption,_)`` and
/// ``Socket/get(_:)-(SocketTextOption)``: libzmq reads and writes it as bytes without a
/// fixed size, which ``SocketOption`` cannot describe.
public struct SocketTextOption: Sendable {
    let name: Int32
    let cName: StaticString

    private init(_ name: Int32, _ cName: StaticString) {
        self.name = name
        self.cName = cName
    }

    /// The domain a CURVE (or PLAIN) server socket names in its ZAP requests, so one
    /// ``ZAPHandler`` can apply a different policy per socket. At most 255 bytes; empty by default.
    /// Set before ``Socket/bind(_:)``. libzmq: `ZMQ_ZAP_DOMAIN`.
    public static var zapDomain: Self { Self(ZMQ_ZAP_DOMAIN, "ZMQ_ZAP_DOMAIN") }

    /// The endpoint of the last bind or connect, read-only. libzmq: `ZMQ_LAST_ENDPOINT`.
    static var lastEndpoint: Self { Self(ZMQ_LAST_ENDPOINT, "ZMQ_LAST_ENDPOINT") }
}

extension Socket {
    /// Sets the text `option` to the UTF-8 bytes of `text`.
    ///
    /// - Throws: ``ZMQError``, e.g. `EINVAL` for a value libzmq rejects (a ZAP domain longer than
    ///   255 bytes). libzmq: `zmq_setsockopt`.
    public func set(_ option: SocketTextOption, to text: String) throws {
        let handle = liveHandle
        try Array(text.utf8).withUnsafeBytes { try LibZMQ.setOption(handle, option.name, $0, name: option.cName) }
    }

    /// Reads the text `option`.
    ///
    /// - Throws: ``ZMQError``. libzmq: `zmq_getsockopt`.
    public func get(_ option: SocketTextOption) throws -> String {
        let handle = liveHandle
        // Longer than any text option libzmq holds (a ZAP domain is at most 255 bytes, an ipc
        // endpoint at most 107).
        return try withUnsafeTemporaryAllocation(byteCount: 1024, alignment: 1) { buffer in
            let size = try LibZMQ.getOption(handle, option.name, buffer, name: option.cName)
            // `size` may count a terminating NUL; stop at the first NUL in any case.
            let written = UnsafeRawBufferPointer(rebasing: buffer[..<min(size, buffer.count)])
            return String(decoding: written.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}
