/// Small byte-level readings of JSON text that Foundation's parsed objects do
/// not expose: the raw text of each top-level member's value (for numbers,
/// whose decimal text matters), and two corners where Foundation on Linux
/// departs from RFC 8259. Written for this test only; shares nothing with the decoder.
enum RawJSONText {
    /// The members of the top-level object, in order, as (raw key literal, raw value text).
    ///
    /// - Precondition: `bytes` is a JSON object that Foundation accepted and
    ///   that has no trailing comma.
    static func members(of bytes: [UInt8]) -> [(key: [UInt8], value: [UInt8])] {
        var index = 0
        func skipSpace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }
        /// Moves `index` past the string literal starting at `index`.
        func skipString() {
            index += 1
            while bytes[index] != UInt8(ascii: "\"") {
                index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
            }
            index += 1
        }
        var members: [(key: [UInt8], value: [UInt8])] = []
        skipSpace()
        index += 1  // {
        while true {
            skipSpace()
            if bytes[index] == UInt8(ascii: "}") { break }
            let keyStart = index
            skipString()
            let key = Array(bytes[keyStart ..< index])
            skipSpace()
            index += 1  // :
            skipSpace()
            let valueStart = index
            var depth = 0
            while true {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    skipString()
                    continue
                }
                if depth == 0, byte == UInt8(ascii: ",") || byte == UInt8(ascii: "}") { break }
                if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") { depth += 1 }
                if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") { depth -= 1 }
                index += 1
            }
            var valueEnd = index
            while [0x20, 0x09, 0x0A, 0x0D].contains(bytes[valueEnd - 1]) { valueEnd -= 1 }
            members.append((key, Array(bytes[valueStart ..< valueEnd])))
            if bytes[index] == UInt8(ascii: ",") { index += 1 }
        }
        return members
    }

    /// Whether a `,` outside strings is followed (after whitespace) by `]` or `}`.
    ///
    /// Foundation on Linux accepts such trailing commas (`[1,]`, `{"a":1,}`);
    /// RFC 8259 does not, and neither does the decoder.
    static func hasTrailingComma(_ bytes: [UInt8]) -> Bool {
        var index = 0
        var inString = false
        while index < bytes.count {
            let byte = bytes[index]
            if inString {
                if byte == UInt8(ascii: "\\") { index += 1 } else if byte == UInt8(ascii: "\"") { inString = false }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            } else if byte == UInt8(ascii: ",") {
                var next = index + 1
                while next < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[next]) { next += 1 }
                if next < bytes.count, bytes[next] == UInt8(ascii: "]") || bytes[next] == UInt8(ascii: "}") { return true }
            }
            index += 1
        }
        return false
    }

    /// Whether some run of number characters anywhere in `bytes` reads as a
    /// number beyond `Double`'s range (`1e400`).
    ///
    /// Foundation on Linux refuses such numbers ("not representable"); RFC 8259
    /// allows them and so does the decoder, whose rules then make them out_of_range.
    static func hasUnrepresentableNumber(_ bytes: [UInt8]) -> Bool {
        let numberBytes = Set("0123456789+-.eE".utf8)
        var run: [UInt8] = []
        for byte in bytes + [0x20] {
            if numberBytes.contains(byte) {
                run.append(byte)
                continue
            }
            // Check every suffix that starts with a digit or minus: the run may glue tokens together.
            for start in run.indices where run[start] == UInt8(ascii: "-") || (0x30 ... 0x39).contains(run[start]) {
                let text = String(decoding: run[start...], as: UTF8.self)
                if let value = Double(text), value.isInfinite { return true }
                if let exponent = text.firstIndex(where: { $0 == "e" || $0 == "E" }),
                    let magnitude = Int(text[text.index(after: exponent)...].filter(\.isNumber)), magnitude > 300
                {
                    return true
                }
            }
            run.removeAll()
        }
        return false
    }
}
