/// Byte-level JSON writing into a caller's `[UInt8]`, without Foundation and without temporary
/// heap allocations: integers are formatted in a stack scratch area instead of going through
/// `String(describing:)` or interpolation.
package enum JSONText {
    /// Appends `string` as a JSON string literal, quotes included.
    ///
    /// Contract: the output parses back to exactly `string`. `"` and `\` are escaped, control
    /// characters below U+0020 become `\n`, `\r`, `\t`, `\b`, `\f` or `\u00XX`; everything
    /// else, non-ASCII included, is copied as UTF-8 (JSON allows it and it keeps lines short).
    package static func appendString(_ string: String, to buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "\""))
        appendEscapedContents(string.utf8, to: &buffer)
        buffer.append(UInt8(ascii: "\""))
    }

    /// Appends the escaped contents of a JSON string (no quotes), as `appendString` does.
    package static func appendEscapedContents(_ utf8: String.UTF8View, to buffer: inout [UInt8]) {
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "\""): buffer.append(UInt8(ascii: "\\")); buffer.append(byte)
            case UInt8(ascii: "\\"): buffer.append(UInt8(ascii: "\\")); buffer.append(byte)
            case 0x0A: appendStatic("\\n", to: &buffer)
            case 0x0D: appendStatic("\\r", to: &buffer)
            case 0x09: appendStatic("\\t", to: &buffer)
            case 0x08: appendStatic("\\b", to: &buffer)
            case 0x0C: appendStatic("\\f", to: &buffer)
            case 0x00..<0x20:
                appendStatic("\\u00", to: &buffer)
                buffer.append(hexDigit(UInt64(byte >> 4)))
                buffer.append(hexDigit(UInt64(byte & 0x0F)))
            default: buffer.append(byte)
            }
        }
    }

    /// The JSON string literal for `string` as bytes, for fragments rendered once up front.
    package static func quoted(_ string: String) -> [UInt8] {
        var bytes: [UInt8] = []
        appendString(string, to: &bytes)
        return bytes
    }

    /// Appends the bytes of a compile-time ASCII/UTF-8 literal verbatim (no escaping: callers
    /// pass only literals that are already valid JSON text).
    @inline(__always)
    package static func appendStatic(_ text: StaticString, to buffer: inout [UInt8]) {
        text.withUTF8Buffer { buffer.append(contentsOf: $0) }
    }

    /// Appends `value` in decimal, with a leading `-` when negative.
    package static func appendInteger(_ value: Int64, to buffer: inout [UInt8]) {
        if value < 0 { buffer.append(UInt8(ascii: "-")) }
        appendUnsigned(value.magnitude, minimumDigits: 1, to: &buffer)
    }

    /// Appends `value` in decimal, left-padded with zeros to at least `minimumDigits` digits
    /// (at most 20, the width of `UInt64.max`).
    package static func appendUnsigned(_ value: UInt64, minimumDigits: Int, to buffer: inout [UInt8]) {
        // Digits are produced right to left into a stack scratch area, then appended at once:
        // one capacity check instead of one per digit, and no heap allocation.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { scratch in
            var index = 20
            var rest = value
            repeat {
                index -= 1
                scratch[index] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
            } while rest != 0
            while 20 - index < minimumDigits && index > 0 {
                index -= 1
                scratch[index] = UInt8(ascii: "0")
            }
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: scratch[index..<20]))
        }
    }

    /// Appends `scaled / 10^fractionDigits` exactly, e.g. `(123456, 2)` as `1234.56` and
    /// `(-5, 3)` as `-0.005`. With `fractionDigits == 0` this is `appendInteger`. Exactness is
    /// the point: amounts are summed to the tiyn by the daemon, so no `Double` is involved.
    package static func appendFixed(_ scaled: Int64, fractionDigits: Int, to buffer: inout [UInt8]) {
        precondition((0...18).contains(fractionDigits), "fractionDigits out of range")
        if scaled < 0 { buffer.append(UInt8(ascii: "-")) }
        let magnitude = scaled.magnitude
        var divisor: UInt64 = 1
        for _ in 0..<fractionDigits { divisor &*= 10 }
        appendUnsigned(magnitude / divisor, minimumDigits: 1, to: &buffer)
        if fractionDigits > 0 {
            buffer.append(UInt8(ascii: "."))
            appendUnsigned(magnitude % divisor, minimumDigits: fractionDigits, to: &buffer)
        }
    }

    /// Appends the low `digits * 4` bits of `value` as lowercase hexadecimal, most significant first.
    package static func appendHex(_ value: UInt64, digits: Int, to buffer: inout [UInt8]) {
        var shift = digits * 4
        while shift > 0 {
            shift -= 4
            buffer.append(hexDigit((value >> UInt64(shift)) & 0xF))
        }
    }

    @inline(__always)
    static func hexDigit(_ nibble: UInt64) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") &+ UInt8(nibble) : UInt8(ascii: "a") &+ UInt8(nibble - 10)
    }
}
