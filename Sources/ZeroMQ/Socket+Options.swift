import CZeroMQ

extension Socket {
    /// Sets `option` to `value`, e.g. `try socket.set(.sendHighWaterMark, to: 10_000)`.
    ///
    /// Most options affect only connections made after the call; set them before
    /// ``bind(_:)`` and ``connect(_:)``.
    ///
    /// - Throws: ``ZMQError``, e.g. `EINVAL` for a value libzmq rejects. libzmq: `zmq_setsockopt`.
    public func set<Value>(_ option: SocketOption<Value>, to value: Value) throws {
        try Self.set(option, to: value, on: liveHandle)
    }

    /// Reads the current value of `option`.
    ///
    /// - Throws: ``ZMQError``. libzmq: `zmq_getsockopt`.
    public func get<Value>(_ option: SocketOption<Value>) throws -> Value {
        let handle = liveHandle
        return try withUnsafeTemporaryAllocation(
            byteCount: MemoryLayout<Value>.size,
            alignment: MemoryLayout<Value>.alignment
        ) { buffer in
            let size = try LibZMQ.getOption(handle, option.name, buffer, name: option.cName)
            // A mismatch means the descriptor declares the wrong Swift type for this option.
            precondition(size == MemoryLayout<Value>.size, "\(option.cName): libzmq wrote \(size) bytes")
            return buffer.load(as: Value.self)
        }
    }

    /// Starts delivering messages that begin with `prefix` (its UTF-8 bytes); `""` subscribes
    /// to everything. Meaningful on ``SocketKind/sub`` sockets only; a SUB socket receives
    /// nothing until subscribed. Publishers learn of it asynchronously.
    ///
    /// - Throws: ``ZMQError`` (`EINVAL` on a socket kind without subscriptions). libzmq: `ZMQ_SUBSCRIBE`.
    public func subscribe(_ prefix: String) throws {
        try subscribe(Array(prefix.utf8))
    }

    /// Starts delivering messages that begin with the bytes `prefix`; empty subscribes to everything.
    ///
    /// - Throws: ``ZMQError``. libzmq: `ZMQ_SUBSCRIBE`.
    public func subscribe(_ prefix: [UInt8]) throws {
        let handle = liveHandle
        try prefix.withUnsafeBytes { try LibZMQ.setOption(handle, ZMQ_SUBSCRIBE, $0, name: "ZMQ_SUBSCRIBE") }
    }

    /// Removes one earlier `subscribe(_:)` of exactly `prefix`; subscriptions are counted,
    /// so a prefix subscribed twice needs two calls.
    ///
    /// - Throws: ``ZMQError``. libzmq: `ZMQ_UNSUBSCRIBE`.
    public func unsubscribe(_ prefix: String) throws {
        try unsubscribe(Array(prefix.utf8))
    }

    /// Removes one earlier subscription to exactly the bytes `prefix`.
    ///
    /// - Throws: ``ZMQError``. libzmq: `ZMQ_UNSUBSCRIBE`.
    public func unsubscribe(_ prefix: [UInt8]) throws {
        let handle = liveHandle
        try prefix.withUnsafeBytes { try LibZMQ.setOption(handle, ZMQ_UNSUBSCRIBE, $0, name: "ZMQ_UNSUBSCRIBE") }
    }

    // Shared with `init`, which must set the linger before `self` exists.
    static func set<Value>(_ option: SocketOption<Value>, to value: Value, on handle: UnsafeMutableRawPointer) throws {
        try withUnsafeBytes(of: value) { try LibZMQ.setOption(handle, option.name, $0, name: option.cName) }
    }
}
