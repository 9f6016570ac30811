import CZeroMQ

/// One received frame, in a libzmq message that is reused across receives.
///
/// Owns one `zmq_msg_t` at a stable heap address for its whole life; it is never copied
/// (libzmq forbids copying the struct). ``Socket/receive(into:dontWait:)`` releases the previous
/// content before storing the next frame, so one `Message` per receiving loop allocates nothing
/// per frame for small frames. Not `Sendable`: use it on one thread.
///
/// libzmq: `zmq_msg_t`, `zmq_msg_init`, `zmq_msg_close`.
public final class Message {
    // Heap-allocated so its address never changes; libzmq may keep pointers into it.
    let pointer: UnsafeMutablePointer<zmq_msg_t>

    /// Creates an empty message (``count`` is `0`). libzmq: `zmq_msg_init`.
    public init() {
        pointer = .allocate(capacity: 1)
        pointer.initialize(to: zmq_msg_t())
        LibZMQ.initMessage(pointer)
    }

    deinit {
        LibZMQ.closeMessage(pointer)
        pointer.deinitialize(count: 1)
        pointer.deallocate()
    }

    /// The frame's size in bytes. O(1). libzmq: `zmq_msg_size`.
    public var count: Int {
        zmq_msg_size(pointer)
    }

    /// Whether more frames of the same message follow this one. libzmq: `zmq_msg_more`.
    public var hasMore: Bool {
        zmq_msg_more(pointer) != 0
    }

    /// Lends the frame's bytes to `body` without copying.
    ///
    /// The buffer is valid only during `body` and only until the next receive into this
    /// message; do not let it escape. libzmq: `zmq_msg_data`, `zmq_msg_size`.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: zmq_msg_data(pointer), count: zmq_msg_size(pointer)))
    }

    /// A copy of the frame's bytes. Allocates.
    public var bytes: [UInt8] {
        withUnsafeBytes { Array($0) }
    }
}

// Stated rather than inferred: the zmq_msg_t is not synchronised.
@available(*, unavailable, message: "a Message is used on one thread")
extension Message: Sendable {}
