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
    // The two counters live in raw memory, not in stored properties: a stored
    // property of a class is checked for exclusive access at run time on every
    // write, once per message here.
    private let counters: UnsafeMutablePointer<Int>
    package var count: Int { counters[0] }
    package var usedBytes: Int { counters[1] }
    /// Wall-clock time the batch's first message was read.
    package var arrivalMillis: Int64 = 0
    /// Monotonic nanoseconds of the same moment: where the pipeline latency metric starts.
    package var receivedAtMonotonicNanos: UInt64 = 0

    /// A batch for up to `messageCapacity` messages and `byteCapacity` bytes.
    /// `byteCapacity` must be at least the largest message accepted.
    package init(byteCapacity: Int, messageCapacity: Int) {
        self.byteCapacity = byteCapacity
        self.messageCapacity = messageCapacity
        bytes = .allocate(byteCount: max(byteCapacity, 1), alignment: 16)
        ends = .allocate(capacity: max(messageCapacity, 1))
        counters = .allocate(capacity: 2)
        counters.initialize(repeating: 0, count: 2)
    }

    deinit {
        bytes.deallocate()
        ends.deallocate()
        counters.deallocate()
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
        let used = counters[1]
        if let base = payload.baseAddress, payload.count > 0 {
            (bytes + used).copyMemory(from: base, byteCount: payload.count)
        }
        counters[1] = used + payload.count
        ends[counters[0]] = used + payload.count
        counters[0] += 1
    }

    /// Message `index` (below ``count``).
    @inline(__always)
    package func message(_ index: Int) -> UnsafeRawBufferPointer {
        let start = index == 0 ? 0 : ends[index - 1]
        return UnsafeRawBufferPointer(start: bytes + start, count: ends[index] - start)
    }

    /// Calls `body` with each message's bytes from message `first` on, in the
    /// order they were appended.
    @inline(__always)
    package func forEach(from first: Int = 0, _ body: (UnsafeRawBufferPointer) -> Void) {
        guard first < counters[0] else { return }
        var start = first == 0 ? 0 : ends[first - 1]
        for index in first ..< counters[0] {
            let end = ends[index]
            body(UnsafeRawBufferPointer(start: bytes + start, count: end - start))
            start = end
        }
    }

    /// Empties the batch for reuse; keeps its memory, and zeroes the bytes
    /// used: raw events carry applicant ids, which must not stay in tamyrd's
    /// memory once decoded (issue 5, privacy). A `memset` of about 200 bytes
    /// per event, a few nanoseconds.
    package func reset() { reset(zeroingFrom: 0) }

    /// ``reset()`` when the messages before `first` are zeroed already
    /// (``zeroMessages(before:)``, by a decode worker): zeroes from message `first` on.
    package func reset(zeroingFrom first: Int) {
        let start = first <= 0 ? 0 : ends[min(first, counters[0]) - 1]
        (bytes + start).initializeMemory(as: UInt8.self, repeating: 0, count: counters[1] - start)
        counters[0] = 0
        counters[1] = 0
    }

    /// Zeroes the bytes of messages `0 ..< end` (all decoded), keeping the
    /// batch's messages and counts: a decode worker does it while the bytes are
    /// still in its cache, instead of aggregation fetching them from its core.
    package func zeroMessages(before end: Int) {
        guard end > 0 else { return }
        bytes.initializeMemory(as: UInt8.self, repeating: 0, count: ends[min(end, counters[0]) - 1])
    }
}
