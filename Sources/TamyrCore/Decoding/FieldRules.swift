/// The rule of each event field (``EventDecoder``, rule 2), applied to the
/// value the scanner captured for it.
///
/// Each rule reports `absent` only for a required field; optional fields
/// report their absent value as valid (`nil`, ``RegionCode/unknown``,
/// ``Channel/unknown``).
enum FieldRules {
    static let idMaximumLength = 128
    static let serviceMaximumLength = 64
    static let applicantMaximumLength = 128
    static let sourceMaximumLength = 64
    /// 9999-12-31T23:59:59.999Z, the last instant RFC 3339 can write.
    static let latestTimestampMillis: Int64 = 253_402_300_799_999
    /// 24 hours.
    static let longestDurationMicros: Int64 = 86_400_000_000

    /// The bytes a field's slot must hold: the longest string the field
    /// accepts, or 0 where a string is never acceptable.
    static func slotCapacity(of field: EventField, domains: DomainTable) -> Int {
        switch field {
        case .id: idMaximumLength
        case .ts: RFC3339Timestamp.maximumLength
        case .domain: domains.maximumLength
        case .service: serviceMaximumLength
        case .status: 8  // "rejected"
        case .region: 6  // "KZ-ALA"
        case .channel: 6  // "online", "mobile", "office"
        case .applicant: applicantMaximumLength
        case .src: sourceMaximumLength
        case .durationMs, .amount, .seq: 0
        }
    }

    /// `id`: required string of 1-128 bytes.
    static func id(_ value: ScannedValue) -> FieldVerdict<UnsafeRawBufferPointer> {
        text(value, maximumLength: idMaximumLength)
    }

    /// `ts`: required; an integer literal of epoch milliseconds, or an RFC 3339
    /// string; either way within 0 ... ``latestTimestampMillis``.
    static func timestamp(_ value: ScannedValue) -> FieldVerdict<Int64> {
        switch value.kind {
        case .absent:
            return .absent
        case .number:
            guard value.isIntegerLiteral else { return .rejected(.badType) }
            guard let millis = NumberConversion.integer(value, limit: latestTimestampMillis) else {
                return .rejected(.outOfRange)
            }
            return .valid(millis)
        case .string:
            guard !value.exceedsSlot, let start = value.start else { return .rejected(.badType) }
            switch RFC3339Timestamp.parse(start, count: value.count) {
            case .badShape: return .rejected(.badType)
            case .impossible: return .rejected(.outOfRange)
            case .millis(let millis):
                guard millis >= 0, millis <= latestTimestampMillis else { return .rejected(.outOfRange) }
                return .valid(millis)
            }
        case .boolean, .object, .array:
            return .rejected(.badType)
        }
    }

    /// `domain`: required string equal to a configured domain; returns its index.
    static func domain(_ value: ScannedValue, in domains: DomainTable) -> FieldVerdict<Int> {
        switch value.kind {
        case .absent: return .absent
        case .string:
            guard !value.exceedsSlot, let index = domains.index(of: value.bytes) else {
                return .rejected(.unknownDomain)
            }
            return .valid(index)
        case .number, .boolean, .object, .array: return .rejected(.badType)
        }
    }

    /// `service`: required string of 1-64 bytes from `a-z 0-9 . _ -`.
    static func service(_ value: ScannedValue) -> FieldVerdict<UnsafeRawBufferPointer> {
        let verdict = text(value, maximumLength: serviceMaximumLength)
        guard case .valid(let bytes) = verdict, let base = bytes.baseAddress else { return verdict }
        var offset = 0
        while bytes.count - offset >= 8 {
            guard SWAR.allServiceBytes(SWAR.load(base + offset)) else { return .rejected(.outOfRange) }
            offset += 8
        }
        while offset < bytes.count {
            switch bytes[offset] {
            case UInt8(ascii: "a") ... UInt8(ascii: "z"), UInt8(ascii: "0") ... UInt8(ascii: "9"),
                UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
                offset += 1
            default:
                return .rejected(.outOfRange)
            }
        }
        return verdict
    }

    /// `status`: required, `"ok"`, `"failed"` or `"rejected"`.
    static func status(_ value: ScannedValue) -> FieldVerdict<ServiceStatus> {
        keyword(value) { bytes in
            if bytes.matches("ok") { return .ok }
            if bytes.matches("failed") { return .failed }
            if bytes.matches("rejected") { return .rejected }
            return nil
        }
    }

