/// Which events a KPI record covers: one domain, one domain and one value of
/// a breakdown dimension, or all domains.
///
/// `value` identifies the dimension's value without storing text on the
/// per-event path: a service is the 64-bit hash of its name (names are kept
/// once per slice for output), a region its packed code, a channel its raw
/// value. ``otherValue`` is the group that values beyond the cap fold into.
package struct GroupKey: Hashable, Sendable {
    package enum Dimension: UInt8, Sendable, CaseIterable {
        case none, service, region, channel

        package var name: String {
            switch self {
            case .none: ""
            case .service: "service"
            case .region: "region"
            case .channel: "channel"
            }
        }
    }

    /// Index of the configured domain, or ``allDomains``.
    package var domain: UInt8
    package var dimension: Dimension
    package var value: UInt64

    package static let allDomains: UInt8 = .max
    /// The folded group's value in every dimension.
    package static let otherValue: UInt64 = .max

    package init(domain: UInt8, dimension: Dimension, value: UInt64) {
        self.domain = domain
        self.dimension = dimension
        self.value = value
    }

    package static func domain(_ index: UInt8) -> GroupKey { GroupKey(domain: index, dimension: .none, value: 0) }
    package static var all: GroupKey { GroupKey(domain: allDomains, dimension: .none, value: 0) }
}

/// A service's group value: a 64-bit hash of its name's bytes, eight bytes at
/// a time (multiply-xorshift, finished with the murmur3 mixer), because the
/// engine hashes every event's service and a byte-at-a-time FNV was a quarter
/// of its per-event time. 64 bits make a collision among the few thousand
/// names a deployment sees vanishingly unlikely (about n²/2^65).
package enum ServiceHash {
    @inline(__always)
    package static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(bytes.count)
        var offset = 0
        while offset + 8 <= bytes.count {
            hash = (hash ^ bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0x9e37_79b9_7f4a_7c15
            hash ^= hash >> 29
            offset += 8
        }
        if offset < bytes.count {
            var tail: UInt64 = 0
            for index in offset ..< bytes.count { tail |= UInt64(bytes[index]) << (8 * UInt64(index - offset)) }
            hash = (hash ^ tail) &* 0x9e37_79b9_7f4a_7c15
            hash ^= hash >> 29
        }
        hash ^= hash >> 33
        hash &*= 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        hash &*= 0xc4ce_b9fe_1a85_ec53
        hash ^= hash >> 33
        // Never the fold sentinel.
        return hash == GroupKey.otherValue ? hash &- 1 : hash
    }

    package static func hash(_ name: String) -> UInt64 {
        var copy = name
        return copy.withUTF8 { hash(UnsafeRawBufferPointer($0)) }
    }
}
