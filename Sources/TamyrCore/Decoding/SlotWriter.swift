/// Appends decoded bytes to a ``StringSlot``, remembering when they stopped fitting.
struct SlotWriter {
    let slot: StringSlot
    private(set) var count = 0
    private(set) var overflowed = false

    init(_ slot: StringSlot) {
        self.slot = slot
    }

    mutating func append(_ bytes: UnsafeRawPointer, count length: Int) {
        guard length > 0, !overflowed else { return }
        guard let base = slot.base, count + length <= slot.capacity else {
            overflowed = true
            return
        }
        (base + count).copyMemory(from: bytes, byteCount: length)
        count += length
    }

    mutating func append(_ byte: UInt8) {
        guard !overflowed else { return }
        guard let base = slot.base, count < slot.capacity else {
            overflowed = true
            return
        }
        base.storeBytes(of: byte, toByteOffset: count, as: UInt8.self)
        count += 1
    }

    /// Appends the UTF-8 encoding of `scalar`, a Unicode scalar value (never a surrogate).
    mutating func append(scalar: UInt32) {
        switch scalar {
        case 0 ..< 0x80:
            append(UInt8(scalar))
        case 0x80 ..< 0x800:
            append(UInt8(0xC0 | scalar >> 6))
            append(UInt8(0x80 | scalar & 0x3F))
        case 0x800 ..< 0x1_0000:
            append(UInt8(0xE0 | scalar >> 12))
            append(UInt8(0x80 | scalar >> 6 & 0x3F))
            append(UInt8(0x80 | scalar & 0x3F))
        default:
            append(UInt8(0xF0 | scalar >> 18))
            append(UInt8(0x80 | scalar >> 12 & 0x3F))
            append(UInt8(0x80 | scalar >> 6 & 0x3F))
            append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    /// The decoded string as the scanner reports it.
    var scanned: ScannedString {
        ScannedString(start: slot.base.map(UnsafeRawPointer.init), count: count, exceedsSlot: overflowed)
    }
}
