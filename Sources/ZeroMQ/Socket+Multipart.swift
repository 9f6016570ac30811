import Glibc

extension Socket {
    /// Sends `frames` as one message: peers receive all of them or none.
    ///
    /// - Parameters:
    ///   - frames: At least one frame; frames may be empty.
    ///   - dontWait: Return `false` instead of blocking when the message cannot be queued now.
    /// - Returns: `true` when queued; `false` when the first frame would block (nothing was sent).
    /// - Throws: ``ZMQError``. libzmq accepts the remaining frames once it has accepted the first,
    ///   so an `EAGAIN` after the first frame breaks that guarantee and throws rather than
    ///   returning `false` for a half-sent message.
    ///
    /// libzmq: `zmq_send` with `ZMQ_SNDMORE` on all but the last frame.
    @discardableResult
    public func send(multipart frames: [[UInt8]], dontWait: Bool = false) throws -> Bool {
        precondition(!frames.isEmpty, "a ZeroMQ message has at least one frame")
        for (index, frame) in frames.enumerated() {
            let isLast = index == frames.count - 1
            if try send(frame, more: !isLast, dontWait: dontWait) { continue }
            if index == 0 { return false }
            throw ZMQError(code: EAGAIN, operation: "zmq_send(frame \(index + 1) of \(frames.count))")
        }
        return true
    }

    /// Receives every frame of the next message as separate arrays. Allocates; on hot paths use
    /// ``receive(into:dontWait:)`` with a reused ``Message``.
    ///
    /// - Returns: The frames, or `nil` when `dontWait` and nothing was queued, or when
    ///   ``SocketOption/receiveTimeout`` expired.
    /// - Throws: ``ZMQError``.
    ///
    /// libzmq: `zmq_msg_recv`, `zmq_msg_more`.
    public func receiveMultipart(dontWait: Bool = false) throws -> [[UInt8]]? {
        let message = Message()
        guard try receive(into: message, dontWait: dontWait) else { return nil }
        var frames = [message.bytes]
        while message.hasMore {
            // libzmq delivers messages atomically: the remaining frames are queued already, so
            // not waiting cannot miss them, and EAGAIN here would mean that guarantee broke.
            guard try receive(into: message, dontWait: true) else {
                throw ZMQError(code: EAGAIN, operation: "zmq_msg_recv(frame \(frames.count + 1))")
            }
            frames.append(message.bytes)
        }
        return frames
    }
}
