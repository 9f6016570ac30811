/// The values of the known fields as the fast path reads them: one small
/// function per field, so that the contract-order pass calls each with nothing
/// to dispatch, and the member loop through ``RecordFastPath/readValue(of:_:end:storage:into:)``.
///
/// Each reads the value at `cursor` (its first byte, whitespace already
/// skipped by ``RecordFastPath/valueStart(_:end:)``), checks it against the
/// field's rule, stores it in `event` and moves `cursor` just past it. Each
/// returns `false` when the general path must decide: a value of the wrong
/// type, one the rule refuses, `null`, or any text the fast path does not read
/// itself (escapes, a 9-digit fraction in `ts`...); `cursor` is then undefined.
/// The commonest values (`"ok"`, a channel, a region, a configured domain) are
/// recognised with their quotes, without scanning a string.
extension RecordFastPath {
    /// Skips whitespace before a value: whether a byte follows.
    @inline(__always)
    static func valueStart(_ cursor: inout UnsafeRawPointer, end: UnsafeRawPointer) -> Bool {
        guard cursor < end else { return false }
        if cursor.load(as: UInt8.self) <= 0x20 {
            cursor = skipWhitespace(from: cursor, end: end)
            guard cursor < end else { return false }
        }
        return true
    }

    /// Reads the value of `field`, whitespace before it included (the member loop's way).
    ///
    /// Out of line: the member loop only runs for records out of the contract's
    /// order, and keeping this copy of every reader out of ``decode(from:end:storage:into:)``
    /// leaves room there to inline the readers of the contract-order pass.
    @inline(never)
    static func readValue(
        of field: EventField,
        _ cursor: inout UnsafeRawPointer,
        end: UnsafeRawPointer,
        storage: DecoderStorage,
        into event: inout DecodedEvent
    ) -> Bool {
        guard valueStart(&cursor, end: end) else { return false }
        switch field {
        case .id: return readID(&cursor, end: end, into: &event)
        case .ts: return readTimestamp(&cursor, end: end, into: &event)
        case .domain: return readDomain(&cursor, end: end, domains: storage.domains, into: &event)
        case .service: return readService(&cursor, end: end, into: &event)
        case .status: return readStatus(&cursor, end: end, into: &event)
        case .durationMs: return readDuration(&cursor, end: end, into: &event)
        case .region: return readRegion(&cursor, end: end, into: &event)
        case .channel: return readChannel(&cursor, end: end, into: &event)
        case .amount: return readAmount(&cursor, end: end, into: &event)
        case .applicant: return readApplicant(&cursor, end: end, into: &event)
        case .src: return readSource(&cursor, end: end, into: &event)
        case .seq: return readSequence(&cursor, end: end, into: &event)
        }
    }

    /// 10^`exponent` for `exponent` in 0 ... 3, without a branch or a table:
    /// the four powers are 16-bit lanes of one constant.
    @inline(__always)
    static func smallPowerOfTen(_ exponent: Int) -> UInt64 {
        (0x03E8_0064_000A_0001 &>> UInt64(exponent &* 16)) & 0xFFFF
    }

    @inline(__always)
    static func readID(_ cursor: inout UnsafeRawPointer, end: UnsafeRawPointer, into event: inout DecodedEvent) -> Bool {
        guard let string = string(&cursor, end: end),
            string.bytes.count >= 1, string.bytes.count <= FieldRules.idMaximumLength
        else { return false }
        event.id = string.bytes
        return true
    }

    @inline(__always)
    static func readTimestamp(_ cursor: inout UnsafeRawPointer, end: UnsafeRawPointer, into event: inout DecodedEvent) -> Bool {
        if cursor.load(as: UInt8.self) == UInt8(ascii: "\"") {
            return readRFC3339Timestamp(&cursor, end: end, into: &event)
        } else {
            guard let number = decimal(at: cursor, end: end), number.fractionDigits == 0,
                number.integer <= UInt64(FieldRules.latestTimestampMillis)
            else { return false }
            cursor = number.next
            event.timestampMillis = Int64(number.integer)
        }
        return true
    }

    /// The string form of `ts`, out of line: it is the rarer one, and keeping it
    /// out leaves ``readTimestamp(_:end:into:)`` small enough to be inlined.
    @inline(never)
    static func readRFC3339Timestamp(
        _ cursor: inout UnsafeRawPointer,
        end: UnsafeRawPointer,
        into event: inout DecodedEvent
    ) -> Bool {
        guard let string = string(&cursor, end: end), let base = string.bytes.baseAddress,
            let millis = RFC3339Timestamp.parseWords(base, count: string.bytes.count),
            millis >= 0, millis <= FieldRules.latestTimestampMillis
        else { return false }
        event.timestampMillis = millis
        return true
    }

