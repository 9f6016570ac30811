/// Where the decoder stands in a payload: the next byte to frame a record
/// from, and whether any record (event) came out of the payload yet.
@usableFromInline
struct PayloadRecords {
    /// The next byte; `nil` only for a payload without memory (then empty).
    @usableFromInline
    var position: UnsafeRawPointer?
    /// One past the payload's last byte.
    @usableFromInline
    let end: UnsafeRawPointer?
    /// Whether an event was produced; a payload that produces none yields one `malformed_json`.
    @usableFromInline
    var producedAny = false
    /// The whole payload (the raw bytes of the one `malformed_json` of an empty payload).
    @usableFromInline
    let payload: UnsafeRawBufferPointer

    @usableFromInline
    init(_ payload: UnsafeRawBufferPointer) {
        self.payload = payload
        position = payload.baseAddress
        end = payload.baseAddress.map { $0 + payload.count }
    }

    /// Whether a call to ``EventDecoder/decodeNextRecord(_:storage:latestAcceptedMillis:fastPath:into:)``
    /// may still produce an event: `false` once every byte is consumed and an
    /// event came out, which spares the call that would only find that out.
    @inlinable
    var mayHoldRecord: Bool {
        !producedAny || position != end
    }

    /// The address just past the first line feed at or after `start`, or `end`
    /// if there is none: where decoding resumes after a malformed record.
    static func pastLineFeed(from start: UnsafeRawPointer, end: UnsafeRawPointer) -> UnsafeRawPointer {
        var cursor = start
        while cursor.distance(to: end) >= 8 {
            let lineFeeds = SWAR.bytes(SWAR.load(cursor), equalTo: 0x0A)
            if lineFeeds != 0 { return cursor + (lineFeeds.trailingZeroBitCount &>> 3) + 1 }
            cursor += 8
        }
        while cursor < end {
            if cursor.load(as: UInt8.self) == 0x0A { return cursor + 1 }
            cursor += 1
        }
        return end
    }
}
