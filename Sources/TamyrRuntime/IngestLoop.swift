import Logging
import TamyrCore
import ZeroMQ

/// The ingest thread: owns the PULL and SUB sockets and the PUB sockets,
/// decodes every message in place, counts each event, and publishes
/// `status.tamyrd` on schedule.
///
/// Not `Sendable`: it is created on, used on and dropped on one thread,
/// because libzmq sockets are not thread-safe. Later issues split decoding
/// and aggregation into pipeline stages; the socket ownership stays as here.
final class IngestLoop {
    private let configuration: TamyrConfiguration
    private let logger: Logger
    private let stop: StopSignal
    private let ingest: [Socket]
    private let publishers: [Socket]
    private let startedMillis = WallClock.monotonicMillis()

    private var decoder: EventDecoder
    private var pipeline: EventPipeline
    private var json = JSONWriter(capacity: 4_096)

    /// Most messages read from one socket before the loop looks at the clock and
    /// the other sockets again, so one busy producer cannot starve status records.
    private static let receiveBudget = 4_096
    /// The key of the applicant hash. Fixed for now, so distinct counts merge
    /// across restarts; the security milestone replaces it with a secret kept in
    /// `state.dir`, since a known key lets anyone test guesses of an IIN.
    private static let applicantKey: (UInt64, UInt64) = (0x7461_6d79_7220_6170, 0x706c_6963_616e_7473)

    /// Longest `zmq_poll` wait, which bounds how late a stop request is seen.
    private static let pollSliceMillis: Int64 = 100

    /// Binds and connects every configured socket; throws on the first that fails,
    /// closing the ones already open.
    init(configuration: TamyrConfiguration, context: Context, stop: StopSignal, logger: Logger) throws {
        self.configuration = configuration
        self.logger = logger
        self.stop = stop
        decoder = EventDecoder(domains: configuration.kpi.domains, maxFutureSkewMillis: configuration.ingest.maxFutureSkewMillis)
        pipeline = EventPipeline(
            accounting: IngestAccounting(maxProducers: configuration.ingest.maxProducers),
            engine: WindowEngine(settings: .init(configuration, applicantKey: Self.applicantKey))
        )

        var opened: [Socket] = []
        do {
            var ingest: [Socket] = []
            for endpoint in configuration.ingest.pull {
                let socket = try Self.ingestSocket(.pull, configuration, context)
                opened.append(socket)
                try socket.bind(endpoint.text)
                ingest.append(socket)
            }
            for endpoint in configuration.ingest.subscribe {
                let socket = try Self.ingestSocket(.sub, configuration, context)
                opened.append(socket)
                if configuration.ingest.subscribeTopics.isEmpty {
                    try socket.subscribe("")
                } else {
                    for topic in configuration.ingest.subscribeTopics { try socket.subscribe(topic) }
                }
                try socket.connect(endpoint.text)
                ingest.append(socket)
            }
            var publishers: [Socket] = []
            for endpoint in configuration.publish.bind {
                let socket = try Socket(.pub, context: context)
                opened.append(socket)
                try socket.set(.sendHighWaterMark, to: Int32(clamping: configuration.publish.sendHighWaterMark))
                try socket.bind(endpoint.text)
                publishers.append(socket)
            }
            self.ingest = ingest
            self.publishers = publishers
        } catch {
            for socket in opened { socket.close() }
            throw error
        }
    }

    private static func ingestSocket(_ kind: SocketKind, _ configuration: TamyrConfiguration, _ context: Context) throws -> Socket {
        let socket = try Socket(kind, context: context)
        try socket.set(.receiveHighWaterMark, to: Int32(clamping: configuration.ingest.receiveHighWaterMark))
        try socket.set(.maxMessageSize, to: Int64(configuration.ingest.maxMessageBytes))
        return socket
    }

    /// Runs until `stop` is requested, then publishes a last status record and
    /// closes every socket (each with a bounded linger).
    func run() throws {
        defer {
            for socket in ingest + publishers { socket.close() }
        }
        var poller = Poller()
        for socket in ingest { _ = poller.add(socket, events: .readable) }
        let message = Message()
        let statusEvery = configuration.publish.statusEveryMillis
        var nextStatus = WallClock.monotonicMillis()

        while !stop.isRequested {
            let now = WallClock.monotonicMillis()
            if now >= nextStatus {
                try publishStatus()
                nextStatus = max(nextStatus + statusEvery, now)
            }
            let wait = min(Self.pollSliceMillis, max(0, nextStatus - now))
            if try poller.poll(timeout: .milliseconds(wait)) > 0 {
                for (index, socket) in ingest.enumerated() where poller.isReadable(index) {
                    try drain(socket, into: message)
                }
            }
            // The idle watermark: quiet streams still close their last windows.
            pipeline.engine.tick(nowMillis: WallClock.nowMillis())
            try publishRecords()
        }
        try publishStatus()
        logger.info("ingest stopped", metadata: ["received": "\(pipeline.accounting.totals.received)"])
    }

    /// Reads what is queued on `socket`, up to the budget, decoding each message's
    /// last frame (contract section 1: earlier frames, a topic say, are ignored).
    /// Records of windows this closes are published by `run` right after the drain.
    private func drain(_ socket: Socket, into message: Message) throws {
        var budget = Self.receiveBudget
        let nowMillis = WallClock.nowMillis()
        pipeline.arrivalMillis = nowMillis
        while budget > 0, try socket.receive(into: message, dontWait: true) {
            // libzmq delivers a multipart message atomically, so the rest of it is already here.
            if message.hasMore { continue }
            budget -= 1
            pipeline.accounting.totals.messages += 1
            message.withUnsafeBytes { payload in
                decoder.decode(payload, nowMillis: nowMillis, into: &pipeline)
            }
        }
    }

    /// Publishes the records of windows that closed, in the engine's order.
    private func publishRecords() throws {
        try pipeline.engine.drainRecords { topic, payload in
            for socket in publishers {
                try socket.send(topic, more: true)
                try payload.withUnsafeBytes { _ = try socket.send($0) }
            }
        }
    }

    private func publishStatus() throws {
        let totals = pipeline.accounting.totals
        let engine = pipeline.engine  // a copy-on-write snapshot; released before the engine mutates again
        let record = StatusRecord(
            nowMillis: WallClock.nowMillis(),
            uptimeMillis: WallClock.monotonicMillis() - startedMillis,
            watermarkMillis: engine.watermarkMillis,
            totals: totals,
            producers: pipeline.accounting.ledger.producers,
            late: engine.late,
            folded: engine.folded,
            openWindows: engine.openWindows
        )
        json.reset()
        record.write(to: &json)
        for socket in publishers {
            try socket.send(StatusRecord.topic, more: true)
            try json.bytes.withUnsafeBytes { _ = try socket.send($0) }
        }
    }
}