    @inline(__always)
    static func readDomain(
        _ cursor: inout UnsafeRawPointer,
        end: UnsafeRawPointer,
        domains: DomainTable,
        into event: inout DecodedEvent
    ) -> Bool {
        if let index = domains.quotedIndex(at: &cursor, end: end) {
            event.domain = index
            return true
        }
        return readDomainString(&cursor, end: end, domains: domains, into: &event)
    }

    /// A `domain` value that is not a configured name's plain quoted text: the
    /// string is scanned and compared; out of line, as it is rare.
    @inline(never)
    static func readDomainString(
        _ cursor: inout UnsafeRawPointer,
        end: UnsafeRawPointer,
        domains: DomainTable,
        into event: inout DecodedEvent
    ) -> Bool {
        guard let string = string(&cursor, end: end), let index = domains.index(of: string.bytes, head: string.head)
        else { return false }
        event.domain = index
        return true
    }

    @inline(__always)
    static func readService(_ cursor: inout UnsafeRawPointer, end: UnsafeRawPointer, into event: inout DecodedEvent) -> Bool {
        guard let name = serviceName(&cursor, end: end) else { return false }
        event.service = name
        return true
    }

    @inline(__always)
    static func readStatus(_ cursor: inout UnsafeRawPointer, end: UnsafeRawPointer, into event: inout DecodedEvent) -> Bool {
        // The three values with their quotes, little-endian.
        let text = word(at: cursor, end: end)
        if text & 0xFFFF_FFFF == 0x226B_6F22 {  // "ok"
            event.status = .ok
            cursor += 4
        } else if text == 0x2264_656C_6961_6622 {  // "failed"
            event.status = .failed
            cursor += 8
        } else if text == 0x6574_6365_6A65_7222, word(at: cursor + 8, end: end) & 0xFFFF == 0x2264 {  // "rejected"
            event.status = .rejected
            cursor += 10
        } else {
            return false
        }
        return true
    }

    @inline(__always)
    static func readDuration(_ cursor: inout UnsafeRawPointer, end: UnsafeRawPointer, into event: inout DecodedEvent) -> Bool {
        guard let number = decimal(at: cursor, end: end), number.fractionDigits <= 3 else { return false }
        cursor = number.next
        // At most 15 integer digits: the product stays far below 2^64.
        let micros = number.integer &* 1000 &+ number.fraction &* smallPowerOfTen(3 &- number.fractionDigits)
        guard micros <= UInt64(FieldRules.longestDurationMicros) else { return false }
        event.durationMicros = Int64(micros)
        return true
    }

    @inline(__always)
    static func readRegion(_ cursor: inout UnsafeRawPointer, end: UnsafeRawPointer, into event: inout DecodedEvent) -> Bool {
        guard let packed = quotedRegionCode(&cursor, end: end) else { return false }
        event.region = packed
        return true
    }

    @inline(__always)
    static func readChannel(_ cursor: inout UnsafeRawPointer, end: UnsafeRawPointer, into event: inout DecodedEvent) -> Bool {
        switch word(at: cursor, end: end) {
        case 0x2265_6E69_6C6E_6F22: event.channel = .online  // "online"
        case 0x2265_6C69_626F_6D22: event.channel = .mobile  // "mobile"
        case 0x2265_6369_6666_6F22: event.channel = .office  // "office"
        default: return false
        }
        cursor += 8
        return true
    }

    @inline(__always)
    static func readAmount(_ cursor: inout UnsafeRawPointer, end: UnsafeRawPointer, into event: inout DecodedEvent) -> Bool {
        guard let number = decimal(at: cursor, end: end), number.fractionDigits <= 2 else { return false }
        cursor = number.next
        // At most 15 integer digits: far below Int64.max tiyn.
        event.amountTiyn = Int64(number.integer &* 100 &+ number.fraction &* smallPowerOfTen(2 &- number.fractionDigits))
        return true
    }

    @inline(__always)
    static func readApplicant(_ cursor: inout UnsafeRawPointer, end: UnsafeRawPointer, into event: inout DecodedEvent) -> Bool {
        guard let string = string(&cursor, end: end),
            string.bytes.count >= 1, string.bytes.count <= FieldRules.applicantMaximumLength
        else { return false }
        event.applicant = string.bytes
        return true
    }

    @inline(__always)
    static func readSource(_ cursor: inout UnsafeRawPointer, end: UnsafeRawPointer, into event: inout DecodedEvent) -> Bool {
        guard let string = string(&cursor, end: end),
            string.bytes.count >= 1, string.bytes.count <= FieldRules.sourceMaximumLength
        else { return false }
        event.source = string.bytes
        return true
    }

    @inline(__always)
    static func readSequence(_ cursor: inout UnsafeRawPointer, end: UnsafeRawPointer, into event: inout DecodedEvent) -> Bool {
        guard let number = decimal(at: cursor, end: end), number.fractionDigits == 0 else { return false }
        cursor = number.next
        event.sequence = Int64(number.integer)  // at most 15 digits
        return true
    }
}
