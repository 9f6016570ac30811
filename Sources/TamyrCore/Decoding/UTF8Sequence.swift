/// Validation of one multi-byte UTF-8 sequence inside a JSON string.
enum UTF8Sequence {
    /// Returns the address just past the well-formed sequence that starts at
    /// `lead`, or `nil` if it is ill-formed or runs past `end`.
    ///
    /// Follows table 3-7 of the Unicode Standard, so overlong forms (`C0`, `C1`,
    /// `E0 80`-`E0 9F`, `F0 80`-`F0 8F`), UTF-16 surrogates (`ED A0`-`ED BF`),
    /// code points above U+10FFFF (`F4 90` and up, `F5`-`FF`), stray
    /// continuation bytes and truncated sequences are all rejected.
    ///
    /// - Precondition: `lead < end` and the byte at `lead` is >= 0x80.
    static func end(startingAt lead: UnsafeRawPointer, end: UnsafeRawPointer) -> UnsafeRawPointer? {
        let available = lead.distance(to: end)
        let first = lead.load(as: UInt8.self)
        let length: Int
        var secondLow: UInt8 = 0x80
        var secondHigh: UInt8 = 0xBF
        switch first {
        case 0xC2 ... 0xDF:
            length = 2
        case 0xE0:
            length = 3
            secondLow = 0xA0
        case 0xED:
            length = 3
            secondHigh = 0x9F
        case 0xE1 ... 0xEF:
            length = 3
        case 0xF0:
            length = 4
            secondLow = 0x90
        case 0xF4:
            length = 4
            secondHigh = 0x8F
        case 0xF1 ... 0xF3:
            length = 4
        default:
            return nil
        }
        guard available >= length else { return nil }
        let second = lead.load(fromByteOffset: 1, as: UInt8.self)
        guard second >= secondLow, second <= secondHigh else { return nil }
        for offset in 2 ..< length {
            guard lead.load(fromByteOffset: offset, as: UInt8.self) & 0xC0 == 0x80 else { return nil }
        }
        return lead + length
    }
}
