import TamyrCore

/// The daemon's aggregation path on one configuration, driven as the
/// aggregation stage drives it: `EventDecoder.decode(_:nowMillis:feeding:)`
/// into an ``EventPipeline`` (accounting, then the window engine), idle ticks,
/// and every record the engine hands over.
struct PipelineRun {
    let configuration: TamyrConfiguration
    var decoder: EventDecoder
    var pipeline: EventPipeline
    /// Every record drained so far, in publication order.
    var records: [(topic: String, payload: [UInt8])] = []
    /// The wall clock of the last message or tick.
    private(set) var nowMillis: Int64

    init(_ configuration: TamyrConfiguration, startMillis: Int64) {
        self.configuration = configuration
        decoder = EventDecoder(domains: configuration.kpi.domains, maxFutureSkewMillis: configuration.ingest.maxFutureSkewMillis)
        pipeline = EventPipeline(
            accounting: IngestAccounting(maxProducers: FuzzSettings.maxProducers),
            engine: WindowEngine(settings: .init(configuration, applicantKey: FuzzSettings.applicantKey)))
        nowMillis = startMillis
    }

    /// One message read at `arrivalMillis` (which must not go back in time).
    mutating func receive(_ message: UnsafeRawBufferPointer, at arrivalMillis: Int64) {
        nowMillis = arrivalMillis
        pipeline.arrivalMillis = arrivalMillis
        pipeline.accounting.totals.messages += 1
        decoder.decode(message, nowMillis: arrivalMillis, feeding: &pipeline)
        drain()
    }

    /// The idle watermark check the aggregation stage makes every 50 ms.
    mutating func tick(at millis: Int64) {
        nowMillis = millis
        pipeline.engine.tick(nowMillis: millis)
        drain()
    }

    /// Lets so much wall-clock time pass without events that every window
    /// closes: the idle watermark then lies past the year 9999, the latest
    /// time an event may carry.
    mutating func closeEverything() {
        let idle = configuration.windows.idleTimeoutMillis
        let latestWindowEnd: Int64 = 253_402_300_800_000 + 3_600_000
        // The watermark moves from where it stood at wall-clock speed, so this
        // much more time takes it past every window's end whatever it was.
        let lowestWatermark = -configuration.windows.allowedLatenessMillis
        tick(at: nowMillis + idle + 1 + (latestWindowEnd - lowestWatermark))
    }

    private mutating func drain() {
        var drained: [(topic: String, payload: [UInt8])] = []
        pipeline.engine.drainRecords { drained.append(($0, $1)) }
        records += drained
    }

    /// The `status.tamyrd` record the aggregation stage would publish now.
    mutating func statusRecord() -> [UInt8] {
        let engine = pipeline.engine
        let record = StatusRecord(
            nowMillis: nowMillis, uptimeMillis: 0, watermarkMillis: engine.watermarkMillis,
            totals: pipeline.accounting.totals, producers: pipeline.accounting.ledger.producers,
            late: engine.late, folded: engine.folded, openWindows: engine.openWindows)
        var json = JSONWriter(capacity: 1_024)
        record.write(to: &json)
        return json.bytes
    }
}
