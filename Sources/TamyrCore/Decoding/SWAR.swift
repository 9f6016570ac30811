/// Byte classification eight bytes at a time ("SIMD within a register").
///
/// Words are loaded little-endian, so byte *i* of the input is byte *i* of the
/// word and `trailingZeroBitCount / 8` of a mask is the index of the first
/// flagged byte. Masks carry `0x80` in each flagged byte.
///
/// Scanning this way instead of byte by byte avoids one unpredictable branch
/// per byte, which measured as the main cost of a byte-level scanner here.
enum SWAR {
    /// `0x01` in every byte.
    static let lowBits: UInt64 = 0x0101_0101_0101_0101
    /// `0x80` in every byte.
    static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// The eight bytes at `address`, first byte lowest. The caller guarantees 8 readable bytes.
    @inline(__always)
    static func load(_ address: UnsafeRawPointer) -> UInt64 {
        UInt64(littleEndian: address.loadUnaligned(as: UInt64.self))
    }

    /// Flags bytes equal to zero.
    ///
    /// Exact for the lowest flagged byte; a borrow can also flag a byte above a
    /// true zero, which does not matter to callers that only want the first one.
    @inline(__always)
    static func zeroBytes(_ word: UInt64) -> UInt64 {
        (word &- lowBits) & ~word & highBits
    }

    /// Flags bytes equal to `byte`, with the same lowest-byte exactness as ``zeroBytes(_:)``.
    @inline(__always)
    static func bytes(_ word: UInt64, equalTo byte: UInt8) -> UInt64 {
        zeroBytes(word ^ (lowBits &* UInt64(byte)))
    }

    /// Flags the bytes that end the fast scan of a JSON string body: `"`, `\`,
    /// control characters (< 0x20) and non-ASCII bytes (>= 0x80, which need UTF-8 validation).
    ///
    /// Exact for the lowest flagged byte.
    @inline(__always)
    static func stringStops(_ word: UInt64) -> UInt64 {
        // Each subtraction sets bit 7 of a byte that is ASCII and equal to `"`, equal to `\`
        // or below 0x20; ORing in `word` flags the non-ASCII bytes. Only a flagged byte can
        // borrow from the byte above it, so the lowest flagged byte is exact, and the usual
        // `& ~word` of each zero-byte test is not needed: `| word` covers the bytes it would clear.
        let quotes = (word ^ (lowBits &* 0x22)) &- lowBits
        let backslashes = (word ^ (lowBits &* 0x5C)) &- lowBits
        let controls = word &- lowBits &* 0x20
        return (quotes | backslashes | controls | word) & highBits
    }

    /// Flags every byte that is not an ASCII digit; exact in every byte (no borrows cross bytes).
    @inline(__always)
    static func nonDigits(_ word: UInt64) -> UInt64 {
        let offset = word ^ 0x3030_3030_3030_3030  // digits become 0...9, everything else 10...255
        // Adding 118 (0x76) to the low seven bits sets bit 7 exactly when they exceed 9;
        // the sum stays below 256, so nothing carries into the next byte.
        return (((offset & ~highBits) &+ 0x7676_7676_7676_7676) | offset) & highBits
    }

    /// Whether all eight bytes are from `a-z 0-9 . _ -`, the service name alphabet.
    static func allServiceBytes(_ word: UInt64) -> Bool {
        guard word & highBits == 0 else { return false }  // the range tests below need ASCII
        let allowed =
            bytes(word, inRange: 0x61 ... 0x7A) | bytes(word, inRange: 0x30 ... 0x39)
            | bytes(word, inRange: 0x2D ... 0x2E) | bytes(word, inRange: 0x5F ... 0x5F)
        return allowed == highBits
    }

    /// Flags the bytes outside `a-z 0-9 . _ -` (the service name alphabet); exact for the lowest flagged byte.
    @inline(__always)
    static func nonServiceBytes(_ word: UInt64) -> UInt64 {
        // The range tests are exact for ASCII bytes; a non-ASCII byte is flagged by
        // `| word`, and only such a byte can carry into (and spoil) the bytes above it.
        let allowed =
            bytes(word, inRange: 0x61 ... 0x7A) | bytes(word, inRange: 0x30 ... 0x39)
            | bytes(word, inRange: 0x2D ... 0x2E) | bytes(word, inRange: 0x5F ... 0x5F)
        return (~allowed | word) & highBits
    }

    /// Flags bytes in `range`, exactly, for words whose bytes are all ASCII (< 0x80).
    @inline(__always)
    static func bytes(_ word: UInt64, inRange range: ClosedRange<UInt8>) -> UInt64 {
        // For x < 0x80: x + (0x80 - low) sets bit 7 iff x >= low, and
        // x + (0x7F - high) sets it iff x > high; neither sum carries out of its byte.
        let atLeastLow = word &+ lowBits &* UInt64(0x80 - range.lowerBound)
        let aboveHigh = word &+ lowBits &* UInt64(0x7F - range.upperBound)
        return atLeastLow & ~aboveHigh & highBits
    }

    /// The value of eight ASCII digits, the first being the most significant.
    ///
    /// The caller guarantees that all eight bytes are digits (``nonDigits(_:)`` is zero).
    @inline(__always)
    static func eightDigitsValue(_ word: UInt64) -> UInt64 {
        // Combine neighbours into 2-digit, then 4-digit, then 8-digit values (Lemire's method).
        var value = word & 0x0F0F_0F0F_0F0F_0F0F
        value = (value &* (10 << 8 + 1)) >> 8
        value = ((value & 0x00FF_00FF_00FF_00FF) &* (100 << 16 + 1)) >> 16
        return ((value & 0x0000_FFFF_0000_FFFF) &* (10_000 << 32 + 1)) >> 32
    }
}
