/// A forward-only reader of JSON syntax over one payload.
///
/// Every read is checked against ``end`` first, so no input, however broken,
/// makes the scanner read outside the payload. Failures throw ``MalformedJSON``
/// and leave ``position`` unspecified; the decoder then resynchronises on the
/// next line itself.
///
/// The scanner is split by concern: strings in `JSONScanner+Strings.swift`,
/// numbers in `JSONScanner+Numbers.swift`, skipping unknown values in
/// `JSONScanner+Skipping.swift`, and the event object in
/// `JSONScanner+EventObject.swift`.
struct JSONScanner {
    /// Containers (objects and arrays) that may be open at once, the record's own object included.
    static let maximumDepth = 64
    /// Exponents are clamped to this magnitude while parsed, which keeps the
    /// arithmetic on them from overflowing. For any number with fewer digits
    /// than this (any payload below a gigabyte) the clamp changes no verdict:
    /// such an exponent already puts every non-zero digit far outside or far
    /// below every field's range.
    static let exponentLimit = 1_000_000_000

    /// The next byte to read.
    var position: UnsafeRawPointer
    /// One past the last byte of the payload.
    let end: UnsafeRawPointer

    init(position: UnsafeRawPointer, end: UnsafeRawPointer) {
        self.position = position
        self.end = end
    }

    /// Skips JSON whitespace: space, tab, line feed, carriage return.
    mutating func skipWhitespace() {
        while position < end {
            let byte = position.load(as: UInt8.self)
            // Most calls find a token byte at once; one compare settles them.
            guard byte <= 0x20, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return }
            position += 1
        }
    }

    /// Skips spaces, tabs and carriage returns, but not line feeds: the
    /// whitespace allowed between a record's value and the end of its line.
    mutating func skipSpaceWithinLine() {
        while position < end {
            switch position.load(as: UInt8.self) {
            case 0x20, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    /// The next byte, without consuming it.
    func peek() throws(MalformedJSON) -> UInt8 {
        guard position < end else { throw MalformedJSON() }
        return position.load(as: UInt8.self)
    }

    /// Consumes and returns the next byte.
    mutating func next() throws(MalformedJSON) -> UInt8 {
        guard position < end else { throw MalformedJSON() }
        defer { position += 1 }
        return position.load(as: UInt8.self)
    }

    /// Consumes `byte`, or throws if the next byte is anything else.
    mutating func expect(_ byte: UInt8) throws(MalformedJSON) {
        guard try next() == byte else { throw MalformedJSON() }
    }

    /// Consumes `true`, `false` or `null`, whose first byte is at ``position``,
    /// and returns the value's kind (`null` is ``ScannedValue/Kind/absent``).
    mutating func scanLiteral() throws(MalformedJSON) -> ScannedValue.Kind {
        // All three are checked with one 4-byte load; `false` starts one byte later.
        let first = try peek()
        let offset = first == UInt8(ascii: "f") ? 1 : 0
        guard position.distance(to: end) >= 4 + offset else { throw MalformedJSON() }
        let word = UInt32(littleEndian: position.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
        let kind: ScannedValue.Kind
        switch (first, word) {
        case (UInt8(ascii: "t"), 0x6575_7274): kind = .boolean  // "true"
        case (UInt8(ascii: "f"), 0x6573_6C61): kind = .boolean  // "alse"
        case (UInt8(ascii: "n"), 0x6C6C_756E): kind = .absent  // "null"
        default: throw MalformedJSON()
        }
        position += 4 + offset
        return kind
    }
}
