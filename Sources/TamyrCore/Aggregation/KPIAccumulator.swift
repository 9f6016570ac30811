/// Everything a KPI record needs about one group's events in one slice of
/// time, kept so that slices merge exactly (rule 10): counts and sums add,
/// sketches merge, the first arrival is the minimum.
///
/// Merging the accumulators of a window's slices gives the same counts, sums,
/// min and max as one accumulator fed every event, and sketches within their
/// stated error (tests check both laws).
package struct KPIAccumulator: Sendable {
    package var count: UInt64 = 0
    package var ok: UInt64 = 0
    package var failed: UInt64 = 0
    package var rejected: UInt64 = 0
    /// Exact sum of processing times in microseconds.
    package var durationSumMicros: Int128 = 0
    package var durations = DurationSketch()
    /// Events with a target, and those within it.
    package var slaCounted: UInt64 = 0
    package var slaMet: UInt64 = 0
    package var online: UInt64 = 0
    package var mobile: UInt64 = 0
    package var office: UInt64 = 0
    /// Exact sum of amounts in tiyn, and how many events carried one.
    package var amountSumTiyn: Int128 = 0
    package var amountCount: UInt64 = 0
    package var applicants = DistinctCounter()
    /// The engine's arrival number of the first event in this group; orders groups for the cap.
    package var firstArrival: UInt64 = .max

    package init() {}

    /// Back to empty, keeping the sketches' memory for reuse (a recycled pane).
    package mutating func removeAll() {
        count = 0
        ok = 0
        failed = 0
        rejected = 0
        durationSumMicros = 0
        durations.removeAll()
        slaCounted = 0
        slaMet = 0
        online = 0
        mobile = 0
        office = 0
        amountSumTiyn = 0
        amountCount = 0
        applicants.removeAll()
        firstArrival = .max
    }

    /// Adds one event. `slaTargetMicros` is the event's own target (nil: none).
    package mutating func add(
        status: ServiceStatus,
        durationMicros: Int64,
        slaTargetMicros: Int64?,
        channel: Channel,
        amountTiyn: Int64?,
        applicantHash: UInt64?,
        arrival: UInt64
    ) {
        add(PreparedEvent(
            status: status, durationMicros: durationMicros, slaTargetMicros: slaTargetMicros, channel: channel,
            amountTiyn: amountTiyn, applicantHash: applicantHash, arrival: arrival))
    }

    /// Adds one event whose per-event work (bucket, SLA check, hash) is already done.
    @inline(__always)
    package mutating func add(_ event: PreparedEvent) {
        if count == 0 { firstArrival = event.arrival }
        count += 1
        switch event.status {
        case .ok: ok += 1
        case .failed: failed += 1
        case .rejected: rejected += 1
        }
        durationSumMicros += Int128(event.durationMicros)
        durations.add(clampedMicros: event.durationMicros, key: event.durationKey)
        if let met = event.slaMet {
            slaCounted += 1
            if met { slaMet += 1 }
        }
        switch event.channel {
        case .online: online += 1
        case .mobile: mobile += 1
        case .office: office += 1
        case .unknown: break
        }
        if let amountTiyn = event.amountTiyn {
            amountSumTiyn += Int128(amountTiyn)
            amountCount += 1
        }
        if let applicantHash = event.applicantHash { applicants.add(hash: applicantHash) }
    }

    /// Adds another slice's events to this one.
    package mutating func merge(_ other: KPIAccumulator) {
        guard other.count > 0 else { return }
        guard count > 0 else {
            // Into an empty accumulator (a window's first pane): share the sketches'
            // storage instead of re-inserting every value; copy-on-write keeps panes intact.
            self = other
            return
        }
        count += other.count
        ok += other.ok
        failed += other.failed
        rejected += other.rejected
        durationSumMicros += other.durationSumMicros
        durations.merge(other.durations)
        slaCounted += other.slaCounted
        slaMet += other.slaMet
        online += other.online
        mobile += other.mobile
        office += other.office
        amountSumTiyn += other.amountSumTiyn
        amountCount += other.amountCount
        applicants.merge(other.applicants)
        firstArrival = min(firstArrival, other.firstArrival)
    }
}
