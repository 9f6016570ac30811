/// Rejected events kept for operators (issue 5, dead letters): each as one
/// JSON line with its time, reason, field and producer, and its raw bytes,
/// applicant ids masked (``DeadLetterMask``) and cut at `messageBytes`.
///
/// Pure: it renders lines into ``pending``; the daemon writes them to the
/// rotating file and, if configured, publishes them. At most `perSecond`
/// are kept per second of arrival time, so a producer sending garbage at a
/// million events per second costs a bounded amount of disk and CPU; the
/// rest are counted in ``dropped``. Only rejected events get here, never the
/// valid ones' path.
package struct DeadLetterQueue {
    package let perSecond: Int
    package let messageBytes: Int
    package private(set) var kept: UInt64 = 0
    package private(set) var dropped: UInt64 = 0
    /// Lines rendered since the last ``drain(_:)``, each ending in a line feed.
    package private(set) var pending: [UInt8] = []
    package var hasPending: Bool { !pending.isEmpty }
    private var second: Int64 = .min
    private var keptThisSecond = 0
    private var json = JSONWriter(capacity: 4_096)
    private var scratch: [UInt8] = []

    package init(perSecond: Int, messageBytes: Int) {
        self.perSecond = perSecond
        self.messageBytes = messageBytes
    }

    /// Keeps `event` (rejected) if this second's quota allows.
    package mutating func add(_ event: borrowing DecodedEvent, arrivalMillis: Int64) {
        let now = arrivalMillis / 1_000
        if now != second {
            second = now
            keptThisSecond = 0
        }
        guard keptThisSecond < perSecond else {
            dropped += 1
            return
        }
        keptThisSecond += 1
        kept += 1
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: event.raw)
        DeadLetterMask.mask(&scratch)
        let truncated = scratch.count > messageBytes
        if truncated { scratch.removeLast(scratch.count - messageBytes) }

        json.reset()
        json.beginObject()
        json.key("time")
        json.string(Timestamp.rfc3339(millis: arrivalMillis))
        json.key("reason")
        json.string(event.rejection?.name ?? "unknown")
        if let field = event.rejectedField {
            json.key("field")
            json.string(field.name)
        }
        if let source = event.source {
            json.key("src")
            json.string(String(decoding: source, as: UTF8.self))
        }
        if let sequence = event.sequence {
            json.key("seq")
            json.integer(sequence)
        }
        json.key("bytes")
        json.integer(event.raw.count)
        json.key("truncated")
        json.bool(truncated)
        json.key("message")
        json.string(String(decoding: scratch, as: UTF8.self))
        json.endObject()
        pending.append(contentsOf: json.bytes)
        pending.append(0x0A)
    }

    /// Hands over the pending lines (NDJSON) and forgets them.
    package mutating func drain(_ body: ([UInt8]) throws -> Void) rethrows {
        guard !pending.isEmpty else { return }
        defer { pending.removeAll(keepingCapacity: true) }
        try body(pending)
    }
}
