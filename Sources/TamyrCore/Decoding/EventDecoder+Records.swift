extension EventDecoder {
    /// Frames, scans and validates the next record of the payload into `event`
    /// (the storage's), overwriting all of it; tries ``RecordFastPath`` first
    /// when `fastPath` is `true`.
    ///
    /// Non-generic, so it is compiled once here; only the loop in
    /// ``decode(_:nowMillis:into:)`` is specialised for each sink.
    ///
    /// - Returns: `false` when the payload has no more events (and `event` is untouched).
    @usableFromInline
    static func decodeNextRecord(
        _ records: inout PayloadRecords,
        storage: DecoderStorage,
        latestAcceptedMillis: Int64,
        fastPath: Bool,
        into event: UnsafeMutablePointer<DecodedEvent>
    ) -> Bool {
        guard let position = records.position, let end = records.end else {
            return finish(&records, into: event)
        }
        var scanner = JSONScanner(position: position, end: end)
        scanner.skipWhitespace()
        guard scanner.position < end else {
            records.position = end
            return finish(&records, into: event)
        }
        records.producedAny = true
        let recordStart = scanner.position

        // Most records are valid events: one pass settles them. The rest are
        // decoded again from their first byte by the general path below.
        if fastPath, let next = RecordFastPath.decode(from: recordStart, end: end, storage: storage, into: &event.pointee) {
            records.position = next
            event.pointee.raw = rawRecord(from: recordStart, to: next)
            if event.pointee.timestampMillis > latestAcceptedMillis {
                event.pointee.rejection = .futureTimestamp
                event.pointee.rejectedField = .ts
            }
            return true
        }

        storage.resetCaptures()
        do throws(MalformedJSON) {
            try scanner.scanEventObject(into: storage.captures, slots: storage.slots, keySlot: storage.keySlot)
            scanner.skipSpaceWithinLine()
            if scanner.position < end { try scanner.expect(0x0A) }
            records.position = scanner.position
        } catch {
            // Resume after the line the record started on, even if the scanner
            // had read into later lines: a broken line never swallows the next.
            records.position = PayloadRecords.pastLineFeed(from: recordStart, end: end)
            event.pointee = DecodedEvent(rejection: .malformedJSON)
            event.pointee.raw = rawRecord(from: recordStart, to: records.position!)
            return true
        }

        EventValidator.validate(storage.captures, domains: storage.domains, into: &event.pointee)
        event.pointee.raw = rawRecord(from: recordStart, to: records.position!)
        if event.pointee.rejection == nil, event.pointee.timestampMillis > latestAcceptedMillis {
            event.pointee.rejection = .futureTimestamp
            event.pointee.rejectedField = .ts
        }
        return true
    }

    /// Ends the payload: one `malformed_json` event if it produced none, else nothing.
    private static func finish(_ records: inout PayloadRecords, into event: UnsafeMutablePointer<DecodedEvent>) -> Bool {
        guard !records.producedAny else { return false }
        records.producedAny = true
        event.pointee = DecodedEvent(rejection: .malformedJSON)
        event.pointee.raw = records.payload
        return true
    }

    /// The bytes from `start` up to `end`, without a trailing line feed or carriage return.
    @inline(__always)
    private static func rawRecord(from start: UnsafeRawPointer, to end: UnsafeRawPointer) -> UnsafeRawBufferPointer {
        var last = end
        while last > start, (last - 1).load(as: UInt8.self) == 0x0A || (last - 1).load(as: UInt8.self) == 0x0D { last -= 1 }
        return UnsafeRawBufferPointer(start: start, count: start.distance(to: last))
    }
}
