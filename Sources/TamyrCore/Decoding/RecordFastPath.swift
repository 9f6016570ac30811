/// The fast path of ``EventDecoder``: decodes a record that is a *valid* event
/// in one pass over its bytes, validating each value as it is read, or gives
/// up and leaves the record to the general path (``JSONScanner`` then
/// ``EventValidator``), which decodes it again from its first byte.
///
/// It gives up on anything that is not plainly valid: a field that breaks its
/// rule, a missing required field, a repeated known key, `null`, a negative
/// number, an exponent, more than 15 integer digits, more fraction digits than
/// the field's scale, an RFC 3339 `ts` with a 9-digit fraction, an escape in a
/// known field's string, a known key written with escapes, any syntax error,
/// and a record that is not one object per line. Giving up costs only the time spent so far, and those records are
/// rare on the wire; so everything the fast path accepts is accepted by the
/// general path with the same values, and everything else gets the general
/// path's verdict (rule 2 precedence, `source`/`sequence` of rejected events,
/// resynchronisation after malformed records) by construction.
///
/// The members are first expected in the contract's order (section 2), as
/// producers write them; from the first one out of that order on, a member
/// loop recognises each key (guessing it from the member before) and reads its
/// value with the same per-field readers (`RecordFastPath+Values.swift`).
/// Unknown members are validated and skipped with the general scanner's own
/// code, so the occasional extra field does not leave the fast path.
///
/// Every read is bounded by `end`: words are loaded whole only when 8 bytes
/// remain; otherwise the payload's last 8 bytes are loaded and shifted so the
/// bytes past `end` read as zero (see ``word(at:end:)``). A zero byte is
/// neither a digit, a quote nor a byte allowed raw in a string, so a scan that
/// reaches the zero fill stops there and the position is checked against `end`.
enum RecordFastPath {
    /// Decodes the record whose first byte (not whitespace) is at `start`.
    ///
    /// - Returns: Where the next record starts (past the line feed that ends
    ///   this one, or `end`), with `event` filled in as a valid event; or `nil`
    ///   when the general path must decide the record, with `event` partly
    ///   written (the general path replaces all of it).
    static func decode(
        from start: UnsafeRawPointer,
        end: UnsafeRawPointer,
        storage: DecoderStorage,
        into event: inout DecodedEvent
    ) -> UnsafeRawPointer? {
        guard start.distance(to: end) >= minimumRecordLength, start.load(as: UInt8.self) == UInt8(ascii: "{") else {
            return nil
        }
        var cursor = start  // at the `{`; then at the separator after each value
        let templates = storage.keyTemplates.entries
        let predictions = storage.memberPredictions
        var state = MemberPredictions.startState

        // The event is filled in place: the required fields as they are read
        // (all of them are checked present at the end), the optional ones
        // reset here first.
        var seen: UInt32 = 0
        event.rejection = nil
        event.rejectedField = nil
        event.region = RegionCode.unknown
        event.channel = .unknown
        event.amountTiyn = nil
        event.applicant = nil
        event.source = nil
        event.sequence = nil

        // First the members in the contract's order (section 2), which is how
        // producers write them: each key is expected with its separator, in one
        // or two masked compares against a constant text, and its value is read
        // by code specialised for its field. The first member that is not next
        // in that order (an unknown or repeated key, whitespace, another order,
        // the end of the object) hands over to the loop below, which carries on
        // from there with what was seen.
        let texts = predictions.texts
        var closed = false  // whether the object's `}` has been read
        contractOrder: do {
            // The required members: one that is not next hands over to the loop, a value
            // that fails gives up. `seen` and `state` are kept as the loop keeps them.
            guard expect(texts[MemberPredictions.startState + Int(EventField.id.rawValue)], at: &cursor, end: end) else { break contractOrder }
            guard valueStart(&cursor, end: end), readID(&cursor, end: end, into: &event) else { return nil }
            seen = 1 &<< UInt32(EventField.id.rawValue)
            state = Int(EventField.id.rawValue)
            guard expect(texts[Int(EventField.ts.rawValue)], at: &cursor, end: end) else { break contractOrder }
            guard valueStart(&cursor, end: end), readTimestamp(&cursor, end: end, into: &event) else { return nil }
            seen |= 1 &<< UInt32(EventField.ts.rawValue)
            state = Int(EventField.ts.rawValue)
            guard expect(texts[Int(EventField.domain.rawValue)], at: &cursor, end: end) else { break contractOrder }
            guard valueStart(&cursor, end: end), readDomain(&cursor, end: end, domains: storage.domains, into: &event) else { return nil }
            seen |= 1 &<< UInt32(EventField.domain.rawValue)
            state = Int(EventField.domain.rawValue)
            guard expect(texts[Int(EventField.service.rawValue)], at: &cursor, end: end) else { break contractOrder }
            guard valueStart(&cursor, end: end), readService(&cursor, end: end, into: &event) else { return nil }
            seen |= 1 &<< UInt32(EventField.service.rawValue)
            state = Int(EventField.service.rawValue)
            guard expect(texts[Int(EventField.status.rawValue)], at: &cursor, end: end) else { break contractOrder }
            guard valueStart(&cursor, end: end), readStatus(&cursor, end: end, into: &event) else { return nil }
            seen |= 1 &<< UInt32(EventField.status.rawValue)
            state = Int(EventField.status.rawValue)
            guard expect(texts[Int(EventField.durationMs.rawValue)], at: &cursor, end: end) else { break contractOrder }
            guard valueStart(&cursor, end: end), readDuration(&cursor, end: end, into: &event) else { return nil }
            seen |= 1 &<< UInt32(EventField.durationMs.rawValue)
            state = Int(EventField.durationMs.rawValue)
            // The optional ones: each may be absent.
            if expect(texts[Int(EventField.region.rawValue)], at: &cursor, end: end) {
                guard valueStart(&cursor, end: end), readRegion(&cursor, end: end, into: &event) else { return nil }
                seen |= 1 &<< UInt32(EventField.region.rawValue)
                state = Int(EventField.region.rawValue)
            }
            if expect(texts[Int(EventField.channel.rawValue)], at: &cursor, end: end) {
                guard valueStart(&cursor, end: end), readChannel(&cursor, end: end, into: &event) else { return nil }
                seen |= 1 &<< UInt32(EventField.channel.rawValue)
                state = Int(EventField.channel.rawValue)
            }
            if expect(texts[Int(EventField.amount.rawValue)], at: &cursor, end: end) {
                guard valueStart(&cursor, end: end), readAmount(&cursor, end: end, into: &event) else { return nil }
                seen |= 1 &<< UInt32(EventField.amount.rawValue)
                state = Int(EventField.amount.rawValue)
            }
            if expect(texts[Int(EventField.applicant.rawValue)], at: &cursor, end: end) {
                guard valueStart(&cursor, end: end), readApplicant(&cursor, end: end, into: &event) else { return nil }
                seen |= 1 &<< UInt32(EventField.applicant.rawValue)
                state = Int(EventField.applicant.rawValue)
            }
            if expect(texts[Int(EventField.src.rawValue)], at: &cursor, end: end) {
                guard valueStart(&cursor, end: end), readSource(&cursor, end: end, into: &event) else { return nil }
                seen |= 1 &<< UInt32(EventField.src.rawValue)
                state = Int(EventField.src.rawValue)
            }
            if expect(texts[Int(EventField.seq.rawValue)], at: &cursor, end: end) {
                guard valueStart(&cursor, end: end), readSequence(&cursor, end: end, into: &event) else { return nil }
                seen |= 1 &<< UInt32(EventField.seq.rawValue)
                state = Int(EventField.seq.rawValue)
            }
            // The end of the object right after them, as usual: nothing is left for the loop.
            if cursor < end, cursor.load(as: UInt8.self) == UInt8(ascii: "}") {
                cursor += 1
                closed = true
            }
        }

        while !closed {
            // The separator (`{` or `,`) and the member's key: first the text
            // that followed this member last time, `,"name":` in one or two
            // masked compares; else the separator, then the key on its own.
            let predicted = predictions.entries[state]
            var member: EventField?
            if cursor.distance(to: end) >= 16,
                SWAR.load(cursor) & predicted.headMask == predicted.head,
                SWAR.load(cursor + 8) & predicted.tailMask == predicted.tail
            {
                cursor += predicted.length  // just past the colon
                member = predicted.field
            } else {
                if state != MemberPredictions.startState {
                    // `,` and the next member, or `}` and the end of the object.
                    guard cursor < end else { return nil }
                    var separator = cursor.load(as: UInt8.self)
                    if separator <= 0x20 {
                        cursor = skipWhitespace(from: cursor, end: end)
                        guard cursor < end else { return nil }
                        separator = cursor.load(as: UInt8.self)
                    }
                    if separator != UInt8(ascii: ",") {
                        guard separator == UInt8(ascii: "}") else { return nil }
                        cursor += 1
                        break
                    }
                }
                cursor += 1

                guard cursor < end else { return nil }
                if cursor.load(as: UInt8.self) != UInt8(ascii: "\"") {
                    cursor = skipWhitespace(from: cursor, end: end)
                    guard cursor < end, cursor.load(as: UInt8.self) == UInt8(ascii: "\"") else { return nil }
                }
                let body = cursor + 1
                let head = word(at: body, end: end)
                let template = templates[KeyTemplates.slot(of: head)]
                member = template.field
                if head & template.headMask == template.head,
                    template.tailMask == 0 || word(at: body + 8, end: end) & template.tailMask == template.tail
                {
                    cursor = body + template.length  // just past the colon
                } else {
                    guard let other = scanOtherMember(keyBody: body, end: end, keySlot: storage.keySlot) else {
                        return nil
                    }
                    member = other.field
                    cursor = other.next
                }
                if let field = member { predictions.learn(after: state, next: field) }
            }
            state = member.map { Int($0.rawValue) } ?? MemberPredictions.unknownState

            // Its value: a known field's is decided here; an unknown one's was skipped.
            if let field = member {
                let bit: UInt32 = 1 &<< UInt32(field.rawValue)
                guard seen & bit == 0 else { return nil }  // a repeated key: the last one wins, over there
                seen |= bit
                guard readValue(of: field, &cursor, end: end, storage: storage, into: &event) else { return nil }
            }
        }

        // Rule 1: only spaces, tabs and CRs, then a line feed or the end of the payload.
        while cursor < end {
            let byte = cursor.load(as: UInt8.self)
            guard byte == 0x20 || byte == 0x09 || byte == 0x0D else { break }
            cursor += 1
        }
        if cursor < end {
            guard cursor.load(as: UInt8.self) == 0x0A else { return nil }
            cursor += 1
        }
        guard seen & requiredFields == requiredFields else { return nil }

        return cursor
    }

