import Glibc
import Logging
import TamyrCore
import TamyrPipeline
import ZeroMQ

/// The snapshot endpoint (`publish.snapshot`), part of the ingest stage and on its
/// thread: keeps the latest record of every series the PUB sockets sent
/// (``LatestRecords``) and answers ``SnapshotProtocol`` requests on its ROUTER sockets.
///
/// The ingest thread both sends records and answers requests, so a snapshot holds
/// exactly the latest of what was sent before it. Never blocks that thread: replies
/// go out with `dontWait`; a client that vanished is skipped (`EHOSTUNREACH` with
/// `ZMQ_ROUTER_MANDATORY`); a client whose queue is full (``sendHighWaterMark``
/// messages, a whole snapshot and then some) gets the rest of that reply dropped,
/// end marker included, and sees its request time out.
final class SnapshotServer {
    let sockets: [Socket]
    private let endpoints: [Endpoint]
    /// The PUB sockets, whose pending subscriptions are taken in before each snapshot.
    private let publishers: [Socket]
    private let cache: LatestRecords
    private let logger: Logger
    private let message = Message()
    private var json = JSONWriter(capacity: 256)
    private var identity: [UInt8] = []
    private var frames: [[UInt8]] = []
    private var uncachedLogged = false

    /// Requests answered per socket per loop turn: a snapshot of every series costs
    /// about a millisecond per thousand records, so a client asking in a loop cannot
    /// hold up ingest for long.
    private static let requestBudget = 4
    /// Frames of a request read at most; more make it invalid (and are read off and dropped).
    private static let maxFrames = 4
    /// Alert rules and other topics with one series each (`alert.<domain>.<rule>`), on top of the KPI topics.
    static let otherTopics = 1_024

    /// Topics whose latest record is state worth a snapshot; dead letters are events, not state.
    private static let keptPrefixes: [[UInt8]] = ["kpi.", "alert.", "status."].map { Array($0.utf8) }

    /// The bound of ``LatestRecords`` for `configuration`: every KPI topic (windows ×
    /// (domains + all) × (1 + breakdowns)), the status topic and ``otherTopics``; up to
    /// `kpi.max_groups` + 1 (`other`) series per topic, which only breakdown topics use.
    static func limits(_ configuration: TamyrConfiguration) -> LatestRecords.Limits {
        let windows = configuration.windows.all.count
        let kpiTopics = windows * (configuration.kpi.domains.count + 1) * (1 + configuration.kpi.breakdowns.count)
        return .init(maxTopics: kpiTopics + 1 + otherTopics, maxSeriesPerTopic: configuration.kpi.maxGroups + 1)
    }

    /// The largest number of series kept for `configuration` (the memory bound is this many
    /// records): windows × (domains × (1 + breakdowns × (max_groups + 1)) + 1) + 1 + ``otherTopics``.
    static func maxSeries(_ configuration: TamyrConfiguration) -> Int {
        let k = configuration.kpi
        let perDomain = 1 + k.breakdowns.count * (k.maxGroups + 1)
        return configuration.windows.all.count * (k.domains.count * perDomain + 1) + 1 + otherTopics
    }

    /// Binds a ROUTER socket on each `publish.snapshot` endpoint, CURVE as the PUB
    /// endpoints; sockets it opened are appended to `opened` so a failure closes them.
    init(
        configuration: TamyrConfiguration, credentials: CurveCredentials?, context: Context, publishers: [Socket],
        opened: inout [Socket], logger: Logger
    ) throws {
        self.logger = logger
        self.publishers = publishers
        endpoints = configuration.publish.snapshot
        cache = LatestRecords(limits: Self.limits(configuration))
        let highWaterMark = Int32(clamping: Self.maxSeries(configuration) + 16)
        var sockets: [Socket] = []
        for endpoint in configuration.publish.snapshot {
            let socket = try Socket(.router, context: context, linger: .zero)
            opened.append(socket)
            try socket.set(.routerMandatory, to: 1)
            try socket.set(.sendHighWaterMark, to: highWaterMark)
            try socket.set(.receiveHighWaterMark, to: 64)
            try socket.set(.maxMessageSize, to: 4_096)
            if configuration.publish.curve, let credentials {
                try socket.enableCurveServer(secretKey: credentials.server.secretKey, zapDomain: CurveAuthenticator.publishDomain)
            }
            try socket.bind(endpoint.text)
            sockets.append(socket)
        }
        self.sockets = sockets
    }

