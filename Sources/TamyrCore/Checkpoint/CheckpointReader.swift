/// Reads what ``CheckpointWriter`` wrote, checking every length against the
/// bytes that remain: a truncated or corrupt checkpoint throws
/// ``CheckpointError``, it never traps and never allocates more than the
/// file could describe.
package struct CheckpointReader {
    private let bytes: [UInt8]
    package private(set) var offset: Int
    private let end: Int

    package init(_ bytes: [UInt8], from offset: Int = 0, to end: Int? = nil) {
        self.bytes = bytes
        self.offset = offset
        self.end = end ?? bytes.count
    }

    package var remaining: Int { end - offset }
    package var isAtEnd: Bool { offset == end }

    package mutating func readByte() throws(CheckpointError) -> UInt8 {
        guard offset < end else { throw .truncated }
        defer { offset += 1 }
        return bytes[offset]
    }

    package mutating func readBool() throws(CheckpointError) -> Bool {
        switch try readByte() {
        case 0: return false
        case 1: return true
        default: throw .corrupt("a flag is neither 0 nor 1")
        }
    }

    package mutating func readFixed32() throws(CheckpointError) -> UInt32 {
        guard remaining >= 4 else { throw .truncated }
        var value: UInt32 = 0
        for index in 0 ..< 4 { value |= UInt32(bytes[offset + index]) << (8 * index) }
        offset += 4
        return value
    }

    package mutating func readFixed64() throws(CheckpointError) -> UInt64 {
        guard remaining >= 8 else { throw .truncated }
        var value: UInt64 = 0
        for index in 0 ..< 8 { value |= UInt64(bytes[offset + index]) << (8 * index) }
        offset += 8
        return value
    }

    package mutating func readFixedSigned() throws(CheckpointError) -> Int64 { Int64(bitPattern: try readFixed64()) }

    package mutating func readVarint() throws(CheckpointError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try readByte()
            // The tenth byte may carry only the top bit of a 64-bit value.
            guard shift < 63 || (shift == 63 && byte <= 1) else { throw .corrupt("a varint is longer than 64 bits") }
            value |= UInt64(byte & 0x7f) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
    }

    package mutating func readSigned() throws(CheckpointError) -> Int64 {
        let raw = try readVarint()
        return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    }

    /// A count of items each at least `minimumItemBytes` long: never more than
    /// the remaining bytes can hold, so a corrupt count cannot make the caller
    /// reserve gigabytes.
    package mutating func readCount(minimumItemBytes: Int = 1) throws(CheckpointError) -> Int {
        let raw = try readVarint()
        guard raw <= UInt64(remaining / max(minimumItemBytes, 1)) else { throw .corrupt("a count of \(raw) exceeds the bytes left") }
        return Int(raw)
    }

    /// A count that must also be at most `limit`.
    package mutating func readCount(atMost limit: Int, _ what: String) throws(CheckpointError) -> Int {
        let count = try readCount()
        guard count <= limit else { throw .corrupt("\(count) \(what), at most \(limit) possible") }
        return count
    }

    package mutating func readOptionalSigned() throws(CheckpointError) -> Int64? {
        try readBool() ? try readSigned() : nil
    }

    package mutating func readInt128() throws(CheckpointError) -> Int128 {
        let low = try readFixed64()
        let high = try readFixed64()
        return Int128(Int64(bitPattern: high)) << 64 | Int128(low)
    }

    package mutating func readBytes() throws(CheckpointError) -> ArraySlice<UInt8> {
        let count = try readCount()
        defer { offset += count }
        return bytes[offset ..< offset + count]
    }

    /// `count` bytes written with ``CheckpointWriter/write(raw:)``.
    package mutating func readRaw(count: Int) throws(CheckpointError) -> ArraySlice<UInt8> {
        guard remaining >= count else { throw .truncated }
        defer { offset += count }
        return bytes[offset ..< offset + count]
    }

    package mutating func readString() throws(CheckpointError) -> String {
        let raw = try readBytes()
        guard let text = String(validating: raw, as: UTF8.self) else { throw .corrupt("a name is not UTF-8") }
        return text
    }
}
