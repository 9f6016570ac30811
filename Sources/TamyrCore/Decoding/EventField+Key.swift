extension EventField {
    /// The field named by a key given as whole words, or `nil` for an unknown key.
    ///
    /// `low` holds the key's first 8 bytes and `high` the next 7 (both
    /// little-endian, zero past the key), and `length` its length in bytes, at
    /// most 15; longer keys are unknown. Matching on words instead of bytes costs
    /// one switch and one compare per key.
    static func named(low: UInt64, high: UInt64, length: Int) -> EventField? {
        // The constants are the keys' bytes read little-endian (first byte lowest).
        let field: EventField
        switch low {
        case 0x6469: field = .id  // "id"
        case 0x7374: field = .ts  // "ts"
        case 0x6E_6961_6D6F_64: field = .domain  // "domain"
        case 0x65_6369_7672_6573: field = .service  // "service"
        case 0x73_7574_6174_73: field = .status  // "status"
        case 0x6E6F_6974_6172_7564: field = .durationMs  // "duration" + "_ms"
        case 0x6E_6F69_6765_72: field = .region  // "region"
        case 0x6C_656E_6E61_6863: field = .channel  // "channel"
        case 0x74_6E75_6F6D_61: field = .amount  // "amount"
        case 0x6E61_6369_6C70_7061: field = .applicant  // "applican" + "t"
        case 0x63_7273: field = .src  // "src"
        case 0x71_6573: field = .seq  // "seq"
        default: return nil
        }
        // The length check also refuses keys that only differ by trailing NULs (`"id\u0000"`).
        return length == field.keyLength && high == field.keyTail ? field : nil
    }

    /// The key's bytes after its first 8, as ``named(low:high:length:)`` expects them.
    private var keyTail: UInt64 {
        switch self {
        case .applicant: 0x74  // "t"
        case .durationMs: 0x73_6D5F  // "_ms"
        default: 0
        }
    }

    /// The length of ``name`` in bytes, without building the string.
    private var keyLength: Int {
        switch self {
        case .id, .ts: 2
        case .src, .seq: 3
        case .domain, .status, .region, .amount: 6
        case .service, .channel: 7
        case .applicant: 9
        case .durationMs: 11
        }
    }

    /// Recognises a known key straight from the payload, for the body that
    /// starts at `body` (just past the opening quote), when 16 bytes are readable.
    ///
    /// Only the closing quote is searched for: a key that matches a known name
    /// consists of exactly that name's ASCII bytes, so it needs no further
    /// validation. Everything else (unknown keys, escapes, non-ASCII, keys near
    /// the end of the payload) returns `nil` and must be scanned as a string.
    ///
    /// - Returns: The field and the address just past the closing quote.
    static func matchKnownKey(
        at body: UnsafeRawPointer,
        end: UnsafeRawPointer
    ) -> (field: EventField, next: UnsafeRawPointer)? {
        guard body.distance(to: end) >= 16 else { return nil }
        var low = SWAR.load(body)
        var high: UInt64 = 0
        let length: Int
        let firstQuotes = SWAR.bytes(low, equalTo: UInt8(ascii: "\""))
        if firstQuotes != 0 {
            length = firstQuotes.trailingZeroBitCount &>> 3
            low &= (1 &<< (UInt64(length) &* 8)) &- 1
        } else {
            high = SWAR.load(body + 8)
            let secondQuotes = SWAR.bytes(high, equalTo: UInt8(ascii: "\""))
            guard secondQuotes != 0 else { return nil }
            let tailLength = secondQuotes.trailingZeroBitCount &>> 3
            high &= (1 &<< (UInt64(tailLength) &* 8)) &- 1
            length = 8 + tailLength
        }
        guard let field = named(low: low, high: high, length: length) else { return nil }
        return (field, body + length + 1)
    }

    /// Matches an already decoded key of `count` bytes at `key` (the slow path, for escaped keys).
    static func named(key: UnsafeRawPointer?, count: Int) -> EventField? {
        guard let key, count <= 15 else { return nil }
        var low: UInt64 = 0
        var high: UInt64 = 0
        for index in 0 ..< count {
            let byte = UInt64(key.load(fromByteOffset: index, as: UInt8.self))
            if index < 8 { low |= byte << (8 * UInt64(index)) } else { high |= byte << (8 * UInt64(index - 8)) }
        }
        return named(low: low, high: high, length: count)
    }
}
