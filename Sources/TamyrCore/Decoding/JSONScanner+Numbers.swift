extension JSONScanner {
    /// Scans a number that starts at ``position`` (a `-` or a digit) and
    /// records where its parts are in `value`.
    ///
    /// Enforces the JSON grammar `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    /// except for what may follow the number, which the caller checks (so
    /// `01` fails there, on the `1`). The value is not computed here: each
    /// field converts the digits exactly at its own scale.
    ///
    /// `value` is written in place rather than returned: the caller's copy of
    /// a returned struct, read back at once, measured as store-forwarding stalls.
    mutating func scanNumber(into value: inout ScannedValue) throws(MalformedJSON) {
        var cursor = position
        let negative = cursor.load(as: UInt8.self) == UInt8(ascii: "-")
        if negative { cursor += 1 }
        guard cursor < end else { throw MalformedJSON() }
        let integerStart = cursor
        switch cursor.load(as: UInt8.self) {
        case UInt8(ascii: "0"): cursor += 1
        case UInt8(ascii: "1") ... UInt8(ascii: "9"): cursor = Self.digitRunEnd(from: cursor + 1, end: end)
        default: throw MalformedJSON()
        }
        let integerCount = integerStart.distance(to: cursor)

        var fractionCount = 0
        if cursor < end, cursor.load(as: UInt8.self) == UInt8(ascii: ".") {
            let fractionStart = cursor + 1
            cursor = Self.digitRunEnd(from: fractionStart, end: end)
            fractionCount = fractionStart.distance(to: cursor)
            guard fractionCount > 0 else { throw MalformedJSON() }
        }

        var exponent: Int? = nil
        if cursor < end, cursor.load(as: UInt8.self) | 0x20 == UInt8(ascii: "e") {
            cursor += 1
            var exponentNegative = false
            if cursor < end {
                let sign = cursor.load(as: UInt8.self)
                if sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
                    exponentNegative = sign == UInt8(ascii: "-")
                    cursor += 1
                }
            }
            let digitsStart = cursor
            cursor = Self.digitRunEnd(from: digitsStart, end: end)
            guard cursor > digitsStart else { throw MalformedJSON() }
            var magnitude = 0
            var digit = digitsStart
            while digit < cursor {
                magnitude = min(magnitude * 10 + Int(digit.load(as: UInt8.self) &- 0x30), Self.exponentLimit)
                digit += 1
            }
            exponent = exponentNegative ? -magnitude : magnitude
        }

        position = cursor
        value.kind = .number
        value.start = integerStart
        value.count = integerCount
        value.fractionCount = fractionCount
        value.hasExponent = exponent != nil
        value.exponent = exponent ?? 0
        value.negative = negative
    }

    /// The address of the first byte at or after `address` that is not an
    /// ASCII digit, or `end`.
    static func digitRunEnd(from address: UnsafeRawPointer, end: UnsafeRawPointer) -> UnsafeRawPointer {
        var cursor = address
        while cursor.distance(to: end) >= 8 {
            let nonDigits = SWAR.nonDigits(SWAR.load(cursor))
            if nonDigits != 0 { return cursor + (nonDigits.trailingZeroBitCount &>> 3) }
            cursor += 8
        }
        while cursor < end, cursor.load(as: UInt8.self) &- UInt8(ascii: "0") < 10 {
            cursor += 1
        }
        return cursor
    }
}