    /// Whether `text` (a ``MemberPredictions`` text, `,"name":` or `{"name":`)
    /// is at `cursor`, with at least 16 bytes left; if so, moves `cursor` past it.
    @inline(__always)
    static func expect(_ text: KeyTemplate, at cursor: inout UnsafeRawPointer, end: UnsafeRawPointer) -> Bool {
        guard cursor.distance(to: end) >= 16,
            SWAR.load(cursor) & text.headMask == text.head,
            SWAR.load(cursor + 8) & text.tailMask == text.tail
        else { return false }
        cursor += text.length
        return true
    }

    /// The bits (by raw value) of `id`, `ts`, `domain`, `service`, `status` and `duration_ms`.
    static let requiredFields: UInt32 = 0b11_1111

    // MARK: - Bytes and words

    /// The 8 bytes at `address`, first byte lowest; the bytes at or past `end` read as zero.
    ///
    /// Near the end it loads the last 8 bytes of the payload and shifts the
    /// wanted ones down, which needs `end - 8` to be in the payload: ``decode(from:end:storage:into:)``
    /// only runs on at least ``minimumRecordLength`` bytes and never reads before its record.
    @inline(__always)
    static func word(at address: UnsafeRawPointer, end: UnsafeRawPointer) -> UInt64 {
        let available = address.distance(to: end)
        if available >= 8 { return SWAR.load(address) }
        guard available > 0 else { return 0 }
        return SWAR.load(end - 8) &>> UInt64((8 &- available) &* 8)
    }

