/// Appends the fields of a checkpoint to a byte buffer: fixed-width integers
/// little-endian, counts and small values as LEB128 varints (most bucket
/// counts and group counts take one or two bytes instead of eight), byte
/// strings with their length first.
///
/// The buffer is kept between checkpoints (``reset()`` keeps its capacity),
/// so a checkpoint of a steady state allocates nothing after the first.
package struct CheckpointWriter {
    package private(set) var bytes: [UInt8] = []

    package init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    package mutating func reset() { bytes.removeAll(keepingCapacity: true) }

    package mutating func write(_ value: UInt8) { bytes.append(value) }

    package mutating func write(_ value: Bool) { bytes.append(value ? 1 : 0) }

    package mutating func write(fixed value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    package mutating func write(fixed value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    package mutating func write(fixed value: Int64) { write(fixed: UInt64(bitPattern: value)) }

    /// An unsigned LEB128 varint: seven bits a byte, low bits first.
    package mutating func write(varint value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    /// A signed value as a zigzag varint (small magnitudes of either sign stay short).
    package mutating func write(signed value: Int64) {
        write(varint: UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    package mutating func write(count: Int) { write(varint: UInt64(count)) }

    /// An optional as a presence byte, then the value.
    package mutating func write(optional value: Int64?) {
        write(value != nil)
        if let value { write(signed: value) }
    }

    /// A 128-bit sum as its two halves (sums of amounts and durations are exact `Int128`).
    package mutating func write(_ value: Int128) {
        write(fixed: UInt64(truncatingIfNeeded: value))
        write(fixed: UInt64(truncatingIfNeeded: value >> 64))
    }

    package mutating func write(bytes source: some Collection<UInt8>) {
        write(count: source.count)
        bytes.append(contentsOf: source)
    }

    /// Bytes whose count the reader knows already (HyperLogLog registers).
    package mutating func write(raw source: some Collection<UInt8>) { bytes.append(contentsOf: source) }


    package mutating func write(_ text: String) { write(bytes: Array(text.utf8)) }
}
