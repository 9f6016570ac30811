/// One slice of event time (a pane, "No pane, no gain"): the accumulators of
/// every group that had events in `[index * step, index * step + step)`.
///
/// The group cap (`kpi.max_groups`) is applied when a window is assembled,
/// by first arrival within the window: a pane cannot apply it, because a value
/// that arrives late in one pane may have arrived early in another pane of the
/// same window. A pane only has a safety cap, ``Pane/safetyCap(maxGroups:)``
/// groups per domain and dimension, far above `maxGroups`, so a producer that
/// invents a new value per event still cannot grow memory without bound;
/// values beyond it fold into ``GroupKey/otherValue`` already in the pane.
struct Pane {
    private var slots = ProbingTable<GroupKey>()
    private(set) var keys: [GroupKey] = []
    /// One per key, at the key's slot; beyond `keys.count`, recycled ones waiting
    /// for reuse. Set in Pane+Staging too (flushing applies staged events in place).
    var accumulators: [KPIAccumulator] = []
    /// Distinct values so far per domain and dimension (`domain << 8 | dimension`).
    private var distinct: [UInt16: Int] = [:]
    /// Names of the service values in this pane, kept once per group for output.
    private(set) var serviceNames: [UInt64: String] = [:]
    /// Group tuples seen, for staging (``Pane/stage(_:groups:_:safetyCap:staging:)``).
    var cells = FineCellTable()
    /// In-order events not yet applied to the accumulators; empty whenever the pane is read.
    var staged: [StagedEvent] = []

    /// Distinct values per domain and dimension a pane keeps before folding:
    /// ten times the window cap, and at least 10,000.
    static func safetyCap(maxGroups: Int) -> Int { max(10_000, maxGroups.multipliedReportingOverflow(by: 10).partialValue) }

    /// The slot for `key`, creating it (or folding into `other` beyond the safety cap) when new.
    @inline(__always)
    mutating func slot(for key: GroupKey, safetyCap: Int, serviceName: UnsafeRawBufferPointer) -> Int {
        if let slot = slots.index(of: key) { return slot }
        var key = key
        // `other` itself (absorbed from a finer pane) is not a value that counts towards the cap.
        if key.dimension != .none && key.domain != GroupKey.allDomains && key.value != GroupKey.otherValue {
            let counter = UInt16(key.domain) << 8 | UInt16(key.dimension.rawValue)
            let seen = distinct[counter, default: 0]
            if seen >= safetyCap {
                key.value = GroupKey.otherValue
                if let slot = slots.index(of: key) { return slot }
            } else {
                distinct[counter] = seen + 1
                if key.dimension == .service {
                    serviceNames[key.value] = String(decoding: serviceName, as: UTF8.self)
                }
            }
        }
        let slot = keys.count
        slots.insert(key, index: slot)
        keys.append(key)
        if slot < accumulators.count {
            // A recycled accumulator: emptied, its sketches' memory kept.
            accumulators[slot].removeAll()
        } else {
            accumulators.append(KPIAccumulator())
        }
        return slot
    }

    /// Empties the pane for reuse by a later pane index, keeping the memory of
    /// its tables and of its accumulators' sketches: a 1 s pane of a busy stream
    /// otherwise allocates (and the kernel zeroes) megabytes every second. Only
    /// the first `keys.count` accumulators are live.
    mutating func recycle() {
        slots.removeAll()
        keys.removeAll(keepingCapacity: true)
        distinct.removeAll(keepingCapacity: true)
        serviceNames.removeAll(keepingCapacity: true)
        cells.removeAll()
        staged.removeAll(keepingCapacity: true)
    }

    /// Adds every group of `other` (a finer pane inside this one) to this pane,
    /// folding new values beyond the safety cap as ``slot(for:safetyCap:serviceName:)`` does.
    mutating func absorb(_ other: Pane, safetyCap: Int) {
        for (index, key) in other.keys.enumerated() {
            var name: String?
            if key.dimension == .service { name = other.serviceNames[key.value] }
            let slot = slot(for: key, safetyCap: safetyCap, serviceName: name)
            accumulators[slot].merge(other.accumulators[index])
        }
    }

    /// ``slot(for:safetyCap:serviceName:)`` with the service name as text.
    mutating func slot(for key: GroupKey, safetyCap: Int, serviceName: String?) -> Int {
        if let slot = slots.index(of: key) { return slot }
        guard let serviceName else {
            return slot(for: key, safetyCap: safetyCap, serviceName: UnsafeRawBufferPointer(start: nil, count: 0))
        }
        var copy = serviceName
        return copy.withUTF8 { slot(for: key, safetyCap: safetyCap, serviceName: UnsafeRawBufferPointer($0)) }
    }

    /// The key `key`'s events went to: itself, or `other` where the safety cap folded it.
    func keyUsed(for key: GroupKey) -> GroupKey {
        slots.index(of: key) != nil ? key : GroupKey(domain: key.domain, dimension: key.dimension, value: GroupKey.otherValue)
    }

    @inline(__always)
    mutating func withAccumulator(_ slot: Int, _ body: (inout KPIAccumulator) -> Void) {
        body(&accumulators[slot])
    }

    /// Keeps the register histograms of the groups' HyperLogLogs from now on
    /// (``DistinctCounter/keepRankCounts()``).
    mutating func keepRankCounts() {
        for slot in keys.indices { accumulators[slot].applicants.keepRankCounts() }
    }

    /// Moves the groups' exact distinct counters into denser tables
    /// (``DistinctCounter/compact()``), for a pane that has ended, which only late events
    /// reach: about 9.6 bytes per distinct hash instead of 11 to 21. Nothing while events
    /// are staged (they are applied when the pane is next read, and would grow the tables).
    mutating func compactDistinctCounters() {
        guard staged.isEmpty else { return }
        for slot in keys.indices { accumulators[slot].applicants.compact() }
    }

    /// Approximate heap bytes held, for the memory figures in docs/architecture.md.
    var memoryBytes: Int {
        accumulators.prefix(keys.count).reduce(0) { $0 + MemoryLayout<KPIAccumulator>.stride + $1.durations.memoryBytes + $1.applicants.memoryBytes }
            + keys.count * (MemoryLayout<GroupKey>.stride * 2 + 16) + serviceNames.count * 48
            + cells.count * 64 + staged.capacity * MemoryLayout<StagedEvent>.stride
    }
}

/// Floor division, so negative event times fall into the right slice.
@inline(__always)
func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
    let quotient = value / divisor
    return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient
}

/// The non-negative remainder of floor division.
@inline(__always)
func floorModulo(_ value: Int64, _ divisor: Int64) -> Int64 {
    value - floorDivide(value, divisor) * divisor
}
