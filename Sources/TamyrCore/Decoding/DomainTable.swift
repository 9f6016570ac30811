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
    /// Each name as it is written in JSON without escapes, quotes included
    /// (`"tax"`), for ``quotedIndex(at:end:)``; a name that needs escapes or is
    /// longer than 14 bytes gets a text that matches nothing.
    private let quoted: UnsafeMutablePointer<RecordFastPath.KeyTemplate>
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
        quoted = .allocate(capacity: max(names.count, 1))
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
            // A `"` or `\` would be escaped on the wire and a control character is not allowed raw:
            // such a name is only ever found by `index(of:head:)`, on the decoded string.
            let plain = name.utf8.count <= 14 && !name.utf8.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }
            quoted.advanced(by: index).initialize(
                to: plain
                    ? RecordFastPath.KeyTemplate(text: [0x22] + Array(name.utf8) + [0x22], field: .domain)
                    : .nothing
            )
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
        quoted.deallocate()
    }

    /// The index of the first name written at `cursor` as a plain JSON string
    /// (its quoted text, with at least 16 bytes left); if there is one, moves
    /// `cursor` past the closing quote. Tries the first 8 names only.
    ///
    /// A `nil` decides nothing: the value may still be a configured name
    /// written with escapes, or near the end of the payload.
    @inline(__always)
    func quotedIndex(at cursor: inout UnsafeRawPointer, end: UnsafeRawPointer) -> Int? {
        guard cursor.distance(to: end) >= 16 else { return nil }
        let head = SWAR.load(cursor)
        let tail = SWAR.load(cursor + 8)
        for index in 0 ..< min(count, 8) {
            let text = quoted[index]
            if head & text.headMask == text.head, tail & text.tailMask == text.tail {
                cursor += text.length
                return index
            }
        }
        return nil
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
