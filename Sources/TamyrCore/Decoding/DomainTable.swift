/// The configured domain names as bytes, for matching a decoded `domain` value.
///
/// The memory is allocated by ``DecoderStorage`` and never changes afterwards.
struct DomainTable {
    /// The names' UTF-8 bytes, back to back.
    private let bytes: UnsafeMutableRawPointer
    /// `starts[i] ..< starts[i + 1]` is name `i` in `bytes`; `count + 1` entries.
    private let starts: UnsafeMutablePointer<Int>
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
        var offset = 0
        var longest = 0
        for (index, name) in names.enumerated() {
            starts[index] = offset
            for byte in name.utf8 {
                bytes.storeBytes(of: byte, toByteOffset: offset, as: UInt8.self)
                offset += 1
            }
            longest = max(longest, name.utf8.count)
        }
        starts[names.count] = offset
        maximumLength = longest
    }

    /// Frees the memory; the table must not be used afterwards.
    func deallocate() {
        bytes.deallocate()
        starts.deallocate()
    }

    /// The index of the first name equal to `value`, byte for byte, or `nil`.
    func index(of value: UnsafeRawBufferPointer) -> Int? {
        for index in 0 ..< count {
            let start = starts[index]
            let length = starts[index + 1] - start
            guard length == value.count else { continue }
            var offset = 0
            while offset < length, bytes.load(fromByteOffset: start + offset, as: UInt8.self) == value[offset] {
                offset += 1
            }
            if offset == length { return index }
        }
        return nil
    }
}