    /// Fewer bytes than this from the record's start to the end of the payload
    /// cannot hold a valid event, and are left to the general path.
    static let minimumRecordLength = 16

    /// A mask of the lowest `count` bytes of a word, for `count` in 0 ... 8.
    @inline(__always)
    static func lowBytesMask(_ count: Int) -> UInt64 {
        count >= 8 ? ~0 : (1 &<< UInt64(count &* 8)) &- 1
    }

    /// Skips JSON whitespace; most calls find a token byte at once.
    @inline(__always)
    static func skipWhitespace(from address: UnsafeRawPointer, end: UnsafeRawPointer) -> UnsafeRawPointer {
        var cursor = address
        while cursor < end {
            let byte = cursor.load(as: UInt8.self)
            guard byte <= 0x20, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { break }
            cursor += 1
        }
        return cursor
    }

    /// 10^`exponent` for `exponent` in 0 ... 8.
    @inline(__always)
    static func powerOfTen(_ exponent: Int) -> UInt64 {
        switch exponent {
        case 0: 1
        case 1: 10
        case 2: 100
        case 3: 1000
        case 4: 10_000
        case 5: 100_000
        case 6: 1_000_000
        case 7: 10_000_000
        default: 100_000_000
        }
    }

    // MARK: - Keys

