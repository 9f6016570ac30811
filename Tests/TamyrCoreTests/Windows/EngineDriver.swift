import Foundation
import TamyrCore

/// Drives the real decoder and window engine with JSON lines and wall-clock
/// times, and collects the published records parsed by Foundation.
struct EngineDriver {
    var pipeline: EventPipeline
    var decoder: EventDecoder
    var records: [(topic: String, record: [String: Any])] = []
    /// The records as published: topic and JSON bytes.
    var payloads: [(topic: String, payload: [UInt8])] = []
    let configuration: TamyrConfiguration

    /// `futureSkewMillis`: hand-written cases use event times far from their
    /// small arrival numbers, so by default nothing is `future_ts`.
    init(futureSkewMillis: Int64 = .max / 4, _ configure: (inout TamyrConfiguration) -> Void) {
        var configuration = TamyrConfiguration()
        configure(&configuration)
        self.configuration = configuration
        decoder = EventDecoder(domains: configuration.kpi.domains, maxFutureSkewMillis: futureSkewMillis)
        pipeline = Self.freshPipeline(configuration)
    }

    static func freshPipeline(_ configuration: TamyrConfiguration, applicantKey: (UInt64, UInt64) = (1, 2)) -> EventPipeline {
        EventPipeline(
            accounting: IngestAccounting(maxProducers: 100),
            engine: WindowEngine(settings: .init(configuration, applicantKey: applicantKey))
        )
    }

    /// Writes a checkpoint of the pipeline as the daemon does, and returns its bytes.
    mutating func checkpoint(at now: Int64) -> [UInt8] {
        pipeline.engine.prepareForCheckpoint()
        var writer = CheckpointWriter()
        CheckpointFormat.encode(pipeline, layout: CheckpointFormat.layout(of: configuration), writtenAtMillis: now, into: &writer)
        return writer.bytes
    }

    /// Replaces the pipeline with a new one restored from `bytes`, as a restarted daemon would.
    mutating func restart(from bytes: [UInt8], at now: Int64) throws {
        var fresh = Self.freshPipeline(configuration)
        try CheckpointFormat.restore(bytes, layout: CheckpointFormat.layout(of: configuration), nowMillis: now, into: &fresh)
        pipeline = fresh
    }

    /// Records are drained after this many events (and at every tick), as the daemon drains
    /// them after each message: more than 1 plays an NDJSON message of that many events.
    var drainEvery = 1
    private var sentSinceDrain = 0

    mutating func send(_ line: String, at arrival: Int64) {
        pipeline.arrivalMillis = arrival
        var bytes = Array(line.utf8)
        bytes.withUnsafeMutableBytes { decoder.decode(UnsafeRawBufferPointer($0), nowMillis: arrival, into: &pipeline) }
        sentSinceDrain += 1
        if sentSinceDrain >= drainEvery { collect() }
    }

    mutating func tick(_ now: Int64) {
        pipeline.engine.tick(nowMillis: now)
        collect()
    }

    /// The daemon's tick: `quiet` milliseconds watched without a message since the last one.
    mutating func tick(quietFor quiet: Int64) {
        pipeline.engine.tick(quietForMillis: quiet)
        collect()
    }

    /// Drains the records of the windows closed since the last drain.
    mutating func collect() {
        sentSinceDrain = 0
        var collected: [(String, [String: Any])] = []
        var raw: [(String, [UInt8])] = []
        pipeline.engine.drainRecords { topic, payload in
            let object = (try? JSONSerialization.jsonObject(with: Data(payload))) as? [String: Any] ?? ["unparsable": true]
            collected.append((topic, object))
            raw.append((topic, payload))
        }
        records.append(contentsOf: collected)
        payloads.append(contentsOf: raw)
    }

    func records(_ topic: String) -> [[String: Any]] { records.filter { $0.topic == topic }.map(\.record) }

    var late: [String: UInt64] { Dictionary(uniqueKeysWithValues: pipeline.engine.late.map { ($0.window, $0.count) }) }
}

/// A valid event line.
func event(
    _ ts: Int64, domain: String = "tax", service: String = "vat-return", status: String = "ok",
    duration: String = "100", extra: String = ""
) -> String {
    #"{"id":"e","ts":\#(ts),"domain":"\#(domain)","service":"\#(service)","status":"\#(status)","duration_ms":\#(duration)\#(extra)}"#
}

extension Dictionary where Key == String, Value == Any {
    func number(_ key: String) -> Double? { (self[key] as? NSNumber)?.doubleValue }
    func count() -> Int { (self["count"] as? NSNumber)?.intValue ?? -1 }
}
