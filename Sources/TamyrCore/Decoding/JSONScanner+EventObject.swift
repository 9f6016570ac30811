extension JSONScanner {
    /// Scans the record's object, which starts at ``position``, and stores the
    /// value of every known field in `captures` (indexed by ``EventField/rawValue``).
    ///
    /// Unknown members are validated and skipped; for a repeated key the last
    /// value wins. `captures` must be reset to absent by the caller. Stops just
    /// past the closing brace.
    ///
    /// - Parameters:
    ///   - slots: Where each field's escaped strings are decoded, by raw value.
    ///   - keySlot: Where escaped keys are decoded; at least as long as the longest known key.
    mutating func scanEventObject(
        into captures: UnsafeMutablePointer<ScannedValue>,
        slots: UnsafePointer<StringSlot>,
        keySlot: StringSlot
    ) throws(MalformedJSON) {
        try expect(UInt8(ascii: "{"))
        skipWhitespace()
        if try peek() == UInt8(ascii: "}") {
            position += 1
            return
        }
        while true {
            try expect(UInt8(ascii: "\""))
            let field: EventField?
            if let known = EventField.matchKnownKey(at: position, end: end) {
                field = known.field
                position = known.next
            } else {
                let key = try scanString(into: keySlot)
                field = key.exceedsSlot ? nil : EventField.named(key: key.start, count: key.count)
            }
            skipWhitespace()
            try expect(UInt8(ascii: ":"))
            skipWhitespace()
            if let field {
                let index = Int(field.rawValue)
                try scanFieldValue(into: &captures[index], slot: slots[index])
            } else {
                try skipValue(enclosingDepth: 1)
            }
            skipWhitespace()
            switch try next() {
            case UInt8(ascii: ","): skipWhitespace()
            case UInt8(ascii: "}"): return
            default: throw MalformedJSON()
            }
        }
    }

    /// Scans a known field's value at ``position`` into `value`; its strings are decoded into `slot`.
    ///
    /// Writes the capture in place, like ``scanNumber(into:)`` and for the same reason.
    private mutating func scanFieldValue(into value: inout ScannedValue, slot: StringSlot) throws(MalformedJSON) {
        switch try peek() {
        case UInt8(ascii: "\""):
            position += 1
            let string = try scanString(into: slot)
            value.kind = .string
            value.start = string.start
            value.count = string.count
            value.exceedsSlot = string.exceedsSlot
        case UInt8(ascii: "-"), UInt8(ascii: "0") ... UInt8(ascii: "9"):
            try scanNumber(into: &value)
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            value.kind = try scanLiteral()
        case UInt8(ascii: "{"):
            try skipValue(enclosingDepth: 1)
            value.kind = .object
        case UInt8(ascii: "["):
            try skipValue(enclosingDepth: 1)
            value.kind = .array
        default:
            throw MalformedJSON()
        }
    }
}
