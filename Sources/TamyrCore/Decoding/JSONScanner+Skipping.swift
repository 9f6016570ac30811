extension JSONScanner {
    /// Validates and skips one JSON value of any type, starting at ``position``
    /// (whitespace allowed before it), nested arbitrarily up to
    /// ``maximumDepth`` containers in total.
    ///
    /// - Parameter enclosingDepth: How many containers are already open around
    ///   the value (1 for a member of the record's object).
    mutating func skipValue(enclosingDepth: Int) throws(MalformedJSON) {
        // Bit i of `openObjects` says whether the i-th container opened here
        // (counting from the innermost, bit 0) is an object (1) or an array (0).
        // 64 bits hold every level the depth limit allows.
        var openObjects: UInt64 = 0
        var openCount = 0
        let openLimit = Self.maximumDepth - enclosingDepth

        while true {
            // A value.
            skipWhitespace()
            switch try peek() {
            case UInt8(ascii: "\""):
                position += 1
                _ = try scanString(into: .discard)
            case UInt8(ascii: "-"), UInt8(ascii: "0") ... UInt8(ascii: "9"):
                var ignored = ScannedValue()
                try scanNumber(into: &ignored)
            case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                _ = try scanLiteral()
            case UInt8(ascii: "{"):
                guard openCount < openLimit else { throw MalformedJSON() }
                position += 1
                openObjects = openObjects << 1 | 1
                openCount += 1
                skipWhitespace()
                if try peek() != UInt8(ascii: "}") {
                    try scanMemberName()
                    continue
                }
                position += 1
                openObjects >>= 1
                openCount -= 1
            case UInt8(ascii: "["):
                guard openCount < openLimit else { throw MalformedJSON() }
                position += 1
                openObjects <<= 1
                openCount += 1
                skipWhitespace()
                if try peek() != UInt8(ascii: "]") { continue }
                position += 1
                openObjects >>= 1
                openCount -= 1
            default:
                throw MalformedJSON()
            }

            // After a value: close containers until one continues with `,`.
            while true {
                guard openCount > 0 else { return }
                skipWhitespace()
                let byte = try next()
                let inObject = openObjects & 1 == 1
                if byte == UInt8(ascii: ",") {
                    if inObject {
                        skipWhitespace()
                        try scanMemberName()
                    }
                    break
                }
                guard byte == (inObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) else { throw MalformedJSON() }
                openObjects >>= 1
                openCount -= 1
            }
        }
    }

    /// Validates and skips `"name" :` inside a skipped object; whitespace after
    /// the name is allowed, whitespace before it is the caller's.
    private mutating func scanMemberName() throws(MalformedJSON) {
        try expect(UInt8(ascii: "\""))
        _ = try scanString(into: .discard)
        skipWhitespace()
        try expect(UInt8(ascii: ":"))
    }
}
