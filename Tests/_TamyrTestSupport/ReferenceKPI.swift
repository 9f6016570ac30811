/// The brute-force reference for Tamyr's windowed KPI engine (wire contract
/// sections 2-5, with Tamyr's readings): every accepted event is kept in full
/// in every window it joins, and each KPI is recomputed from the raw events
/// with sorting, sets, dictionaries and exact arithmetic when the window
/// closes. Slow on purpose; independent of the engine on purpose.
///
/// Usage: `ReferenceKPI.run(inputs:config:)` (or `run(arrivals:ticks:config:)`),
/// then `ReferenceKPI.compare(published:expected:)`.
package enum ReferenceKPI {
    /// Runs `inputs` in order through a fresh ``ReferenceEngine``.
    package static func run(inputs: [ReferenceInput], config: ReferenceConfig) -> ReferenceResult {
        var engine = ReferenceEngine(config: config)
        for input in inputs { engine.apply(input) }
        return engine.result
    }

    /// Merges `arrivals` (in their given order, which must be by arrival time) with
    /// `ticks` (sorted here): a tick at `t` runs after every arrival with `atMillis <= t`.
    package static func run(arrivals: [(atMillis: Int64, line: String)], ticks: [Int64], config: ReferenceConfig) -> ReferenceResult {
        run(inputs: merge(arrivals: arrivals, ticks: ticks), config: config)
    }

    package static func merge(arrivals: [(atMillis: Int64, line: String)], ticks: [Int64]) -> [ReferenceInput] {
        var inputs: [ReferenceInput] = []
        var pending = ticks.sorted()[...]
        for arrival in arrivals {
            while let tick = pending.first, tick < arrival.atMillis {
                inputs.append(.tick(atMillis: tick))
                pending = pending.dropFirst()
            }
            inputs.append(.arrival(atMillis: arrival.atMillis, payload: Array(arrival.line.utf8)))
        }
        inputs += pending.map { .tick(atMillis: $0) }
        return inputs
    }
}

/// One step of the reference's input: an event line read off the wire at a
/// wall-clock time, or a wall-clock check for idleness.
package enum ReferenceInput: Sendable {
    /// One event (one JSON text, surrounding whitespace allowed) read at `atMillis`.
    case arrival(atMillis: Int64, payload: [UInt8])
    /// The daemon looks at the wall clock (idle watermark advance).
    case tick(atMillis: Int64)

    package static func arrival(atMillis: Int64, line: String) -> ReferenceInput {
        .arrival(atMillis: atMillis, payload: Array(line.utf8))
    }
}

/// The configuration the reference needs, as plain values (not TamyrConfiguration).
package struct ReferenceConfig: Sendable {
    package struct Window: Hashable, Sendable {
        package var sizeMillis: Int64
        package var everyMillis: Int64
        package var isHopping: Bool

        package static func tumbling(_ sizeMillis: Int64) -> Window {
            Window(sizeMillis: sizeMillis, everyMillis: sizeMillis, isHopping: false)
        }

        package static func hopping(_ sizeMillis: Int64, every everyMillis: Int64) -> Window {
            Window(sizeMillis: sizeMillis, everyMillis: everyMillis, isHopping: true)
        }

        /// `1m`, `1h`, `5m/10s`.
        package var name: String {
            isHopping ? "\(Self.durationName(sizeMillis))/\(Self.durationName(everyMillis))" : Self.durationName(sizeMillis)
        }

        /// An integer and the largest of s, m, h, d that divides the duration (ms as a last resort).
        package static func durationName(_ millis: Int64) -> String {
            for (unit, size) in [("d", Int64(86_400_000)), ("h", 3_600_000), ("m", 60_000), ("s", 1_000)]
            where millis % size == 0 && millis > 0 {
                return "\(millis / size)\(unit)"
            }
            return "\(millis)ms"
        }
    }

    /// Tumbling windows then hopping ones, in configuration order.
    package var windows: [Window] = [.tumbling(60_000), .tumbling(3_600_000), .hopping(300_000, every: 10_000)]
    package var allowedLatenessMillis: Int64 = 5_000
    package var idleTimeoutMillis: Int64 = 5_000
    package var domains: [String] = ["customs", "tax", "ecommerce"]
    /// A subset of service, region, channel, in configuration order.
    package var breakdowns: [String] = ["service", "region", "channel"]
    package var slaDefaultMillis: Int64? = 2_000
    package var slaDomainMillis: [String: Int64] = ["customs": 2_000, "tax": 1_000, "ecommerce": 500]
    package var slaServiceMillis: [String: Int64] = ["tax-certificate": 300]
    package var maxFutureSkewMillis: Int64 = 300_000
    /// kpi.max_groups: distinct values per window, domain and dimension before "other"; nil: no cap.
    package var maxGroups: Int? = nil
    /// ingest.max_producers: sources tracked for seq accounting.
    package var maxProducers: Int = 10_000

    package init() {}

    /// The SLA target of one event: its service's, else its domain's, else the default.
    package func slaTarget(service: String, domain: String) -> Int64? {
        slaServiceMillis[service] ?? slaDomainMillis[domain] ?? slaDefaultMillis
    }
}

/// Per-producer accounting (contract section 5).
package struct ReferenceProducer: Equatable, Sendable {
    package var lastSequence: Int64
    package var gaps: Int64 = 0
    package var duplicates: Int = 0

    package init(lastSequence: Int64, gaps: Int64 = 0, duplicates: Int = 0) {
        self.lastSequence = lastSequence
        self.gaps = gaps
        self.duplicates = duplicates
    }
}

/// One window instance: configuration index and window index k, covering
/// `[k*every, k*every + size)`.
package struct ReferenceWindowKey: Hashable, Sendable {
    package var window: Int
    package var index: Int64
}

