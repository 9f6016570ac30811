import CZeroMQ

extension Socket {
    /// Receives the next frame into `message`, replacing (and releasing) its previous content.
    ///
    /// Reusing one ``Message`` avoids an allocation per frame. After a `true` return, check
    /// ``Message/hasMore`` for further frames of the same message; they are already queued.
    ///
    /// - Parameter dontWait: Return `false` at once when nothing is queued. libzmq: `ZMQ_DONTWAIT`.
    /// - Returns: `true` when a frame was received; `false` when `dontWait` and nothing was queued,
    ///   or when ``SocketOption/receiveTimeout`` expired (`EAGAIN`). `message` is then unchanged.
    /// - Throws: ``ZMQError``, e.g. ``ZMQError/isContextTerminated`` after ``Context/shutdown()``.
    ///
    /// libzmq: `zmq_msg_recv`.
    public func receive(into message: Message, dontWait: Bool = false) throws -> Bool {
        try LibZMQ.receive(liveHandle, into: message.pointer, flags: dontWait ? ZMQ_DONTWAIT : 0)
    }
}
