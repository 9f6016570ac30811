/// The event-time window engine (contract section 3): slices, the watermark,
/// lateness, idle advance, and the KPI records of every closed window.
///
/// Pure: no clock, no socket, no logging. The caller passes each accepted
/// event with the wall-clock time it arrived, calls ``tick(nowMillis:)`` when
/// no event arrives, and takes the records with ``drainRecords(_:)``.
///
/// ## Slicing
/// Windows are grouped by their step (a tumbling window's step is its size).
/// Each step class keeps panes of that step; a window is assembled from its
/// `size / step` panes when it closes. A pane is freed as soon as every window
/// of its class that contains it has closed.
///
/// Events in order go to one pane only: that of the *base* class, whose step
/// is the greatest common divisor of all steps (a class of its own when no
/// window has that step). A base pane is added ("rolled up") into the pane of
/// every coarser class that contains it as soon as the watermark passes its
/// end, before any window ending there is assembled; until then no window that
/// contains its events can have closed, so no lateness applies to them. An
/// event for a base pane already rolled up (an event older than the watermark)
/// takes the general path: for each class, it is added to that class's pane if
/// a window of the class containing it is still open, and counted late once per
/// window it missed. So an in-order event updates the groups of one pane, not
/// one per class, and its cost does not depend on how many windows overlap.
/// (With a base step below one second that no window uses, rolling up would
/// cost more than it saves; every event then takes the general path.)
///
/// ## Deferred work
/// Closing a window is on the path from an event to the window's records, so
/// a close does only what its windows need: it rolls the finished base panes
/// up into the classes that have a window to close now, and assembles those
/// windows. The rest waits for ``prepareAfterClose()``, which the next call
/// of ``add(_:arrivalMillis:)`` or ``tick(nowMillis:)`` (or
/// ``prepareForCheckpoint()``) runs first, after the caller has handed the
/// records over (in-order events added before they are drained, the rest of an
/// NDJSON message, leave it waiting still; it is always for the panes ended at
/// its close): the roll-ups into the other classes, and for each hopping
/// window spec a ``PartialWindow``, the merge of the next window's panes that
/// have already ended. Closing that window then merges only its last pane
/// into it. Until then the engine's state is complete only for the windows
/// that closed, so everything that reads panes runs the pending work first.
/// In the steady state of the default windows (`tamyr-measure-engine steady
/// default`, 20,000 events per second of event time) this took the event that
/// closes the 5m/10s window from about 55 ms to about 9 ms, at the same cost
/// per event: the same merges, done before the window's end instead of after.
///
/// ## Watermark
/// `W = max(W, largest ts - allowedLateness)` after each event. An event is
/// added to each of its windows with `end > W` as W stood before it, and counts
/// as late once per window it missed. A window with events closes, once, as
/// soon as `W >= end`. After `idleTimeout` without events (wall clock), W moves
/// at wall-clock speed from where it stood after the last event.
package struct WindowEngine {
    /// What the engine needs from the configuration.
    package struct Settings: Sendable {
        package var windows: [WindowSpec]
        package var allowedLatenessMillis: Int64
        package var idleTimeoutMillis: Int64
        package var domains: [String]
        package var breakdowns: [GroupKey.Dimension]
        package var slaDefaultMicros: Int64?
        /// Per configured domain index.
        package var slaDomainMicros: [Int64?]
        /// By service hash (``ServiceHash``).
        package var slaServiceMicros: [UInt64: Int64]
        package var maxGroups: Int
        package var applicantKey: (UInt64, UInt64)
        /// Evaluated on every window closed (see ``AlertBook``).
        package var alertRules: [AlertRule] = []

        package init(_ configuration: TamyrConfiguration, applicantKey: (UInt64, UInt64)) {
            windows = configuration.windows.all
            allowedLatenessMillis = configuration.windows.allowedLatenessMillis
            idleTimeoutMillis = configuration.windows.idleTimeoutMillis
            domains = configuration.kpi.domains
            breakdowns = configuration.kpi.breakdowns.map {
                switch $0 {
                case .service: .service
                case .region: .region
                case .channel: .channel
                }
            }
            slaDefaultMicros = configuration.sla.defaultMillis.map { $0 * 1_000 }
            slaDomainMicros = configuration.kpi.domains.map { configuration.sla.domainMillis[$0].map { $0 * 1_000 } }
            slaServiceMicros = Dictionary(
                uniqueKeysWithValues: configuration.sla.serviceMillis.map { (ServiceHash.hash($0.key), $0.value * 1_000) }
            )
            maxGroups = configuration.kpi.maxGroups
            self.applicantKey = applicantKey
            alertRules = configuration.alerts
        }
    }

    /// A published record: its topic and its JSON text.
    /// A closed window's record; `series` is the breakdown group's value in breakdown
    /// records (which share their topic), empty in the others.
    package typealias Record = (topic: String, series: String, payload: [UInt8])

    struct StepClass {
        let step: Int64
        var specs: [Int] = []
        var panes = PaneStore()
        /// Panes per ``PaneBlock``; 1 when windows are assembled from panes only.
        var blockSize: Int64 = 1
        /// Built blocks, by block index (pane index / blockSize).
        var blocks: [Int64: PaneBlock] = [:]
    }

    /// Set at creation; only the live-reloadable part changes (``applyLive(_:)``).
    package internal(set) var settings: Settings
    let hasher: ApplicantHasher
    let windowNames: [String]
    let publishRegion: Bool
    let publishChannel: Bool
    var paneSafetyCap: Int
    /// `settings.slaServiceMicros` for the per-event path (see ServiceTargets).
    var serviceTargets: ServiceTargets
    /// Step classes; index 0 is the base class when `rollsUp`.
    var classes: [StepClass] = []
    var classOfSpec: [Int] = []
    /// Per window spec: how windows of ``SlidingWindowAggregate/minimumSpan`` panes or
    /// more are assembled; `nil` for the others (panes, or blocks: ``PaneBlock``).
    var sliding: [SlidingWindowAggregate?] = []
    /// Whether in-order events go to the base class only and are rolled up (see Slicing).
    let rollsUp: Bool
    /// Base panes below this index have been rolled up: events for them take the
    /// general path (`.max` when not rolling up, so that every event does).
    var rolledThrough: Int64
    /// Per class: base panes below this index have been added to the class's panes.
    /// Equal to `rolledThrough` except between a close and ``prepareAfterClose()``,
    /// for the classes that had no window to close (see Deferred work).
    var rolledInto: [Int64]
    /// Per window spec: the next window's panes merged so far (see Deferred work).
    var partials: [PartialWindow?]
    /// W at the last close while it has left work for ``prepareAfterClose()``, nil once
    /// that is done: the deferred work is for the panes ended at that W. It may run
    /// after W has moved past more panes, whose staged events are not applied yet (when
    /// in-order events delay it, and the next close runs it first).
    var pendingWatermark: Int64?
    /// Whether the last close left work for ``prepareAfterClose()``.
    var preparePending: Bool { pendingWatermark != nil }
    /// The greatest common divisor of all steps: every window end is a multiple of it.
    let boundaryStep: Int64
    /// `floorDivide(W, base step)` when windows were last closed; windows can only
    /// become due when it changes, since every window end is a multiple of the base step.
    var closedThroughStep: Int64?
    /// Per window spec: the index `k` of the next window not yet closed.
    var nextWindow: [Int64]
    package internal(set) var lateBySpec: [UInt64]
    package internal(set) var foldedBySpec: [UInt64]
    /// Per window spec: windows closed with events, and the records queued for them, since start
    /// (not checkpointed: the metrics' counters start again with the process).
    package internal(set) var publishedBySpec: [(windows: UInt64, records: UInt64)]
    var maxTimestamp: Int64?
    package internal(set) var watermarkMillis: Int64?
    var watermarkAfterLastEvent: Int64 = 0
    var lastArrivalMillis: Int64 = 0
    var arrivals: UInt64 = 0
    var outbox: [Record] = []
    /// Scratch space for flushing staged events (see Pane+Staging).
    let staging = PaneStaging()
    var writer = KPIRecordWriter()
    /// The alert rules and their states, evaluated as windows close.
    package internal(set) var alerts: AlertBook

    package init(settings: Settings) {
        self.settings = settings
        hasher = ApplicantHasher(key0: settings.applicantKey.0, key1: settings.applicantKey.1)
        windowNames = settings.windows.map(\.name)
        publishRegion = settings.breakdowns.contains(.region)
        publishChannel = settings.breakdowns.contains(.channel)
        paneSafetyCap = Pane.safetyCap(maxGroups: settings.maxGroups)
        serviceTargets = ServiceTargets(settings.slaServiceMicros)
        nextWindow = Array(repeating: .min, count: settings.windows.count)
        alerts = AlertBook(rules: settings.alertRules, windows: settings.windows, domains: settings.domains)
        lateBySpec = Array(repeating: 0, count: settings.windows.count)
        foldedBySpec = Array(repeating: 0, count: settings.windows.count)
        publishedBySpec = Array(repeating: (0, 0), count: settings.windows.count)
        let steps = settings.windows.map(\.everyMillis)
        let base = steps.reduce(0, greatestCommonDivisor)
        rollsUp = base > 0 && (steps.contains(base) || base >= 1_000)
        rolledThrough = rollsUp ? .min : .max
        partials = Array(repeating: nil, count: settings.windows.count)
        boundaryStep = max(base, 1)
        if rollsUp { classes.append(StepClass(step: base)) }
        for (index, spec) in settings.windows.enumerated() {
            if let existing = classes.firstIndex(where: { $0.step == spec.everyMillis }) {
                classes[existing].specs.append(index)
                classOfSpec.append(existing)
            } else {
                var stepClass = StepClass(step: spec.everyMillis)
                stepClass.specs.append(index)
                classes.append(stepClass)
                classOfSpec.append(classes.count - 1)
            }
        }
        rolledInto = Array(repeating: rolledThrough, count: classes.count)
        sliding = settings.windows.map { window in
            let span = window.sizeMillis / window.everyMillis
            return span >= SlidingWindowAggregate.minimumSpan ? SlidingWindowAggregate(span: span) : nil
        }
        for index in classes.indices {
            // Blocks only for the windows not assembled by a SlidingWindowAggregate.
            let span = classes[index].specs.filter { sliding[$0] == nil }
                .map { settings.windows[$0].sizeMillis / classes[index].step }.max() ?? 1
            classes[index].blockSize = PaneBlock.size(forSpan: span)
        }
    }

    /// Late events per window name, in configuration order.
    package var late: [(window: String, count: UInt64)] { Array(zip(windowNames, lateBySpec)) }
    /// Events folded into `other` groups per window name.
    package var folded: [(window: String, count: UInt64)] { Array(zip(windowNames, foldedBySpec)) }
    /// Windows closed with events and their records, per window name, since start.
    package var published: [(window: String, windows: UInt64, records: UInt64)] {
        zip(windowNames, publishedBySpec).map { ($0, $1.windows, $1.records) }
    }

    /// Windows that hold events and have not closed yet.
    package var openWindows: Int {
        var total = 0
        for (spec, window) in settings.windows.enumerated() {
            let stepClass = classes[classOfSpec[spec]]
            let span = window.sizeMillis / stepClass.step
            var open = Set<Int64>()
            for pane in paneIndicesWithEvents(classOfSpec[spec]) {
                // A pane of a shared step class may be kept only for another window spec.
                let first = max(nextWindow[spec], pane - span + 1)
                if first <= pane { open.formUnion(first...pane) }
            }
            total += open.count
        }
        return total
    }

    /// The panes of class `index` that hold events, counting base panes not yet rolled up into it.
    private func paneIndicesWithEvents(_ index: Int) -> Set<Int64> {
        var indices = Set(classes[index].panes.indices)
        if rollsUp && index != 0 {
            let step = classes[index].step
            for pane in classes[0].panes.indices where pane >= rolledInto[index] {
                indices.insert(floorDivide(pane * classes[0].step, step))
            }
        }
        return indices
    }

    /// Adds one accepted event that arrived at wall-clock `arrivalMillis`, then
    /// closes the windows the new watermark passes.
    package mutating func add(_ event: borrowing DecodedEvent, arrivalMillis: Int64) {
        add(
            event, serviceHash: ServiceHash.hash(event.service), applicantHash: event.applicant.map { hasher.hash($0) },
            arrivalMillis: arrivalMillis)
    }

    /// ``add(_:arrivalMillis:)`` with the two hashes already computed by a
    /// decode worker: `serviceHash` is ``ServiceHash`` of the service, and
    /// `applicantHash` the applicant's hash under this engine's applicant key
    /// (`nil` without an applicant). The event's applicant bytes are not read.
    package mutating func add(
        _ event: borrowing DecodedEvent, serviceHash: UInt64, applicantHash: UInt64?, arrivalMillis: Int64
    ) {
        let ts = event.timestampMillis
        let basePane = rollsUp ? floorDivide(ts, classes[0].step) : .min
        // The deferred work waits while the last close's records are still to be handed
        // over (the rest of an NDJSON message is added before its caller can drain them:
        // in batches of 100 it ran first and took close to publication from about 3 ms to
        // 7-32 ms), but only for an event on the fast path below: it touches only a base
        // pane that has not ended, which the deferred work neither reads nor rolls up. An
        // event for an ended pane takes the general path, which needs the roll-ups done
        // (it adds to each class, and a roll-up after it would add it again).
        if preparePending && (outbox.isEmpty || basePane < rolledThrough) { prepareAfterClose() }
        let before = watermarkMillis
        arrivals += 1
        let domainIndex = event.domain
        let domain = UInt8(truncatingIfNeeded: domainIndex)
        let target = serviceTargets.target(of: serviceHash)
        let prepared = PreparedEvent(
            status: event.status,
            durationMicros: event.durationMicros,
            slaTargetMicros: target ?? settings.slaDomainMicros[domainIndex] ?? settings.slaDefaultMicros,
            channel: event.channel,
            amountTiyn: event.amountTiyn,
            applicantHash: applicantHash,
            arrival: arrivals
        )
        let groups = EventGroups(
            domain: domain, serviceHash: serviceHash, service: event.service,
            region: publishRegion ? event.region : nil,
            channel: publishChannel ? UInt64(event.channel.rawValue) : nil)
        if basePane >= rolledThrough {
            // No window containing ts has closed: one pane, no lateness (see Slicing),
            // and the event is staged (see Pane+Staging).
            let cap = paneSafetyCap
            let staging = staging
            let key = FineCellTable.Key(
                serviceHash: serviceHash, region: groups.region ?? 0, domain: domain,
                channel: UInt8(truncatingIfNeeded: groups.channel ?? 0))
            classes[0].panes.update(basePane) {
                if !$0.stage(key, groups: groups, prepared, safetyCap: cap, staging: staging) {
                    Self.update(&$0, groups, prepared, safetyCap: cap)
                }
            }
        } else {
            addToEachClass(timestamp: ts, groups, prepared, watermark: before)
        }
        if ts > maxTimestamp ?? .min { maxTimestamp = ts }
        let candidate = maxTimestamp! - settings.allowedLatenessMillis
        if candidate > watermarkMillis ?? .min { watermarkMillis = candidate }
        watermarkAfterLastEvent = watermarkMillis!
        lastArrivalMillis = arrivalMillis
        if floorDivide(watermarkMillis!, boundaryStep) != closedThroughStep { closeDueWindows() }
    }

    /// The general path: per class, the pane if a window of the class containing
    /// the event is open, and lateness once per window missed.
    private mutating func addToEachClass(
        timestamp ts: Int64, _ groups: EventGroups, _ prepared: PreparedEvent, watermark before: Int64?
    ) {
        let cap = paneSafetyCap
        for index in classes.indices {
            let step = classes[index].step
            let pane = floorDivide(ts, step)
            var anyOpen = false
            for spec in classes[index].specs {
                let span = settings.windows[spec].sizeMillis / step
                let first = pane - span + 1
                // Window k is open while k * step + size > W.
                let firstOpen = before.map { max(first, floorDivide($0 - settings.windows[spec].sizeMillis, step) + 1) } ?? first
                if firstOpen <= pane { anyOpen = true }
                lateBySpec[spec] += UInt64(min(firstOpen, pane + 1) - first)
            }
            guard anyOpen else { continue }
            classes[index].panes.update(pane) { Self.update(&$0, groups, prepared, safetyCap: cap) }
            // A block or sliding aggregate already built over this pane must see the event too.
            let blockSize = classes[index].blockSize
            let hasBlock = blockSize > 1 && classes[index].blocks[floorDivide(pane, blockSize)] != nil
            let hasSliding = classes[index].specs.contains { sliding[$0]?.isBuilt == true }
            let hasPartial = classes[index].specs.contains { partials[$0]?.covers(pane) == true }
            if hasBlock || hasSliding || hasPartial {
                let built = classes[index].panes[pane]!
                var keys: [GroupKey] = []
                groups.forEachKey { keys.append(built.keyUsed(for: $0)) }
                let name = String(decoding: groups.service, as: UTF8.self)
                if hasBlock { classes[index].blocks[floorDivide(pane, blockSize)]!.add(prepared, keys: keys, serviceName: name) }
                for spec in classes[index].specs where sliding[spec] != nil {
                    sliding[spec]!.add(prepared, pane: pane, keys: keys, serviceName: name)
                }
                for spec in classes[index].specs where partials[spec]?.covers(pane) == true {
                    partials[spec]!.merged.add(prepared, keys: keys, serviceName: name)
                }
            }
        }
    }

    /// The groups one event updates, besides `all`.
    struct EventGroups {
        var domain: UInt8
        var serviceHash: UInt64
        var service: UnsafeRawBufferPointer
        /// `nil` when the breakdown is not published.
        var region: UInt64?
        var channel: UInt64?

        /// Calls `body` with each group the event updates: its domain, its service
        /// (kept even when not published: `top_services` needs it), its region and
        /// channel when published, and all domains.
        @inline(__always)
        func forEachKey(_ body: (GroupKey) -> Void) {
            body(.domain(domain))
            body(GroupKey(domain: domain, dimension: .service, value: serviceHash))
            if let region { body(GroupKey(domain: domain, dimension: .region, value: region)) }
            if let channel { body(GroupKey(domain: domain, dimension: .channel, value: channel)) }
            body(.all)
        }
    }

    // Static so the compiler does not copy the engine to call it (measured-facts: struct copies).
    @inline(__always)
    private static func update(_ pane: inout Pane, _ groups: EventGroups, _ prepared: PreparedEvent, safetyCap: Int) {
        groups.forEachKey { key in
            let slot = pane.slot(for: key, safetyCap: safetyCap, serviceName: groups.service)
            pane.withAccumulator(slot) { $0.add(prepared) }
        }
    }

    /// The deferred work of the last close (see Deferred work), done in an idle
    /// moment when the watermark may not move by the clock (events may be queued).
    package mutating func prepareWhileIdle() {
        if preparePending { prepareAfterClose() }
    }

    /// Moves the watermark at wall-clock speed once `idleTimeout` has passed
    /// without events, and closes the windows it passes. `nowMillis` is the
    /// wall-clock time up to which no event is known to have arrived.
    package mutating func tick(nowMillis: Int64) {
        prepareWhileIdle()
        guard let watermark = watermarkMillis else { return }
        let idleFor = nowMillis - lastArrivalMillis - settings.idleTimeoutMillis
        guard idleFor > 0 else { return }
        let advanced = watermarkAfterLastEvent + idleFor
        if advanced > watermark {
            watermarkMillis = advanced
            closeDueWindows()
        }
    }

    /// ``tick(nowMillis:)`` with idle time measured by the caller: no event has
    /// arrived during the last `quietForMillis` milliseconds it watched, and
    /// nothing else may count (time the process stood still must not).
    package mutating func tick(quietForMillis: Int64) {
        tick(nowMillis: lastArrivalMillis + quietForMillis)
    }

    /// Whether windows closed since the last ``drainRecords(_:)``.
    ///
    /// `mutating` though it changes nothing: called per message from another
    /// module, a getter made the caller copy the whole engine (retaining and
    /// releasing every buffer it holds); a mutating call works in place.
    package mutating func hasRecords() -> Bool { !outbox.isEmpty }

    /// Hands over the records of every window closed since the last call, in publication order.
    package mutating func drainRecords(_ body: (String, [UInt8]) throws -> Void) rethrows {
        try drainSeriesRecords { topic, _, payload in try body(topic, payload) }
    }

    /// ``drainRecords(_:)`` with each record's series (see ``Record``).
    package mutating func drainSeriesRecords(_ body: (String, String, [UInt8]) throws -> Void) rethrows {
        defer { outbox.removeAll(keepingCapacity: true) }
        for record in outbox { try body(record.topic, record.series, record.payload) }
    }

    private mutating func closeDueWindows() {
        guard let watermark = watermarkMillis else { return }
        if preparePending { prepareAfterClose() }
        closedThroughStep = floorDivide(watermark, boundaryStep)
        if rollsUp {
            // Windows and roll-ups read base panes: apply what is staged first.
            let staging = staging
            classes[0].panes.updateAll { $0.flushStaged(staging) }
        }
        rollUp(through: watermark)
        while let (spec, k) = nextDueWindow(watermark: watermark) {
            emit(spec: spec, window: k)
            nextWindow[spec] = k + 1
        }
        // Roll-ups left for later and the next windows' partial merges (see Deferred work),
        // for the panes ended at this W: W may move on before they run.
        pendingWatermark = watermark
        // Every window ending at or before W is now closed, with or without events.
        for (spec, window) in settings.windows.enumerated() {
            let step = window.everyMillis
            nextWindow[spec] = max(nextWindow[spec], floorDivide(watermark - window.sizeMillis, step) + 1)
            // Windows closed without a single event still count for alert rules ("count < 10").
            alerts.windowsClosed(spec: spec, through: nextWindow[spec] - 1, into: &outbox)
            // No window still to close holds a pane of the aggregates: they are of no more use.
            if let aggregate = sliding[spec], aggregate.isBuilt, nextWindow[spec] > aggregate.backThrough {
                sliding[spec]!.reset()
            }
            // A partial merge for a window that closed (or will never close with events) is of no use.
            if let partial = partials[spec], partial.window < nextWindow[spec] { partials[spec] = nil }
        }
        for index in classes.indices {
            var oldestNeeded = Int64.max
            for spec in classes[index].specs { oldestNeeded = min(oldestNeeded, nextWindow[spec]) }
            // Base panes are kept until every coarser class has taken them in.
            if rollsUp && index == 0 { oldestNeeded = min(oldestNeeded, rolledInto.min() ?? rolledThrough) }
            classes[index].panes.free(below: oldestNeeded)
            // A block starting before the oldest window still to close is inside no such window.
            let blockSize = classes[index].blockSize
            if blockSize > 1, classes[index].blocks.keys.contains(where: { $0 * blockSize < oldestNeeded }) {
                classes[index].blocks = classes[index].blocks.filter { $0.key * blockSize >= oldestNeeded }
            }
        }
    }

    /// Marks every base pane that ends at or before `watermark` as rolled up (events
    /// for it now take the general path) and adds it to the panes of the coarser
    /// classes that may have a window to close at `watermark`; the other classes take
    /// it in ``prepareAfterClose()``, after this close's records are handed over.
    private mutating func rollUp(through watermark: Int64) {
        guard rollsUp else { return }
        let through = floorDivide(watermark, classes[0].step)
        if through > rolledThrough {
            let due = classes[0].panes.indices.filter { $0 >= rolledThrough && $0 < through }
            rolledThrough = through
            rolledInto[0] = through
            // No more staged events for these panes: give back their staging memory.
            let staging = staging
            for index in due { classes[0].panes.update(index) { $0.finishStaging(staging) } }
        }
        for target in classes.indices.dropFirst() where mayCloseWindow(ofClass: target, watermark: watermark) {
            rollUp(into: target)
        }
    }

    /// Adds the base panes rolled up but not yet taken in by class `target` to its panes.
    mutating func rollUp(into target: Int) {
        guard rolledInto[target] < rolledThrough else { return }
        let due = classes[0].panes.indices.filter { $0 >= rolledInto[target] && $0 < rolledThrough }.sorted()
        rolledInto[target] = rolledThrough
        let base = classes[0].step
        let cap = paneSafetyCap
        for index in due {
            let pane = classes[0].panes[index]!
            classes[target].panes.update(floorDivide(index * base, classes[target].step)) { $0.absorb(pane, safetyCap: cap) }
        }
    }

    /// Whether a window of a spec of class `index` not closed yet ends at or before `watermark`.
    private func mayCloseWindow(ofClass index: Int, watermark: Int64) -> Bool {
        classes[index].specs.contains { spec in
            floorDivide(watermark - settings.windows[spec].sizeMillis, classes[index].step) >= nextWindow[spec]
        }
    }

    /// The window with events that ends first among those with `end <= watermark`.
    private func nextDueWindow(watermark: Int64) -> (spec: Int, window: Int64)? {
        var best: (spec: Int, window: Int64, end: Int64)?
        for (spec, window) in settings.windows.enumerated() {
            guard let k = nextWindowWithEvents(spec: spec) else { continue }
            let end = k * classes[classOfSpec[spec]].step + window.sizeMillis
            guard end <= watermark else { continue }
            if best == nil || end < best!.end { best = (spec, k, end) }
        }
        return best.map { ($0.spec, $0.window) }
    }
}

extension WindowEngine {
    /// The first window of spec `spec` not closed yet that holds a pane with events; `nil`: none.
    func nextWindowWithEvents(spec: Int) -> Int64? {
        let stepClass = classes[classOfSpec[spec]]
        let span = settings.windows[spec].sizeMillis / stepClass.step
        var oldestPane = Int64.max
        for pane in stepClass.panes.indices where pane >= nextWindow[spec] { oldestPane = min(oldestPane, pane) }
        guard oldestPane != .max else { return nil }
        return max(nextWindow[spec], oldestPane - span + 1)
    }
}

/// Euclid's algorithm; `greatestCommonDivisor(0, n) == n`.
func greatestCommonDivisor(_ a: Int64, _ b: Int64) -> Int64 {
    var (a, b) = (a, b)
    while b != 0 { (a, b) = (b, a % b) }
    return a
}