/// Everything the reference predicts, up to the last input.
package struct ReferenceResult: Sendable {
    /// Every KPI record published, in publication order: windows by the step that closed
    /// them, then by end, then by configuration order; within a window as
    /// `ReferenceRecords.records` orders them (docs/protocol.md section 3).
    package var records: [ExpectedRecord] = []
    /// Per window name: events that missed a window of that name because it had closed.
    package var late: [String: Int] = [:]
    /// nil before the first accepted event.
    package var watermark: Int64?
    package var received = 0
    package var accepted = 0
    package var rejected: [String: Int] = [:]
    package var duplicates = 0
    package var producers: [String: ReferenceProducer] = [:]
    package var producersUntracked = 0
    /// Window instances holding at least one event and not published yet.
    package var openWindows = 0
    /// The verdict for each arrival, in input order.
    package var verdicts: [ReferenceVerdict] = []

    /// Records by (topic, start, group value), the key `compare` matches on.
    package var recordsByKey: [ExpectedRecord.Key: ExpectedRecord] {
        Dictionary(records.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
    }
}

/// The reference engine, stepped one input at a time.
package struct ReferenceEngine: Sendable {
    package let config: ReferenceConfig
    package private(set) var result = ReferenceResult()
    /// Events added to each window instance, in the order they were added.
    private var windowEvents: [ReferenceWindowKey: [ReferenceEvent]] = [:]
    private var maxTimestamp: Int64?
    private var watermarkAfterLastEvent: Int64 = 0
    private var lastArrival: Int64 = 0

    package init(config: ReferenceConfig) {
        self.config = config
        for window in config.windows { result.late[window.name] = 0 }
        for reason in ["malformed_json", "missing_field", "bad_type", "out_of_range", "unknown_domain", "future_ts"] {
            result.rejected[reason] = 0
        }
    }

    package mutating func apply(_ input: ReferenceInput) {
        switch input {
        case .arrival(let at, let payload): arrive(atMillis: at, payload: payload)
        case .tick(let at): tick(atMillis: at)
        }
    }

    /// One event line read off the wire at `atMillis`.
    package mutating func arrive(atMillis: Int64, payload: [UInt8]) {
        result.received += 1
        let verdict = verdict(atMillis: atMillis, payload: payload)
        result.verdicts.append(verdict)
        switch verdict {
        case .duplicate: result.duplicates += 1
        case .rejected(let reason): result.rejected[reason, default: 0] += 1
        case .accepted(let event):
            result.accepted += 1
            add(event, atMillis: atMillis)
        }
    }

    /// The daemon's idle check at wall time `atMillis`.
    package mutating func tick(atMillis: Int64) {
        guard let watermark = result.watermark else { return }
        let idle = atMillis - lastArrival - config.idleTimeoutMillis
        guard idle > 0 else { return }
        result.watermark = max(watermark, watermarkAfterLastEvent + idle)
        closeWindows()
    }

    private mutating func verdict(atMillis: Int64, payload: [UInt8]) -> ReferenceVerdict {
        guard let object = ReferenceJSON.parse(payload), case .object = object else { return .rejected("malformed_json") }
        if let (source, sequence) = ReferenceValidation.producerKey(object) {
            if var producer = result.producers[source] {
                if sequence <= producer.lastSequence {
                    producer.duplicates += 1
                    result.producers[source] = producer
                    return .duplicate
                }
                producer.gaps += sequence - producer.lastSequence - 1
                producer.lastSequence = sequence
                result.producers[source] = producer
            } else if result.producers.count < config.maxProducers {
                result.producers[source] = ReferenceProducer(lastSequence: sequence)
            } else {
                result.producersUntracked += 1
            }
        }
        return ReferenceValidation.validate(
            object, arrivalMillis: atMillis, domains: config.domains, maxFutureSkewMillis: config.maxFutureSkewMillis
        )
    }

    private mutating func add(_ event: ReferenceEvent, atMillis: Int64) {
        let before = result.watermark
        let ts = event.timestampMillis
        for (position, window) in config.windows.enumerated() {
            let first = ReferenceTime.floorDiv(ts - window.sizeMillis, window.everyMillis) + 1
            let last = ReferenceTime.floorDiv(ts, window.everyMillis)
            for index in stride(from: first, through: last, by: 1) {
                let end = index * window.everyMillis + window.sizeMillis
                if let before, end <= before {
                    result.late[window.name, default: 0] += 1
                } else {
                    windowEvents[ReferenceWindowKey(window: position, index: index), default: []].append(event)
                }
            }
        }
        maxTimestamp = max(maxTimestamp ?? ts, ts)
        let candidate = maxTimestamp! - config.allowedLatenessMillis
        result.watermark = max(result.watermark ?? candidate, candidate)
        watermarkAfterLastEvent = result.watermark!
        lastArrival = atMillis
        closeWindows()
    }

    private func end(_ key: ReferenceWindowKey) -> Int64 {
        let window = config.windows[key.window]
        return key.index * window.everyMillis + window.sizeMillis
    }

    /// Publishes every window with events whose end is at or below the watermark.
    private mutating func closeWindows() {
        guard let watermark = result.watermark else { return }
        // A closed window leaves `windowEvents`; no event can join it again, since its end stays <= W.
        let closing = windowEvents.keys.filter { end($0) <= watermark }
            .sorted { (end($0), $0.window, $0.index) < (end($1), $1.window, $1.index) }
        for key in closing {
            let window = config.windows[key.window]
            result.records += ReferenceRecords.records(
                window: window, startMillis: key.index * window.everyMillis, events: windowEvents[key]!, config: config
            )
            windowEvents[key] = nil
        }
        result.openWindows = windowEvents.count
    }
}