    /// A known key as it is usually written, `name":` from just past the
    /// opening quote, in at most two words, with masks of the bytes that count.
    struct KeyTemplate {
        /// The first 8 bytes of `name":`, zero past it.
        var head: UInt64
        var headMask: UInt64
        /// Bytes 8 ..< 16 of `name":`, zero past it; `tailMask` is 0 for short keys.
        var tail: UInt64
        var tailMask: UInt64
        /// The length of `name":`, from the key's first byte to just past the colon.
        var length: Int
        var field: EventField

        /// A template that matches nothing (mask 0, head 1).
        static let nothing = KeyTemplate(head: 1, headMask: 0, tail: 0, tailMask: 0, length: 0, field: .id)

        /// The template of `text` (at most 16 bytes), packed little-endian into two words.
        init(text: [UInt8], field: EventField) {
            var head: UInt64 = 0
            var tail: UInt64 = 0
            for (index, byte) in text.enumerated() {
                if index < 8 {
                    head |= UInt64(byte) << (8 * UInt64(index))
                } else {
                    tail |= UInt64(byte) << (8 * UInt64(index - 8))
                }
            }
            self.init(
                head: head,
                headMask: lowBytesMask(min(text.count, 8)),
                tail: tail,
                tailMask: text.count > 8 ? lowBytesMask(text.count - 8) : 0,
                length: text.count,
                field: field
            )
        }

        init(head: UInt64, headMask: UInt64, tail: UInt64, tailMask: UInt64, length: Int, field: EventField) {
            self.head = head
            self.headMask = headMask
            self.tail = tail
            self.tailMask = tailMask
            self.length = length
            self.field = field
        }
    }

    /// The twelve known keys in a perfect hash table of 16 slots, keyed by
    /// their first three bytes counted from just past the opening quote
    /// (`id"`, `ts"`, `dom`, `ser`...), which differ for all twelve.
    ///
    /// A key is recognised with one multiply, one table load and one or two
    /// masked compares; the compare covers the whole key, its closing quote and
    /// the colon, so a match is exactly that key. Allocated by ``DecoderStorage``.
    struct KeyTemplates {
        /// 16 entries; an empty slot's mask is 0 and its head 1, so nothing matches it.
        let entries: UnsafeMutablePointer<KeyTemplate>

        /// Spreads the first three bytes of the twelve keys over 16 distinct slots (`>> 60`).
        static let multiplier: UInt64 = 0xACD6_2C6A_B469_77D1

        init() {
            entries = .allocate(capacity: 16)
            entries.initialize(repeating: .nothing, count: 16)
            for field in EventField.allCases {
                let text = Array(field.name.utf8) + [UInt8(ascii: "\""), UInt8(ascii: ":")]
                precondition(text.count <= 16, "a key no longer fits two words")
                let template = KeyTemplate(text: text, field: field)
                let slot = Self.slot(of: template.head)
                precondition(entries[slot].headMask == 0, "the key hash no longer fits the keys")
                entries[slot] = template
            }
        }

        /// The slot for a key whose first bytes (from just past the opening quote) are `head`.
        @inline(__always)
        static func slot(of head: UInt64) -> Int {
            Int(truncatingIfNeeded: ((head & 0xFF_FFFF) &* multiplier) &>> 60)
        }

        func deallocate() {
            entries.deallocate()
        }
    }

