/// Staged aggregation: how an in-order event reaches a pane's accumulators.
///
/// Updating five groups per event directly touches five accumulators, five
/// sketches and five distinct counters spread over megabytes, and the profile
/// showed the engine waiting on memory more than computing. So an in-order
/// event is appended to the pane's ``Pane/staged`` list with the cell of its
/// group tuple (one lookup), and every ``PaneStaging/batchSize`` events, or
/// before anything reads the pane, ``Pane/flushStaged(_:)`` sorts the staged
/// (group, event) pairs by group (a counting sort) and applies each group's
/// events in one run, while that group's sketch and counter are in cache.
///
/// Aggregation is commutative (counts and sums add, sketches and sets take
/// unions, first arrival is a minimum), so the order of application does not
/// change any result; the group cap's order of first arrival is the order in
/// which tuples are first *staged*, which is arrival order.
extension Pane {
    /// Stages one event for the groups of `key`, creating its cell (and its
    /// groups, subject to the safety cap) if new. `false` when the cell table
    /// is full: the caller then updates the groups directly.
    @inline(__always)
    mutating func stage(
        _ key: FineCellTable.Key, groups: WindowEngine.EventGroups, _ event: PreparedEvent, safetyCap: Int,
        staging: PaneStaging
    ) -> Bool {
        let cell: Int32
        if let existing = cells.cell(of: key) {
            cell = existing
        } else {
            let slots = FineCellTable.Slots(
                domain: Int32(slot(for: .domain(groups.domain), safetyCap: safetyCap, serviceName: groups.service)),
                service: Int32(slot(
                    for: GroupKey(domain: groups.domain, dimension: .service, value: groups.serviceHash),
                    safetyCap: safetyCap, serviceName: groups.service)),
                region: groups.region.map {
                    Int32(slot(for: GroupKey(domain: groups.domain, dimension: .region, value: $0),
                               safetyCap: safetyCap, serviceName: groups.service))
                } ?? -1,
                channel: groups.channel.map {
                    Int32(slot(for: GroupKey(domain: groups.domain, dimension: .channel, value: $0),
                               safetyCap: safetyCap, serviceName: groups.service))
                } ?? -1,
                all: Int32(slot(for: .all, safetyCap: safetyCap, serviceName: groups.service))
            )
            guard let created = cells.insert(key, slots: slots) else { return false }
            cell = created
        }
        if staged.capacity == 0 { staged.reserveCapacity(PaneStaging.batchSize) }
        staged.append(StagedEvent(cell: cell, event: event))
        if staged.count >= PaneStaging.batchSize { flushStaged(staging) }
        return true
    }

    /// Applies every staged event to its groups' accumulators, group by group.
    mutating func flushStaged(_ staging: PaneStaging) {
        guard !staged.isEmpty else { return }
        let groupCount = keys.count
        staging.prepare(groups: groupCount, pairs: staged.count * 5)
        let cellSlots = cells.slots
        // Counting sort of (group, event) pairs by group: count, prefix-sum, place.
        staged.withUnsafeBufferPointer { events in
            cellSlots.withUnsafeBufferPointer { slots in
                staging.starts.withUnsafeMutableBufferPointer { starts in
                    staging.order.withUnsafeMutableBufferPointer { order in
                        for event in events {
                            let cell = slots[Int(event.cell)]
                            starts[Int(cell.domain) + 1] += 1
                            starts[Int(cell.service) + 1] += 1
                            if cell.region >= 0 { starts[Int(cell.region) + 1] += 1 }
                            if cell.channel >= 0 { starts[Int(cell.channel) + 1] += 1 }
                            starts[Int(cell.all) + 1] += 1
                        }
                        for group in 0 ..< groupCount { starts[group + 1] += starts[group] }
                        // `starts[g]` now advances to the end of group g's run while placing.
                        for (index, event) in events.enumerated() {
                            let cell = slots[Int(event.cell)]
                            let value = Int32(index)
                            order[starts[Int(cell.domain)]] = value
                            starts[Int(cell.domain)] += 1
                            order[starts[Int(cell.service)]] = value
                            starts[Int(cell.service)] += 1
                            if cell.region >= 0 {
                                order[starts[Int(cell.region)]] = value
                                starts[Int(cell.region)] += 1
                            }
                            if cell.channel >= 0 {
                                order[starts[Int(cell.channel)]] = value
                                starts[Int(cell.channel)] += 1
                            }
                            order[starts[Int(cell.all)]] = value
                            starts[Int(cell.all)] += 1
                        }
                        // Group g's run is order[(g == 0 ? 0 : starts[g - 1]) ..< starts[g]].
                        accumulators.withUnsafeMutableBufferPointer { accumulators in
                            var start = 0
                            for group in 0 ..< groupCount {
                                let end = starts[group]
                                if end > start {
                                    accumulators[group].add(
                                        run: UnsafeBufferPointer(rebasing: order[start ..< end]), of: events, staging: staging)
                                }
                                start = end
                            }
                        }
                    }
                }
            }
        }
        staged.removeAll(keepingCapacity: true)
    }

