/// Received messages on their way from the ingest stage to aggregation: the
/// payload bytes back to back in one slab, where each ends, and when they were
/// read. Allocated once, at start-up, and reused for the life of the daemon.
///
/// Ownership moves with the batch's handle through an ``SPSCRing``: the stage
/// that popped the handle is the only one that touches the batch until it
/// pushes the handle on. The ring's release/acquire pair publishes the bytes.
package final class MessageBatch: @unchecked Sendable {
    // @unchecked: mutable, but only ever used by the one stage that holds its handle.
    package let byteCapacity: Int
    package let messageCapacity: Int
    private let bytes: UnsafeMutableRawPointer
    private let ends: UnsafeMutablePointer<Int>
    package private(set) var count = 0
    package private(set) var usedBytes = 0
    /// Wall-clock time the batch's first message was read.
    package var arrivalMillis: Int64 = 0

    /// A batch for up to `messageCapacity` messages and `byteCapacity` bytes.
    /// `byteCapacity` must be at least the largest message accepted.
    package init(byteCapacity: Int, messageCapacity: Int) {
        self.byteCapacity = byteCapacity
        self.messageCapacity = messageCapacity
        bytes = .allocate(byteCount: max(byteCapacity, 1), alignment: 16)
        ends = .allocate(capacity: max(messageCapacity, 1))
    }

    deinit {
        bytes.deallocate()
        ends.deallocate()
    }

    package var isEmpty: Bool { count == 0 }

    /// Whether a message of `size` bytes still fits.
    @inline(__always)
    package func fits(_ size: Int) -> Bool {
        count < messageCapacity && usedBytes + size <= byteCapacity
    }

    /// Copies one message in; the caller checked ``fits(_:)``.
    @inline(__always)
    package func append(_ payload: UnsafeRawBufferPointer) {
        if let base = payload.baseAddress, payload.count > 0 {
            (bytes + usedBytes).copyMemory(from: base, byteCount: payload.count)
        }
        usedBytes += payload.count
        ends[count] = usedBytes
        count += 1
    }

    /// Calls `body` with each message's bytes, in the order they were appended.
    @inline(__always)
    package func forEach(_ body: (UnsafeRawBufferPointer) -> Void) {
        var start = 0
        for index in 0 ..< count {
            let end = ends[index]
            body(UnsafeRawBufferPointer(start: bytes + start, count: end - start))
            start = end
        }
    }

    /// Empties the batch for reuse; keeps its memory.
    package func reset() {
        count = 0
        usedBytes = 0
    }
}
