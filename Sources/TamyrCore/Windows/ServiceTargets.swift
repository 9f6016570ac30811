/// The per-service SLA targets (`sla.services`) by service hash, for the
/// engine's per-event lookup: a linear scan of a handful of entries, since a
/// `Dictionary` lookup (seeded SipHash) cost about 140 instructions per event
/// in the profile. Configurations with many service targets keep the dictionary.
struct ServiceTargets {
    private let hashes: [UInt64]
    private let micros: [Int64]
    private let many: [UInt64: Int64]?

    init(_ targets: [UInt64: Int64]) {
        if targets.count <= 16 {
            hashes = Array(targets.keys)
            micros = hashes.map { targets[$0]! }
            many = nil
        } else {
            hashes = []
            micros = []
            many = targets
        }
    }

    @inline(__always)
    func target(of serviceHash: UInt64) -> Int64? {
        if let many { return many[serviceHash] }
        for index in hashes.indices where hashes[index] == serviceHash { return micros[index] }
        return nil
    }
}