    /// What followed each member last time, as the text `,"name":` (from the
    /// separator to just past the colon) that ``decode(from:end:storage:into:)``
    /// tries first: producers write their fields in a fixed order, so one or
    /// two masked compares usually recognise the separator, the next key and
    /// its colon together. A wrong guess costs those compares; then the
    /// separator and the key are read on their own, and the guess is updated.
    ///
    /// Allocated by ``DecoderStorage``, and written only by the decoder that owns it.
    struct MemberPredictions {
        /// The state before the first member (the text starts with `{`).
        static let startState = EventField.allCases.count
        /// The state after an unknown member: never guessed, never updated.
        static let unknownState = startState + 1

        /// The guess for each state: after the member of that field's raw
        /// value, at the start, after an unknown member. A state with no guess
        /// holds a template that matches nothing (mask 0, head 1).
        let entries: UnsafeMutablePointer<KeyTemplate>
        /// `,"name":` for each field by raw value, then `{"name":` for each.
        let texts: UnsafeMutablePointer<KeyTemplate>

        init() {
            let count = EventField.allCases.count
            entries = .allocate(capacity: Self.unknownState + 1)
            entries.initialize(repeating: .nothing, count: Self.unknownState + 1)
            texts = .allocate(capacity: 2 * count)
            texts.initialize(repeating: .nothing, count: 2 * count)
            for field in EventField.allCases {
                for (offset, separator) in [(0, UInt8(ascii: ",")), (count, UInt8(ascii: "{"))] {
                    let text = [separator, UInt8(ascii: "\"")] + Array(field.name.utf8) + [UInt8(ascii: "\""), UInt8(ascii: ":")]
                    precondition(text.count <= 16, "a member text no longer fits two words")
                    texts[offset + Int(field.rawValue)] = KeyTemplate(text: text, field: field)
                }
            }
        }

        /// Guesses `next` after `state` from now on (nothing after an unknown member).
        @inline(__always)
        func learn(after state: Int, next: EventField) {
            guard state < Self.unknownState else { return }
            let offset = state == Self.startState ? Self.startState : 0
            entries[state] = texts[offset + Int(next.rawValue)]
        }

        func deallocate() {
            entries.deallocate()
            texts.deallocate()
        }
    }

    /// Scans a member whose key is not written as ``KeyTemplate`` expects:
    /// a known key with whitespace before the colon, or any other key, whose
    /// value is then validated and skipped exactly as
    /// ``JSONScanner/scanEventObject(into:slots:keySlot:)`` does.
    ///
    /// - Returns: The known field (with `next` just past the colon), or no
    ///   field (with `next` just past the skipped value); `nil` if the member
    ///   is malformed or its key is a known one written with escapes.
    @inline(never)
    static func scanOtherMember(
        keyBody: UnsafeRawPointer,
        end: UnsafeRawPointer,
        keySlot: StringSlot
    ) -> (field: EventField?, next: UnsafeRawPointer)? {
        if let known = EventField.matchKnownKey(at: keyBody, end: end) {
            let colon = skipWhitespace(from: known.next, end: end)
            guard colon < end, colon.load(as: UInt8.self) == UInt8(ascii: ":") else { return nil }
            return (known.field, colon + 1)
        }
        var scanner = JSONScanner(position: keyBody, end: end)
        do throws(MalformedJSON) {
            let key = try scanner.scanString(into: keySlot)
            // A known key the fast match missed (escaped, or near the end of the payload).
            if !key.exceedsSlot, EventField.named(key: key.start, count: key.count) != nil { return nil }
            scanner.skipWhitespace()
            try scanner.expect(UInt8(ascii: ":"))
            try scanner.skipValue(enclosingDepth: 1)
        } catch {
            return nil
        }
        return (nil, scanner.position)
    }

    // MARK: - Values

    /// Scans a string without escapes whose opening quote is at `cursor` and
    /// moves `cursor` past its closing quote.
    ///
    /// Checks what the general scanner checks for raw bytes: no control
    /// character and well-formed UTF-8 (ASCII 8 bytes at a time).
    ///
    /// - Returns: The string's bytes in the payload and its first 8 bytes as a
    ///   word, zero past its end; or `nil` for anything else (not a string, an
    ///   escape, a bad byte, no closing quote).
    @inline(__always)
    static func string(
        _ cursor: inout UnsafeRawPointer,
        end: UnsafeRawPointer
    ) -> (bytes: UnsafeRawBufferPointer, head: UInt64)? {
        guard cursor.load(as: UInt8.self) == UInt8(ascii: "\"") else { return nil }
        let body = cursor + 1
        let head = word(at: body, end: end)
        var stops = SWAR.stringStops(head)
        var scan = body
        while stops == 0 {
            scan += 8
            stops = SWAR.stringStops(word(at: scan, end: end))
        }
        scan += stops.trailingZeroBitCount &>> 3
        if scan >= end || scan.load(as: UInt8.self) != UInt8(ascii: "\"") {
            guard let quote = closingQuote(from: scan, end: end) else { return nil }
            scan = quote
        }
        cursor = scan + 1
        let count = body.distance(to: scan)
        return (UnsafeRawBufferPointer(start: body, count: count), head & lowBytesMask(count))
    }

