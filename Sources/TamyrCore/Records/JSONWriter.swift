/// Appends JSON text to a byte buffer, for the records Tamyr publishes.
///
/// Byte-level on purpose: records are written on the engine thread, and
/// Foundation's encoders allocate per value and do not keep key order, which
/// the contract's "stable order" needs. The writer tracks only whether a comma
/// is due; the caller is responsible for nesting correctly (tests parse every
/// record with an independent JSON parser).
package struct JSONWriter {
    package private(set) var bytes: [UInt8]
    private var needsComma = false

    package init(capacity: Int = 1_024) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Empties the buffer, keeping its capacity.
    package mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        needsComma = false
    }

    package mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    package mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    package mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
    }

    package mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// Writes `"name":`; the next value call writes the value.
    package mutating func key(_ name: String) {
        separate()
        appendString(name)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    package mutating func string(_ value: String) {
        separate()
        appendString(value)
        needsComma = true
    }

    package mutating func integer<T: BinaryInteger>(_ value: T) {
        separate()
        appendInteger(value)
        needsComma = true
    }

    package mutating func bool(_ value: Bool) {
        separate()
        bytes.append(contentsOf: value ? Array("true".utf8) : Array("false".utf8))
        needsComma = true
    }

    /// A decimal with exactly `decimals` fractional digits from an integer
    /// count of 10^-decimals units: `fixed(123456789, decimals: 2)` is `1234567.89`.
    package mutating func fixed<T: BinaryInteger>(_ units: T, decimals: Int) {
        separate()
        var magnitude = units.magnitude
        if units < 0 { bytes.append(UInt8(ascii: "-")) }
        var scale: T.Magnitude = 1
        for _ in 0..<decimals { scale *= 10 }
        let whole = magnitude / scale
        magnitude %= scale
        appendInteger(whole)
        if decimals > 0 {
            bytes.append(UInt8(ascii: "."))
            var digits = [UInt8](repeating: UInt8(ascii: "0"), count: decimals)
            var index = decimals - 1
            while magnitude > 0 {
                digits[index] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: magnitude % 10)
                magnitude /= 10
                index -= 1
            }
            bytes.append(contentsOf: digits)
        }
        needsComma = true
    }

    /// A finite double with up to `significant` significant digits, no exponent,
    /// no trailing zeros (ratios and rates; counts and sums use integers).
    package mutating func double(_ value: Double, significant: Int = 6) {
        guard value.isFinite else {
            // JSON has no NaN or infinity; callers omit undefined ratios, so this is a bug guard.
            integer(0)
            return
        }
        let magnitude = abs(value)
        var decimals = significant
        if magnitude >= 1 {
            var digitsBefore = 1
            var bound = 10.0
            while magnitude >= bound && digitsBefore < 20 {
                digitsBefore += 1
                bound *= 10
            }
            decimals = max(0, significant - digitsBefore)
        } else if magnitude > 0 {
            var leadingZeros = 0
            var bound = 0.1
            while magnitude < bound && leadingZeros < 20 {
                leadingZeros += 1
                bound /= 10
            }
            decimals = significant + leadingZeros
        }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (magnitude * scale).rounded()
        guard scaled < 9.0e18 else {
            integer(Int64(value.rounded()))
            return
        }
        var units = Int64(scaled)
        var shown = decimals
        while shown > 0 && units % 10 == 0 {
            units /= 10
            shown -= 1
        }
        fixed(value < 0 && units != 0 ? -units : units, decimals: shown)
    }

    /// An object of names to counts, in the given order: `{"1m":0,"5m/10s":3}`.
    package mutating func counts<T: BinaryInteger>(_ pairs: some Sequence<(String, T)>) {
        beginObject()
        for (name, count) in pairs {
            key(name)
            integer(count)
        }
        endObject()
    }

    /// Raw, already valid JSON text.
    package mutating func raw(_ json: String) {
        separate()
        bytes.append(contentsOf: json.utf8)
        needsComma = true
    }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    private mutating func appendInteger<T: BinaryInteger>(_ value: T) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        if magnitude == 0 {
            bytes.append(UInt8(ascii: "0"))
            return
        }
        let start = bytes.count
        while magnitude > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: magnitude % 10))
            magnitude /= 10
        }
        bytes[start...].reverse()
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    private mutating func appendString(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\n"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case UInt8(ascii: "\t"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                bytes.append(Self.hex[Int(byte >> 4)])
                bytes.append(Self.hex[Int(byte & 0xF)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