    /// Keeps a record just sent on the PUB sockets, if its topic is state.
    func keep(topic: UnsafeRawBufferPointer, series: UnsafeRawBufferPointer, payload: UnsafeRawBufferPointer) {
        guard Self.keptPrefixes.contains(where: { topic.starts(with: $0) }) else { return }
        if !cache.store(topic: topic, series: series, payload: payload) && !uncachedLogged {
            uncachedLogged = true
            logger.warning(
                "snapshot cache full: records of new topics are published but not kept for snapshots",
                metadata: ["topic": "\(String(decoding: topic, as: UTF8.self))", "topics": "\(cache.limits.maxTopics)"])
        }
    }

    /// Answers the requests queued on `sockets[index]`, up to ``requestBudget``.
    func answer(_ index: Int) throws {
        let socket = sockets[index]
        for _ in 0 ..< Self.requestBudget {
            guard try readRequest(socket) else { return }
            // A REQ client puts an empty delimiter before its frames and accepts exactly one
            // reply message: it gets every record in that one message.
            let isREQ = frames.count > 1 && frames[0].isEmpty
            let request = SnapshotProtocol.parse(isREQ ? Array(frames.dropFirst()) : frames)
            try reply(request, on: socket, isREQ: isREQ)
        }
    }

    /// Reads one request into `identity` and `frames`; false when none is queued.
    private func readRequest(_ socket: Socket) throws -> Bool {
        guard try socket.receive(into: message, dontWait: true) else { return false }
        identity = message.bytes
        frames.removeAll(keepingCapacity: true)
        var tooMany = false
        while message.hasMore {
            // libzmq delivers a message whole: the rest is queued already.
            guard try socket.receive(into: message, dontWait: true) else { break }
            if frames.count < Self.maxFrames { frames.append(message.bytes) } else { tooMany = true }
        }
        if tooMany { frames.append([]) }  // parse() refuses more than two frames
        return true
    }

    private func reply(_ request: SnapshotProtocol.Request, on socket: Socket, isREQ: Bool) throws {
        let prefix: String
        switch request {
        case .invalid(let problem):
            logger.debug("snapshot request refused", metadata: ["problem": "\(problem)"])
            SnapshotProtocol.errorPayload(problem, into: &json)
            var sender = ReplySender(socket: socket, identity: identity, isREQ: isREQ)
            _ = try sender.send(topic: SnapshotProtocol.errorTopic, payload: json.bytes, last: true)
            return
        case .snapshot(let asked):
            prefix = asked
        }
        // Take in subscriptions that reached the PUB sockets already: a client that
        // subscribed before asking then misses no record sent after this snapshot.
        for publisher in publishers { _ = try publisher.get(.events) }
        var sender = ReplySender(socket: socket, identity: identity, isREQ: isREQ)
        var prefixBytes = prefix
        let records = try prefixBytes.withUTF8 { wanted in
            try cache.forEach(prefix: UnsafeRawBufferPointer(wanted)) { topic, payload in
                _ = try sender.send(topic: topic, payload: payload, last: false)
            }
        }
        SnapshotProtocol.endPayload(prefix: prefix, records: records, into: &json)
        if try !sender.send(topic: SnapshotProtocol.endTopic, payload: json.bytes, last: true) {
            logger.debug("snapshot reply cut short: the client's queue is full or it left", metadata: ["records": "\(records)"])
        }
    }

    /// Sends one reply's messages to one client, and stops sending (for good) at the first
    /// that cannot be queued: a full queue or a client gone.
    private struct ReplySender {
        let socket: Socket
        let identity: [UInt8]
        let isREQ: Bool
        var started = false
        var dropped = false

        init(socket: Socket, identity: [UInt8], isREQ: Bool) {
            self.socket = socket
            self.identity = identity
            self.isREQ = isREQ
        }

        /// Returns false once anything of the reply was dropped.
        mutating func send(topic: UnsafeRawBufferPointer, payload: UnsafeRawBufferPointer, last: Bool) throws -> Bool {
            guard !dropped else { return false }
            // REQ: one message, [identity, "", topic, payload, topic, payload, ...]; DEALER: one per record.
            if !started || !isREQ {
                do {
                    guard try socket.send(identity, more: true, dontWait: true) else {
                        dropped = true
                        return false
                    }
                } catch let error as ZMQError where error.code == EHOSTUNREACH {
                    dropped = true
                    return false
                }
                if isREQ { try socket.send(UnsafeRawBufferPointer(start: nil, count: 0), more: true, dontWait: true) }
                started = true
            }
            // Once the first frame is queued libzmq takes the rest of the message.
            try socket.send(topic, more: true, dontWait: true)
            try socket.send(payload, more: isREQ && !last, dontWait: true)
            return true
        }

        mutating func send(topic: String, payload: [UInt8], last: Bool) throws -> Bool {
            var topic = topic
            return try topic.withUTF8 { t in
                try payload.withUnsafeBytes { try send(topic: UnsafeRawBufferPointer(t), payload: $0, last: last) }
            }
        }
    }
}