    /// `duration_ms`: required number in 0 ... 86,400,000 ms, in microseconds
    /// rounded half to even beyond 3 decimals.
    static func durationMicros(_ value: ScannedValue) -> FieldVerdict<Int64> {
        switch value.kind {
        case .absent: return .absent
        case .number:
            guard
                let micros = NumberConversion.scaled(
                    value,
                    scale: 3,
                    limit: longestDurationMicros,
                    rounding: .halfToEven
                )
            else { return .rejected(.outOfRange) }
            return .valid(micros)
        case .string, .boolean, .object, .array: return .rejected(.badType)
        }
    }

    /// `region`: optional string `KZ-` + 2 or 3 of `A-Z 0-9`, packed by ``RegionCode``.
    static func region(_ value: ScannedValue) -> FieldVerdict<UInt64> {
        switch value.kind {
        case .absent: return .valid(RegionCode.unknown)
        case .string:
            guard !value.exceedsSlot, let packed = RegionCode.pack(value.start, count: value.count) else {
                return .rejected(.outOfRange)
            }
            return .valid(packed)
        case .number, .boolean, .object, .array: return .rejected(.badType)
        }
    }

    /// `channel`: optional, `"online"`, `"mobile"` or `"office"`.
    static func channel(_ value: ScannedValue) -> FieldVerdict<Channel> {
        if value.kind == .absent { return .valid(.unknown) }
        return keyword(value) { bytes in
            if bytes.matches("online") { return .online }
            if bytes.matches("mobile") { return .mobile }
            if bytes.matches("office") { return .office }
            return nil
        }
    }

    /// `amount`: optional number >= 0 with no non-zero digit below 0.01, in tiyn.
    static func amountTiyn(_ value: ScannedValue) -> FieldVerdict<Int64?> {
        switch value.kind {
        case .absent: return .valid(nil)
        case .number:
            guard let tiyn = NumberConversion.scaled(value, scale: 2, limit: .max, rounding: .exactOnly) else {
                return .rejected(.outOfRange)
            }
            return .valid(tiyn)
        case .string, .boolean, .object, .array: return .rejected(.badType)
        }
    }

    /// `applicant`: optional string of 1-128 bytes.
    static func applicant(_ value: ScannedValue) -> FieldVerdict<UnsafeRawBufferPointer?> {
        optionalText(value, maximumLength: applicantMaximumLength)
    }

    /// `src`: optional string of 1-64 bytes.
    static func source(_ value: ScannedValue) -> FieldVerdict<UnsafeRawBufferPointer?> {
        optionalText(value, maximumLength: sourceMaximumLength)
    }

    /// `seq`: optional integer literal in 0 ... Int64.max.
    static func sequence(_ value: ScannedValue) -> FieldVerdict<Int64?> {
        switch value.kind {
        case .absent: return .valid(nil)
        case .number:
            guard value.isIntegerLiteral else { return .rejected(.badType) }
            guard let sequence = NumberConversion.integer(value, limit: .max) else { return .rejected(.outOfRange) }
            return .valid(sequence)
        case .string, .boolean, .object, .array: return .rejected(.badType)
        }
    }

    /// A required string of 1 ... `maximumLength` bytes.
    private static func text(_ value: ScannedValue, maximumLength: Int) -> FieldVerdict<UnsafeRawBufferPointer> {
        switch value.kind {
        case .absent: return .absent
        case .string:
            guard !value.exceedsSlot, value.count >= 1, value.count <= maximumLength else {
                return .rejected(.outOfRange)
            }
            return .valid(value.bytes)
        case .number, .boolean, .object, .array: return .rejected(.badType)
        }
    }

    /// An optional string of 1 ... `maximumLength` bytes.
    private static func optionalText(
        _ value: ScannedValue,
        maximumLength: Int
    ) -> FieldVerdict<UnsafeRawBufferPointer?> {
        switch text(value, maximumLength: maximumLength) {
        case .valid(let bytes): .valid(bytes)
        case .absent: .valid(nil)
        case .rejected(let reason): .rejected(reason)
        }
    }

    /// A string that must be one of a few keywords, recognised by `match`.
    private static func keyword<Keyword>(
        _ value: ScannedValue,
        match: (UnsafeRawBufferPointer) -> Keyword?
    ) -> FieldVerdict<Keyword> {
        switch value.kind {
        case .absent: return .absent
        case .string:
            guard !value.exceedsSlot, let keyword = match(value.bytes) else { return .rejected(.outOfRange) }
            return .valid(keyword)
        case .number, .boolean, .object, .array: return .rejected(.badType)
        }
    }
}

extension UnsafeRawBufferPointer {
    /// Whether these bytes are exactly the UTF-8 of `literal`.
    fileprivate func matches(_ literal: StaticString) -> Bool {
        guard count == literal.utf8CodeUnitCount else { return false }
        let expected = literal.utf8Start
        for index in 0 ..< count where self[index] != expected[index] {
            return false
        }
        return true
    }
}
