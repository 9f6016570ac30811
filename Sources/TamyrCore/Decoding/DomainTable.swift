/// The configured domain names as bytes, for matching a decoded `domain` value.
///
/// The memory is allocated by ``DecoderStorage`` and never changes afterwards.
struct DomainTable {
    /// The names' UTF-8 bytes, back to back.
    private let bytes: UnsafeMutableRawPointer
    /// `starts[i] ..< starts[i + 1]` is name `i` in `bytes`; `count + 1` entries.
    private let starts: UnsafeMutablePointer<Int>
    /// The first 8 bytes of each name (all of a shorter one) as a little-endian
    /// word, zero past the name: most names are told apart by one compare.
    private let heads: UnsafeMutablePointer<UInt64>
    /// The number of names.
    let count: Int
    /// The longest name in bytes: a `domain` value longer than this matches nothing.
    let maximumLength: Int

    /// Copies `names` into newly allocated memory, which ``deallocate()`` frees.
    init(_ names: [String]) {
        count = names.count
        let total = names.reduce(0) { $0 + $1.utf8.count }
        bytes = .allocate(byteCount: max(total, 1), alignment: 1)
        starts = .allocate(capacity: names.count + 1)
        heads = .allocate(capacity: max(names.count, 1))
        var offset = 0
        var longest = 0
        for (index, name) in names.enumerated() {
            starts[index] = offset
            var head: UInt64 = 0
            for (position, byte) in name.utf8.enumerated() {
                bytes.storeBytes(of: byte, toByteOffset: offset, as: UInt8.self)
                offset += 1
                if position < 8 { head |= UInt64(byte) << (8 * UInt64(position)) }
            }
            heads[index] = head
            longest = max(longest, name.utf8.count)
        }
        starts[names.count] = offset
        maximumLength = longest
    }

    /// Frees the memory; the table must not be used afterwards.
    func deallocate() {
        bytes.deallocate()
        starts.deallocate()
        heads.deallocate()
    }

    /// The index of the first name equal to `value`, byte for byte, or `nil`.
    func index(of value: UnsafeRawBufferPointer) -> Int? {
        var head: UInt64 = 0
        for position in 0 ..< min(value.count, 8) {
            head |= UInt64(value[position]) << (8 * UInt64(position))
        }
        return index(of: value, head: head)
    }

    /// The index of the first name equal to `value`, byte for byte, or `nil`,
    /// given `head`, the first 8 bytes of `value` (all of a shorter one) as a
    /// little-endian word, zero past its end.
    @inline(__always)
    func index(of value: UnsafeRawBufferPointer, head: UInt64) -> Int? {
        let length = value.count
        for index in 0 ..< count where heads[index] == head {
            let start = starts[index]
            guard starts[index + 1] - start == length else { continue }
            if length <= 8 { return index }  // the head held the whole name
            guard let base = value.baseAddress else { continue }
            // Bytes 8 ..< length, a word at a time; the last word may overlap the previous one.
            var offset = 8
            var equal = true
            while equal, offset < length {
                let at = min(offset, length - 8)
                equal = bytes.loadUnaligned(fromByteOffset: start + at, as: UInt64.self)
                    == base.loadUnaligned(fromByteOffset: at, as: UInt64.self)
                offset += 8
            }
            if equal { return index }
        }
        return nil
    }
}
