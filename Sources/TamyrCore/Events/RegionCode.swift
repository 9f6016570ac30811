/// ISO 3166-2:KZ region codes (`KZ-ALA`, `KZ-75`) packed into one integer.
///
/// The code's bytes are stored little-endian: the first byte (`K`) is the
/// lowest byte of the integer, and unused high bytes are zero. A valid code is
/// never 0, so 0 stands for an absent region (`"unknown"`). Packed codes compare
/// and hash as plain integers, which is what the aggregation keys need.
package enum RegionCode {
    /// The packed value of an absent region.
    package static let unknown: UInt64 = 0

    /// Packs `code` if it is `KZ-` followed by 2 or 3 characters from `A-Z 0-9`.
    ///
    /// - Returns: The packed code, or `nil` for any other text.
    package static func pack(_ code: String) -> UInt64? {
        var code = code  // `withUTF8` may first make the storage contiguous
        return code.withUTF8 { pack(UnsafeRawPointer($0.baseAddress), count: $0.count) }
    }

    /// The text of a packed code, e.g. `"KZ-ALA"`, or `"unknown"` for ``unknown``.
    ///
    /// Allocates a `String`; meant for output and logs, not for the per-event path.
    package static func name(_ packed: UInt64) -> String {
        if packed == unknown { return "unknown" }
        var littleEndian = packed.littleEndian
        let length = (64 - packed.leadingZeroBitCount + 7) / 8
        return withUnsafeBytes(of: &littleEndian) { bytes in
            String(decoding: UnsafeRawBufferPointer(rebasing: bytes[0 ..< length]), as: UTF8.self)
        }
    }

    /// Packs the `count` bytes at `bytes` if they form a valid code, else returns `nil`.
    static func pack(_ bytes: UnsafeRawPointer?, count: Int) -> UInt64? {
        guard let bytes, count == 5 || count == 6 else { return nil }
        var packed: UInt64 = 0
        for index in 0 ..< count {
            let byte = bytes.load(fromByteOffset: index, as: UInt8.self)
            let allowed =
                switch index {
                case 0: byte == UInt8(ascii: "K")
                case 1: byte == UInt8(ascii: "Z")
                case 2: byte == UInt8(ascii: "-")
                default: (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                }
            guard allowed else { return nil }
            packed |= UInt64(byte) << (8 * UInt64(index))
        }
        return packed
    }
}