    /// Continues ``string(_:end:)`` from a byte that is not the closing quote:
    /// the address of the closing quote if the rest of the string is plain
    /// text (valid UTF-8, no control character, no escape), else `nil`.
    @inline(never)
    static func closingQuote(from address: UnsafeRawPointer, end: UnsafeRawPointer) -> UnsafeRawPointer? {
        var cursor = address
        while cursor < end, cursor.load(as: UInt8.self) >= 0x80 {
            guard let next = UTF8Sequence.end(startingAt: cursor, end: end),
                let stop = try? JSONScanner.nextQuoteOrBackslash(from: next, end: end)
            else { return nil }
            cursor = stop
        }
        guard cursor < end, cursor.load(as: UInt8.self) == UInt8(ascii: "\"") else { return nil }
        return cursor
    }

    /// Scans a `service` value whose opening quote is at `cursor`: a string of
    /// 1-64 bytes of `a-z 0-9 . _ -`, checked in the same pass that finds its
    /// closing quote; moves `cursor` past that quote.
    ///
    /// - Returns: The name's bytes in the payload, or `nil` for anything else
    ///   (any other byte, an escape included, makes the rule or the general path decide).
    @inline(__always)
    static func serviceName(_ cursor: inout UnsafeRawPointer, end: UnsafeRawPointer) -> UnsafeRawBufferPointer? {
        guard cursor.load(as: UInt8.self) == UInt8(ascii: "\"") else { return nil }
        let body = cursor + 1
        var scan = body
        // The zero fill past `end` is not a service byte, so the loop stops there at the latest.
        var stops = SWAR.nonServiceBytes(word(at: scan, end: end))
        while stops == 0 {
            scan += 8
            stops = SWAR.nonServiceBytes(word(at: scan, end: end))
        }
        scan += stops.trailingZeroBitCount &>> 3
        guard scan < end, scan.load(as: UInt8.self) == UInt8(ascii: "\"") else { return nil }
        let count = body.distance(to: scan)
        guard count >= 1, count <= FieldRules.serviceMaximumLength else { return nil }
        cursor = scan + 1
        return UnsafeRawBufferPointer(start: body, count: count)
    }

    /// Reads a `region` value whose opening quote is at `cursor`: `"KZ-"`
    /// followed by 2 or 3 of `A-Z 0-9` and the closing quote, from one word;
    /// moves `cursor` past the closing quote.
    ///
    /// - Returns: The packed ``RegionCode`` (the code's bytes, little-endian),
    ///   or `nil` for anything else.
    @inline(__always)
    static func quotedRegionCode(_ cursor: inout UnsafeRawPointer, end: UnsafeRawPointer) -> UInt64? {
        let text = word(at: cursor, end: end)
        guard text & 0xFFFF_FFFF == 0x2D5A_4B22 else { return nil }  // `"KZ-`
        // The closing quote is byte 6 (2 code characters) or byte 7 (3).
        let count: Int
        if (text &>> 48) & 0xFF == 0x22 {
            count = 5
        } else if text &>> 56 == 0x22 {
            count = 6
        } else {
            return nil
        }
        let head = (text &>> 8) & lowBytesMask(count)
        // The 2 or 3 code characters, with "A" filling the rest of the word.
        let code = head &>> 24 | 0x4141_4141_4141_4141 & ~lowBytesMask(count &- 3)
        guard code & SWAR.highBits == 0 else { return nil }
        let allowed = SWAR.bytes(code, inRange: 0x41 ... 0x5A) | SWAR.bytes(code, inRange: 0x30 ... 0x39)
        guard allowed == SWAR.highBits else { return nil }
        cursor += count &+ 2
        return head
    }
}
