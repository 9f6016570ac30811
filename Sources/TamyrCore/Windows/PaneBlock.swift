/// The merged groups of `blockSize` consecutive panes of a step class, built
/// once and reused by every window that spans the whole block.
///
/// A hopping window of `n` panes is assembled from its panes; with blocks of
/// `b ≈ √n` panes it merges about `n / b` blocks and at most `2b` loose panes
/// instead of `n` panes (sqrt decomposition): for 5m/1s, about 50 merges per
/// window instead of 300, each block built once for the `b` windows that use
/// it. Merging is exact for counts and sums, and the sketches' merged state
/// depends only on the values merged, so a window assembled from blocks equals
/// one assembled from panes (the property test checks records field by field).
///
/// A block is built only from panes that end at or before the watermark, which
/// no in-order event reaches any more; an event older than the watermark that
/// updates such a pane updates its block too (``add(_:keys:serviceName:)``).
struct PaneBlock {
    var groups: [GroupKey: KPIAccumulator] = [:]
    var serviceNames: [UInt64: String] = [:]

    /// Adds a pane's groups.
    mutating func absorb(_ pane: Pane) {
        for (slot, key) in pane.keys.enumerated() {
            groups[key, default: KPIAccumulator()].merge(pane.accumulators[slot])
        }
        serviceNames.merge(pane.serviceNames) { first, _ in first }
    }

    /// Packs the groups' HyperLogLogs (``DistinctCounter/compact()``): a block is built from
    /// ended panes, which only late events reach. Not the exact sets: window assembly copies a
    /// block's set before merging panes into it, and a compacted one would then be rehashed
    /// (they saved 5 MiB for 10 M instructions per block built, docs/performance.md, Memory).
    mutating func compactDistinctCounters() {
        for index in groups.values.indices where !groups.values[index].applicants.isExact {
            groups.values[index].applicants.compact()
        }
    }

    /// Adds another block's groups (a merge of other panes).
    mutating func absorb(_ other: PaneBlock) {
        for (key, accumulator) in other.groups { groups[key, default: KPIAccumulator()].merge(accumulator) }
        serviceNames.merge(other.serviceNames) { first, _ in first }
    }

    /// Adds one event to the groups its pane used (after the pane's own folding).
    mutating func add(_ event: PreparedEvent, keys: [GroupKey], serviceName: String?) {
        for key in keys {
            groups[key, default: KPIAccumulator()].add(event)
            if key.dimension == .service && key.value != GroupKey.otherValue, let serviceName, serviceNames[key.value] == nil {
                serviceNames[key.value] = serviceName
            }
        }
    }

    /// Pane spans from which windows are assembled from blocks: below it, merging
    /// the panes directly is cheap, and blocks would only cost memory. 24 takes in
    /// the default 5m/10s (30 panes, blocks of 5): in the steady-state soak that cut
    /// close-to-publication p99 from 90 to 50 ms and CPU per event by a sixth, for
    /// 15 MB more resident memory (143 MB).
    static let minimumSpan: Int64 = 24

    /// The block size for a class whose longest window spans `span` panes; 1: no blocks.
    static func size(forSpan span: Int64) -> Int64 {
        span < minimumSpan ? 1 : Int64(Double(span).squareRoot().rounded())
    }
}
