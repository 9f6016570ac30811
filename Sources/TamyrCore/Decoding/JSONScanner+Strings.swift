extension JSONScanner {
    /// Scans a string body, from just after its opening quote to just past its
    /// closing quote, and returns its decoded bytes.
    ///
    /// A string without escapes is returned in place, pointing into the
    /// payload; only a string with escapes is decoded, into `slot`. Throws on a
    /// control character, invalid UTF-8, a bad escape, a lone or mismatched
    /// UTF-16 surrogate in `\u` escapes, or a missing closing quote.
    mutating func scanString(into slot: StringSlot) throws(MalformedJSON) -> ScannedString {
        let start = position
        // Most strings on the wire are short: settle those with one word, without a call.
        if start.distance(to: end) >= 8 {
            let stops = SWAR.stringStops(SWAR.load(start))
            let stop = start + (stops.trailingZeroBitCount &>> 3)
            if stops != 0, stop.load(as: UInt8.self) == UInt8(ascii: "\"") {
                position = stop + 1
                return ScannedString(start: start, count: start.distance(to: stop), exceedsSlot: false)
            }
        }
        let stop = try Self.nextQuoteOrBackslash(from: start, end: end)
        if stop.load(as: UInt8.self) == UInt8(ascii: "\"") {
            position = stop + 1
            return ScannedString(start: start, count: start.distance(to: stop), exceedsSlot: false)
        }
        return try scanEscapedString(start: start, firstEscape: stop, into: slot)
    }

    /// The slow path of ``scanString(into:)``: copies and decodes the string into `slot`.
    private mutating func scanEscapedString(
        start: UnsafeRawPointer,
        firstEscape: UnsafeRawPointer,
        into slot: StringSlot
    ) throws(MalformedJSON) -> ScannedString {
        var writer = SlotWriter(slot)
        writer.append(start, count: start.distance(to: firstEscape))
        var escape = firstEscape
        while true {
            let runStart = try Self.decodeEscape(at: escape, end: end, into: &writer)
            let stop = try Self.nextQuoteOrBackslash(from: runStart, end: end)
            writer.append(runStart, count: runStart.distance(to: stop))
            if stop.load(as: UInt8.self) == UInt8(ascii: "\"") {
                position = stop + 1
                return writer.scanned
            }
            escape = stop
        }
    }

    /// Returns the address of the first `"` or `\` at or after `address`,
    /// having checked that every byte before it may appear raw in a JSON
    /// string: no control character, and well-formed UTF-8.
    static func nextQuoteOrBackslash(
        from address: UnsafeRawPointer,
        end: UnsafeRawPointer
    ) throws(MalformedJSON) -> UnsafeRawPointer {
        var cursor = address
        while true {
            // Find the next byte that needs a decision: 8 bytes at a time while
            // 8 remain, then byte by byte up to the end of the payload.
            if cursor.distance(to: end) >= 8 {
                let stops = SWAR.stringStops(SWAR.load(cursor))
                if stops == 0 {
                    cursor += 8
                    continue
                }
                cursor += stops.trailingZeroBitCount &>> 3
            } else {
                guard cursor < end else { throw MalformedJSON() }
                let byte = cursor.load(as: UInt8.self)
                if byte >= 0x20, byte < 0x80, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\") {
                    cursor += 1
                    continue
                }
            }
            let byte = cursor.load(as: UInt8.self)
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return cursor }
            guard byte >= 0x80, let next = UTF8Sequence.end(startingAt: cursor, end: end) else {
                throw MalformedJSON()  // a raw control character, or invalid UTF-8
            }
            cursor = next
        }
    }

    /// Decodes the escape sequence whose backslash is at `backslash` into
    /// `writer` and returns the address just past it.
    private static func decodeEscape(
        at backslash: UnsafeRawPointer,
        end: UnsafeRawPointer,
        into writer: inout SlotWriter
    ) throws(MalformedJSON) -> UnsafeRawPointer {
        guard backslash.distance(to: end) >= 2 else { throw MalformedJSON() }
        let letter = backslash.load(fromByteOffset: 1, as: UInt8.self)
        switch letter {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): writer.append(letter)
        case UInt8(ascii: "b"): writer.append(0x08)
        case UInt8(ascii: "f"): writer.append(0x0C)
        case UInt8(ascii: "n"): writer.append(0x0A)
        case UInt8(ascii: "r"): writer.append(0x0D)
        case UInt8(ascii: "t"): writer.append(0x09)
        case UInt8(ascii: "u"): return try decodeUnicodeEscape(at: backslash, end: end, into: &writer)
        default: throw MalformedJSON()
        }
        return backslash + 2
    }

    /// Decodes `\uXXXX`, or a surrogate pair `\uD8xx\uDCxx`, at `backslash`.
    private static func decodeUnicodeEscape(
        at backslash: UnsafeRawPointer,
        end: UnsafeRawPointer,
        into writer: inout SlotWriter
    ) throws(MalformedJSON) -> UnsafeRawPointer {
        let available = backslash.distance(to: end)
        guard available >= 6, let unit = hexQuad(at: backslash + 2) else { throw MalformedJSON() }
        switch unit {
        case 0xD800 ... 0xDBFF:
            // A high surrogate must be followed at once by an escaped low surrogate.
            guard available >= 12,
                backslash.load(fromByteOffset: 6, as: UInt8.self) == UInt8(ascii: "\\"),
                backslash.load(fromByteOffset: 7, as: UInt8.self) == UInt8(ascii: "u"),
                let low = hexQuad(at: backslash + 8),
                (0xDC00 ... 0xDFFF).contains(low)
            else { throw MalformedJSON() }
            writer.append(scalar: 0x1_0000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
            return backslash + 12
        case 0xDC00 ... 0xDFFF:
            throw MalformedJSON()  // a low surrogate without its high half
        default:
            writer.append(scalar: unit)
            return backslash + 6
        }
    }

    /// The value of the four hexadecimal digits at `address` (readable, checked
    /// by the caller), or `nil` if any of them is not a hex digit.
    private static func hexQuad(at address: UnsafeRawPointer) -> UInt32? {
        var value: UInt32 = 0
        for offset in 0 ..< 4 {
            let byte = address.load(fromByteOffset: offset, as: UInt8.self)
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0") ... UInt8(ascii: "9"): digit = byte &- UInt8(ascii: "0")
            case UInt8(ascii: "a") ... UInt8(ascii: "f"): digit = byte &- UInt8(ascii: "a") &+ 10
            case UInt8(ascii: "A") ... UInt8(ascii: "F"): digit = byte &- UInt8(ascii: "A") &+ 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }
}