    /// Flushes and gives back the staging memory: the pane takes no more staged events.
    mutating func finishStaging(_ staging: PaneStaging) {
        flushStaged(staging)
        staged = []
    }
}

/// One event waiting in a pane's stage.
struct StagedEvent {
    var cell: Int32
    var event: PreparedEvent
}

/// Scratch space of ``Pane/flushStaged(_:)``, shared by all panes of an engine
/// (one thread) so that flushing allocates nothing once warmed up. A class, so
/// the engine can lend it while one of its panes is borrowed mutably.
final class PaneStaging {
    /// Events staged per pane before a flush: enough for long runs per group,
    /// small enough (about 300 KiB with the sort's scratch) to stay in L2.
    static let batchSize = 4_096
    var starts: [Int] = []
    var order: [Int32] = []
    /// One group's run, gathered for the sketches' batch updates.
    var values = [Int64](repeating: 0, count: batchSize)
    var keys = [Int](repeating: 0, count: batchSize)
    var hashes = [UInt64](repeating: 0, count: batchSize)

    func prepare(groups: Int, pairs: Int) {
        if starts.count < groups + 1 {
            starts = Array(repeating: 0, count: groups + 1)
        } else {
            starts.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        }
        if order.count < pairs { order = Array(repeating: 0, count: max(pairs, PaneStaging.batchSize * 5)) }
    }
}

extension KPIAccumulator {
    /// Adds the staged events `run` (indices into `events`): the same result as
    /// ``add(_:)`` for each, with counters in registers and the sketches updated in batches.
    @inline(__always)
    mutating func add(run: UnsafeBufferPointer<Int32>, of events: UnsafeBufferPointer<StagedEvent>, staging: PaneStaging) {
        // Status and channel counts by raw value, indexed rather than switched on:
        // a switch per event was a mispredicted branch per event.
        var byStatus: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        var byChannel: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        var slaCounted: UInt64 = 0, slaMet: UInt64 = 0
        var amountCount: UInt64 = 0
        var durationSum: Int128 = 0, amountSum: Int128 = 0
        var firstArrival = self.firstArrival
        var hashCount = 0
        withUnsafeMutableBytes(of: &byStatus) { statusCounts in
            withUnsafeMutableBytes(of: &byChannel) { channelCounts in
                let statusCounts = statusCounts.bindMemory(to: UInt64.self)
                let channelCounts = channelCounts.bindMemory(to: UInt64.self)
                staging.values.withUnsafeMutableBufferPointer { values in
                    staging.keys.withUnsafeMutableBufferPointer { keys in
                        staging.hashes.withUnsafeMutableBufferPointer { hashes in
                            for (position, index) in run.enumerated() {
                                let event = events[Int(index)].event
                                firstArrival = Swift.min(firstArrival, event.arrival)
                                statusCounts[Int(event.status.rawValue)] &+= 1
                                channelCounts[Int(event.channel.rawValue)] &+= 1
                                durationSum += Int128(event.durationMicros)
                                values[position] = event.durationMicros
                                keys[position] = event.durationKey
                                if let met = event.slaMet {
                                    slaCounted &+= 1
                                    slaMet &+= met ? 1 : 0
                                }
                                if let amount = event.amountTiyn {
                                    amountSum += Int128(amount)
                                    amountCount &+= 1
                                }
                                if let hash = event.applicantHash {
                                    hashes[hashCount] = hash
                                    hashCount &+= 1
                                }
                            }
                            durations.add(
                                clampedMicros: UnsafeBufferPointer(rebasing: values[..<run.count]),
                                keys: UnsafeBufferPointer(rebasing: keys[..<run.count]))
                            applicants.add(hashes: UnsafeBufferPointer(rebasing: hashes[..<hashCount]))
                        }
                    }
                }
            }
        }
        let ok = byStatus.0, failed = byStatus.1, rejected = byStatus.2
        let online = byChannel.1, mobile = byChannel.2, office = byChannel.3
        // First arrival: the minimum, as in ``add(_:)`` for events in arrival order.
        self.firstArrival = count == 0 ? firstArrival : Swift.min(self.firstArrival, firstArrival)
        count += UInt64(run.count)
        self.ok += ok
        self.failed += failed
        self.rejected += rejected
        durationSumMicros += durationSum
        self.slaCounted += slaCounted
        self.slaMet += slaMet
        self.online += online
        self.mobile += mobile
        self.office += office
        amountSumTiyn += amountSum
        self.amountCount += amountCount
    }
}
