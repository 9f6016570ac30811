/// Exact conversions of a scanned JSON number's decimal digits to integers.
///
/// Nothing goes through `Double`: the digits are combined as integers, so
/// `0.1` tenge is exactly 10 tiyn and sums of amounts stay exact.
enum NumberConversion {
    /// How ``scaled(_:scale:limit:rounding:)`` treats digits below the unit.
    enum Rounding {
        /// Any non-zero digit below the unit makes the value unacceptable.
        case exactOnly
        /// Round to the nearest unit, ties to the even one.
        case halfToEven
    }

    /// The value of `number` times 10^`scale`, as an integer.
    ///
    /// Returns `nil` when the exact value is negative (`-0` counts as 0), above
    /// `limit` units (compared before rounding), or, with ``Rounding/exactOnly``,
    /// not a whole number of units. Any number of digits and any exponent is
    /// handled: the work is linear in the number of digits.
    ///
    /// - Precondition: `number.kind == .number` and `limit >= 9`.
    static func scaled(_ number: ScannedValue, scale: Int, limit: Int64, rounding: Rounding) -> Int64? {
        guard let start = number.start else { return nil }
        let integerCount = number.count
        let fractionStart = start + integerCount + 1  // just past the decimal point
        let digitCount = integerCount + number.fractionCount
        // The value is D x 10^shift, where D is the digits with the point removed;
        // the digits at index < keptCount are whole units, the rest fall below the unit.
        let shift = number.exponent + scale - number.fractionCount
        let keptCount = min(max(digitCount + shift, 0), digitCount)
        let bound = UInt64(limit)

        var units: UInt64 = 0
        let keptInInteger = min(keptCount, integerCount)
        guard accumulate(start, count: keptInInteger, into: &units, bound: bound),
            accumulate(fractionStart, count: keptCount - keptInInteger, into: &units, bound: bound)
        else { return nil }

        var firstDropped: UInt8 = 0
        var laterDroppedNonZero = false
        if keptCount < digitCount {
            func digit(_ index: Int) -> UInt8 {
                let address = index < integerCount ? start + index : fractionStart + (index - integerCount)
                return address.load(as: UInt8.self) &- UInt8(ascii: "0")
            }
            firstDropped = digit(keptCount)
            for index in keptCount + 1 ..< digitCount where digit(index) != 0 {
                laterDroppedNonZero = true
                break
            }
        }
        let droppedNonZero = firstDropped != 0 || laterDroppedNonZero

        if shift > 0, units != 0 {
            // At most 19 rounds run before `bound` (< 2^63) is exceeded.
            for _ in 0 ..< shift {
                guard units <= bound / 10 else { return nil }
                units *= 10
            }
        }
        if number.negative, units != 0 || droppedNonZero { return nil }
        if droppedNonZero {
            switch rounding {
            case .exactOnly:
                return nil
            case .halfToEven:
                guard units < bound else { return nil }  // the exact value is above `limit`
                if firstDropped > 5 || (firstDropped == 5 && (laterDroppedNonZero || units & 1 == 1)) {
                    units += 1
                }
            }
        }
        return Int64(units)
    }

    /// The value of an integer literal (no fraction, no exponent), if it lies in `0 ... limit`.
    ///
    /// `-0` is 0; any other negative value returns `nil`.
    ///
    /// - Precondition: `number.kind == .number`, `number.isIntegerLiteral`, `limit >= 0`.
    static func integer(_ number: ScannedValue, limit: Int64) -> Int64? {
        // 19 digits always fit in UInt64; more than 19 exceed Int64.max.
        guard let start = number.start, number.count <= 19 else { return nil }
        var value: UInt64 = 0
        var cursor = start
        var remaining = number.count
        while remaining >= 8 {
            value = value &* 100_000_000 &+ SWAR.eightDigitsValue(SWAR.load(cursor))
            cursor += 8
            remaining -= 8
        }
        while remaining > 0 {
            value = value &* 10 &+ UInt64(cursor.load(as: UInt8.self) &- UInt8(ascii: "0"))
            cursor += 1
            remaining -= 1
        }
        if number.negative, value != 0 { return nil }
        guard value <= UInt64(limit) else { return nil }
        return Int64(value)
    }

    /// Appends `count` digits at `digits` to `value`; returns `false`, leaving
    /// `value` unspecified, as soon as it would exceed `bound`.
    private static func accumulate(
        _ digits: UnsafeRawPointer,
        count: Int,
        into value: inout UInt64,
        bound: UInt64
    ) -> Bool {
        var cursor = digits
        let end = digits + count
        // While value < 10^17, ten times it plus a digit cannot overflow UInt64,
        // so the common short numbers need no per-digit check.
        while cursor < end, value < 100_000_000_000_000_000 {
            value = value &* 10 &+ UInt64(cursor.load(as: UInt8.self) &- UInt8(ascii: "0"))
            cursor += 1
        }
        while cursor < end {
            let digit = UInt64(cursor.load(as: UInt8.self) &- UInt8(ascii: "0"))
            guard value <= (UInt64.max - digit) / 10 else { return false }
            value = value * 10 + digit
            cursor += 1
        }
        return value <= bound
    }
}
