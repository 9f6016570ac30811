extension RecordFastPath {
    /// A non-negative JSON number without exponent as ``decimal(at:end:)`` reads it.
    struct Decimal: Equatable {
        /// The digits before the point.
        var integer: UInt64
        /// The digits after the point as an integer (`.05` is 5), 0 without a fraction.
        var fraction: UInt64
        /// How many digits follow the point (0 without a fraction).
        var fractionDigits: Int
        /// Just past the number's last byte.
        var next: UnsafeRawPointer
    }

    /// Reads a non-negative JSON number without exponent, with at most 15
    /// integer digits and at most 8 fraction digits, at `address`.
    ///
    /// The usual numbers (`duration_ms`, `amount`, `seq`, `ts` in milliseconds:
    /// up to 15 integer digits, or up to 7 with a fraction of up to 7 digits)
    /// are read from two words loaded at once, without a call; anything else,
    /// and any number within 16 bytes of `end`, is left to ``decimalByRuns(at:end:)``,
    /// which decides the same way.
    ///
    /// - Returns: The number, or `nil` for anything else (including what the
    ///   JSON grammar refuses, such as `01`, `1.` or `-1`, and any exponent).
    @inline(__always)
    static func decimal(at address: UnsafeRawPointer, end: UnsafeRawPointer) -> Decimal? {
        guard address.distance(to: end) >= 16 else { return decimalByRuns(at: address, end: end) }
        let first = SWAR.load(address)
        let integerDigits = SWAR.nonDigits(first).trailingZeroBitCount &>> 3  // 8 when all are digits
        // A leading zero must stand alone (`0`, `0.5`), and there must be a digit at all.
        guard integerDigits != 0, first & 0xFF != 0x30 || integerDigits == 1 else { return nil }
        if integerDigits == 8 {
            // 8 to 15 integer digits (epoch milliseconds): the second word ends them.
            let second = SWAR.load(address + 8)
            let more = SWAR.nonDigits(second).trailingZeroBitCount &>> 3
            guard more != 8 else { return nil }  // 16 digits or more
            let stop = UInt8(truncatingIfNeeded: second &>> UInt64(more &* 8))
            guard stop != UInt8(ascii: "."), stop | 0x20 != UInt8(ascii: "e") else {
                return stop == UInt8(ascii: ".") ? decimalByRuns(at: address, end: end) : nil
            }
            // The last 8 digits in one word, and the `more` before them: a constant
            // multiplier instead of a power of ten chosen by the digit count.
            let last = SWAR.eightDigitsValue(SWAR.load(address + more))
            let leading = more == 0 ? 0 : SWAR.eightDigitsValue(first &<< UInt64(64 &- more &* 8))
            return Decimal(
                integer: leading &* 100_000_000 &+ last, fraction: 0, fractionDigits: 0, next: address + (8 &+ more)
            )
        }
        // Shifting the digits to the top leaves zero bytes, leading zeros, below them.
        let integer = SWAR.eightDigitsValue(first &<< UInt64(64 &- integerDigits &* 8))
        let stop = UInt8(truncatingIfNeeded: first &>> UInt64(integerDigits &* 8))
        guard stop == UInt8(ascii: ".") else {
            guard stop | 0x20 != UInt8(ascii: "e") else { return nil }
            return Decimal(integer: integer, fraction: 0, fractionDigits: 0, next: address + integerDigits)
        }
        // At most 7 integer digits and the point: the fraction's first 8 bytes are within the 16.
        let fractionStart = address + (integerDigits &+ 1)
        let fractionWord = SWAR.load(fractionStart)
        let fractionDigits = SWAR.nonDigits(fractionWord).trailingZeroBitCount &>> 3
        guard fractionDigits != 0 else { return nil }  // `1.`
        guard fractionDigits != 8 else { return decimalByRuns(at: address, end: end) }
        guard UInt8(truncatingIfNeeded: fractionWord &>> UInt64(fractionDigits &* 8)) | 0x20 != UInt8(ascii: "e") else {
            return nil
        }
        return Decimal(
            integer: integer,
            fraction: SWAR.eightDigitsValue(fractionWord &<< UInt64(64 &- fractionDigits &* 8)),
            fractionDigits: fractionDigits,
            next: fractionStart + fractionDigits
        )
    }

    /// ``decimal(at:end:)`` for every number, a run of digits at a time, each
    /// run's words bounded by `end`: the rare shapes and the end of the payload.
    @inline(never)
    static func decimalByRuns(at address: UnsafeRawPointer, end: UnsafeRawPointer) -> Decimal? {
        var scan = address
        let first = scan.load(as: UInt8.self)
        let integer = digitRun(at: scan, end: end)
        guard integer.count >= 1, integer.count <= 15,
            first != UInt8(ascii: "0") || integer.count == 1
        else { return nil }
        scan += integer.count
        var fraction: (value: UInt64, count: Int) = (0, 0)
        if scan < end, scan.load(as: UInt8.self) == UInt8(ascii: ".") {
            scan += 1
            fraction = digitRun(at: scan, end: end)
            guard fraction.count >= 1, fraction.count <= 8 else { return nil }
            scan += fraction.count
        }
        if scan < end, scan.load(as: UInt8.self) | 0x20 == UInt8(ascii: "e") { return nil }
        return Decimal(integer: integer.value, fraction: fraction.value, fractionDigits: fraction.count, next: scan)
    }

    /// The ASCII digits at `address`: their count, and their value when the
    /// count is at most 15. A count of 16 means 16 or more.
    @inline(__always)
    static func digitRun(at address: UnsafeRawPointer, end: UnsafeRawPointer) -> (value: UInt64, count: Int) {
        let first = word(at: address, end: end)
        let firstNonDigits = SWAR.nonDigits(first)
        if firstNonDigits != 0 {
            let count = firstNonDigits.trailingZeroBitCount &>> 3
            guard count > 0 else { return (0, 0) }
            // Shifting the digits to the top leaves zero bytes, leading zeros, below them.
            return (SWAR.eightDigitsValue(first &<< UInt64(64 &- count &* 8)), count)
        }
        // Eight digits, all before `end` (the zero fill is not a digit), so `address + 8` is in bounds.
        let second = word(at: address + 8, end: end)
        let secondNonDigits = SWAR.nonDigits(second)
        guard secondNonDigits != 0 else { return (0, 16) }
        let count = secondNonDigits.trailingZeroBitCount &>> 3
        let high = SWAR.eightDigitsValue(first)
        guard count > 0 else { return (high, 8) }
        let low = SWAR.eightDigitsValue(second &<< UInt64(64 &- count &* 8))
        return (high &* powerOfTen(count) &+ low, 8 &+ count)
    }
}
