import CZeroMQ

extension Socket {
    /// Sends one frame of `bytes`, copied before this returns.
    ///
    /// - Parameters:
    ///   - more: Another frame of the same message follows; peers receive all frames or none.
    ///     libzmq: `ZMQ_SNDMORE`.
    ///   - dontWait: Return `false` instead of blocking when the frame cannot be queued now.
    ///     libzmq: `ZMQ_DONTWAIT`.
    /// - Returns: `true` when queued; `false` only when the call would block (`EAGAIN`): with
    ///   `dontWait`, or when ``SocketOption/sendTimeout`` expired.
    /// - Throws: ``ZMQError``, e.g. ``ZMQError/isContextTerminated``.
    ///
    /// libzmq: `zmq_send`.
    @discardableResult
    public func send(_ bytes: UnsafeRawBufferPointer, more: Bool = false, dontWait: Bool = false) throws -> Bool {
        try LibZMQ.send(liveHandle, bytes, flags: Self.sendFlags(more: more, dontWait: dontWait))
    }

    /// Sends one frame of `bytes`; see the `UnsafeRawBufferPointer` overload.
    ///
    /// libzmq: `zmq_send`.
    @discardableResult
    public func send(_ bytes: [UInt8], more: Bool = false, dontWait: Bool = false) throws -> Bool {
        try bytes.withUnsafeBytes { try send($0, more: more, dontWait: dontWait) }
    }

    /// Sends one frame holding the UTF-8 bytes of `text` (its `utf8.count` bytes, not its
    /// character count); see the `UnsafeRawBufferPointer` overload.
    ///
    /// libzmq: `zmq_send`.
    @discardableResult
    public func send(_ text: String, more: Bool = false, dontWait: Bool = false) throws -> Bool {
        var text = text  // withUTF8 is mutating: it may first make a bridged string contiguous
        return try text.withUTF8 { try send(UnsafeRawBufferPointer($0), more: more, dontWait: dontWait) }
    }

    static func sendFlags(more: Bool, dontWait: Bool) -> Int32 {
        (more ? ZMQ_SNDMORE : 0) | (dontWait ? ZMQ_DONTWAIT : 0)
    }
}
