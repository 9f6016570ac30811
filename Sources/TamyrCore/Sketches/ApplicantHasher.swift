/// SipHash-2-4 with a fixed 128-bit key: the 64-bit hash of an applicant id that
/// ``DistinctCounter`` counts.
///
/// Written out here rather than using `Hasher`, which the standard library seeds randomly per
/// process: hashes must stay the same across restarts and between processes so that counters
/// built at different times merge. The key comes from configuration; being secret, it keeps
/// hashes from being matched to ids by anyone who does not hold it, and keeps producers from
/// crafting ids that collide.
///
/// SipHash-2-4 (Aumasson and Bernstein, 2012), checked against the reference implementation's
/// 64 test vectors. Ids are at most 128 bytes, so the cost is a few dozen nanoseconds per event.
///
/// - Complexity: O(*n*) for *n* bytes; no allocation.
package struct ApplicantHasher: Sendable {
    private let key0: UInt64
    private let key1: UInt64

    /// A hasher with the key (`key0`, `key1`): as in the reference implementation, `key0` is
    /// the little-endian reading of the key's first 8 bytes and `key1` of its last 8.
    package init(key0: UInt64, key1: UInt64) {
        self.key0 = key0
        self.key1 = key1
    }

    /// The SipHash-2-4 of `bytes`.
    package func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var state = State(key0: key0, key1: key1)
        let length = bytes.count
        let wholeWords = length / 8 * 8
        var offset = 0
        while offset < wholeWords {
            state.compress(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
            offset += 8
        }
        // The last word: the remaining 0 to 7 bytes little-endian, the length's low byte on top.
        var last = UInt64(truncatingIfNeeded: length) << 56
        var shift: UInt64 = 0
        while offset < length {
            last |= UInt64(bytes[offset]) << shift
            shift += 8
            offset += 1
        }
        state.compress(last)
        return state.finalize()
    }

    /// The four-word internal state.
    private struct State {
        var v0: UInt64
        var v1: UInt64
        var v2: UInt64
        var v3: UInt64

        // The initialisation constants spell "somepseudorandomlygeneratedbytes".
        @inline(__always)
        init(key0: UInt64, key1: UInt64) {
            v0 = key0 ^ 0x736f_6d65_7073_6575
            v1 = key1 ^ 0x646f_7261_6e64_6f6d
            v2 = key0 ^ 0x6c79_6765_6e65_7261
            v3 = key1 ^ 0x7465_6462_7974_6573
        }

        // Two SipRounds per message word: the "2" of SipHash-2-4.
        @inline(__always)
        mutating func compress(_ word: UInt64) {
            v3 ^= word
            round()
            round()
            v0 ^= word
        }

        // Four SipRounds after the message: the "4".
        @inline(__always)
        mutating func finalize() -> UInt64 {
            v2 ^= 0xff
            round()
            round()
            round()
            round()
            return v0 ^ v1 ^ v2 ^ v3
        }

        @inline(__always)
        mutating func round() {
            v0 &+= v1
            v1 = Self.rotate(v1, left: 13)
            v1 ^= v0
            v0 = Self.rotate(v0, left: 32)
            v2 &+= v3
            v3 = Self.rotate(v3, left: 16)
            v3 ^= v2
            v0 &+= v3
            v3 = Self.rotate(v3, left: 21)
            v3 ^= v0
            v2 &+= v1
            v1 = Self.rotate(v1, left: 17)
            v1 ^= v2
            v2 = Self.rotate(v2, left: 32)
        }

        // Compiles to one `rol` instruction.
        @inline(__always)
        static func rotate(_ word: UInt64, left count: UInt64) -> UInt64 {
            (word &<< count) | (word &>> (64 &- count))
        }
    }
}

