/// The event-time window engine (contract section 3): slices, the watermark,
/// lateness, idle advance, and the KPI records of every closed window.
///
/// Pure: no clock, no socket, no logging. The caller passes each accepted
/// event with the wall-clock time it arrived, calls ``tick(nowMillis:)`` when
/// no event arrives, and takes the records with ``drainRecords(_:)``.
///
/// ## Slicing
/// Windows are grouped by their step (a tumbling window's step is its size).
/// Each step class keeps panes of that step; an event updates one pane per
/// step class and group, so its cost does not depend on how many windows
/// overlap (a 5m/10s window puts an event in 30 windows, but in one pane). A
/// window is assembled from its `size / step` panes when it closes. A pane is
/// freed as soon as every window of its class that contains it has closed.
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
        }
    }

    /// A published record: its topic and its JSON text.
    package typealias Record = (topic: String, payload: [UInt8])

    struct StepClass {
        let step: Int64
        var specs: [Int] = []
        var panes: [Int64: Pane] = [:]
    }

    let settings: Settings
    let hasher: ApplicantHasher
    let windowNames: [String]
    let publishRegion: Bool
    let publishChannel: Bool
    let paneSafetyCap: Int
    var classes: [StepClass] = []
    var classOfSpec: [Int] = []
    /// Per window spec: the index `k` of the next window not yet closed.
    var nextWindow: [Int64]
    package private(set) var lateBySpec: [UInt64]
    package internal(set) var foldedBySpec: [UInt64]
    var maxTimestamp: Int64?
    package private(set) var watermarkMillis: Int64?
    var watermarkAfterLastEvent: Int64 = 0
    var lastArrivalMillis: Int64 = 0
    var arrivals: UInt64 = 0
    var outbox: [Record] = []
    var writer = KPIRecordWriter()

    package init(settings: Settings) {
        self.settings = settings
        hasher = ApplicantHasher(key0: settings.applicantKey.0, key1: settings.applicantKey.1)
        windowNames = settings.windows.map(\.name)
        publishRegion = settings.breakdowns.contains(.region)
        publishChannel = settings.breakdowns.contains(.channel)
        paneSafetyCap = Pane.safetyCap(maxGroups: settings.maxGroups)
        nextWindow = Array(repeating: .min, count: settings.windows.count)
        lateBySpec = Array(repeating: 0, count: settings.windows.count)
        foldedBySpec = Array(repeating: 0, count: settings.windows.count)
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
    }

    /// Late events per window name, in configuration order.
    package var late: [(window: String, count: UInt64)] { Array(zip(windowNames, lateBySpec)) }
    /// Events folded into `other` groups per window name.
    package var folded: [(window: String, count: UInt64)] { Array(zip(windowNames, foldedBySpec)) }

    /// Windows that hold events and have not closed yet.
    package var openWindows: Int {
        var total = 0
        for (spec, window) in settings.windows.enumerated() {
            let stepClass = classes[classOfSpec[spec]]
            let span = window.sizeMillis / stepClass.step
            var open = Set<Int64>()
            for pane in stepClass.panes.keys {
                // A pane of a shared step class may be kept only for another window spec.
                let first = max(nextWindow[spec], pane - span + 1)
                if first <= pane { open.formUnion(first...pane) }
            }
            total += open.count
        }
        return total
    }

    /// Approximate heap bytes held by open panes.
    package var memoryBytes: Int { classes.reduce(0) { $0 + $1.panes.values.reduce(0) { $0 + $1.memoryBytes } } }

    /// Adds one accepted event that arrived at wall-clock `arrivalMillis`, then
    /// closes the windows the new watermark passes.
    package mutating func add(_ event: borrowing DecodedEvent, arrivalMillis: Int64) {
        let before = watermarkMillis
        let ts = event.timestampMillis
        arrivals += 1
        let serviceHash = ServiceHash.hash(event.service)
        let applicantHash = event.applicant.map { hasher.hash($0) }
        let domainIndex = event.domain
        let domain = UInt8(truncatingIfNeeded: domainIndex)
        let target = settings.slaServiceMicros[serviceHash]
            ?? settings.slaDomainMicros[domainIndex] ?? settings.slaDefaultMicros
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
            Self.update(
                &classes[index].panes[pane, default: Pane()],
                event: event,
                domain: domain,
                serviceHash: serviceHash,
                target: target,
                applicantHash: applicantHash,
                arrival: arrivals,
                safetyCap: paneSafetyCap,
                region: publishRegion,
                channel: publishChannel
            )
        }
        maxTimestamp = max(maxTimestamp ?? ts, ts)
        let candidate = maxTimestamp! - settings.allowedLatenessMillis
        watermarkMillis = max(watermarkMillis ?? candidate, candidate)
        watermarkAfterLastEvent = watermarkMillis!
        lastArrivalMillis = arrivalMillis
        closeDueWindows()
    }

    // Static so the compiler does not copy the engine to call it (measured-facts: struct copies).
    @inline(__always)
    private static func update(
        _ pane: inout Pane,
        event: borrowing DecodedEvent,
        domain: UInt8,
        serviceHash: UInt64,
        target: Int64?,
        applicantHash: UInt64?,
        arrival: UInt64,
        safetyCap: Int,
        region: Bool,
        channel: Bool
    ) {
        let status = event.status
        let duration = event.durationMicros
        let channelValue = event.channel
        let amount = event.amountTiyn
        let service = event.service
        func add(_ key: GroupKey) {
            let slot = pane.slot(for: key, safetyCap: safetyCap, serviceName: service)
            pane.withAccumulator(slot) {
                $0.add(
                    status: status,
                    durationMicros: duration,
                    slaTargetMicros: target,
                    channel: channelValue,
                    amountTiyn: amount,
                    applicantHash: applicantHash,
                    arrival: arrival
                )
            }
        }
        add(.domain(domain))
        // Service groups are kept even when not published: top_services needs them.
        add(GroupKey(domain: domain, dimension: .service, value: serviceHash))
        if region { add(GroupKey(domain: domain, dimension: .region, value: event.region)) }
        if channel { add(GroupKey(domain: domain, dimension: .channel, value: UInt64(channelValue.rawValue))) }
        add(.all)
    }

    /// Moves the watermark at wall-clock speed once `idleTimeout` has passed
    /// without events, and closes the windows it passes.
    package mutating func tick(nowMillis: Int64) {
        guard let watermark = watermarkMillis else { return }
        let idleFor = nowMillis - lastArrivalMillis - settings.idleTimeoutMillis
        guard idleFor > 0 else { return }
        let advanced = watermarkAfterLastEvent + idleFor
        if advanced > watermark {
            watermarkMillis = advanced
            closeDueWindows()
        }
    }

    /// Hands over the records of every window closed since the last call, in publication order.
    package mutating func drainRecords(_ body: (String, [UInt8]) throws -> Void) rethrows {
        defer { outbox.removeAll(keepingCapacity: true) }
        for record in outbox { try body(record.topic, record.payload) }
    }

    private mutating func closeDueWindows() {
        guard let watermark = watermarkMillis else { return }
        while let (spec, k) = nextDueWindow(watermark: watermark) {
            emit(spec: spec, window: k)
            nextWindow[spec] = k + 1
        }
        // Every window ending at or before W is now closed, with or without events.
        for (spec, window) in settings.windows.enumerated() {
            let step = window.everyMillis
            nextWindow[spec] = max(nextWindow[spec], floorDivide(watermark - window.sizeMillis, step) + 1)
        }
        for index in classes.indices {
            var oldestNeeded = Int64.max
            for spec in classes[index].specs { oldestNeeded = min(oldestNeeded, nextWindow[spec]) }
            // Checked first so the common case (nothing to free) allocates nothing.
            if classes[index].panes.keys.contains(where: { $0 < oldestNeeded }) {
                classes[index].panes = classes[index].panes.filter { $0.key >= oldestNeeded }
            }
        }
    }

    /// The window with events that ends first among those with `end <= watermark`.
    private func nextDueWindow(watermark: Int64) -> (spec: Int, window: Int64)? {
        var best: (spec: Int, window: Int64, end: Int64)?
        for (spec, window) in settings.windows.enumerated() {
            let stepClass = classes[classOfSpec[spec]]
            let span = window.sizeMillis / stepClass.step
            var oldestPane = Int64.max
            for pane in stepClass.panes.keys where pane >= nextWindow[spec] { oldestPane = min(oldestPane, pane) }
            guard oldestPane != .max else { continue }
            let k = max(nextWindow[spec], oldestPane - span + 1)
            let end = k * stepClass.step + window.sizeMillis
            guard end <= watermark else { continue }
            if best == nil || end < best!.end { best = (spec, k, end) }
        }
        return best.map { ($0.spec, $0.window) }
    }
}
