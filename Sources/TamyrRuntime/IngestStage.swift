import Glibc
import Logging
import TamyrCore
import TamyrPipeline
import ZeroMQ

/// The ingest stage, on the thread `tamyr-ingest`: owns every socket (PULL,
/// SUB, PUB, the snapshot ROUTERs, the inproc wake-up socket and, with CURVE, the ZAP handler),
/// copies each received message's payload into a pooled ``MessageBatch`` and
/// hands full batches to aggregation; sends the records aggregation hands
/// back, keeping the latest of each series for the snapshot endpoint, and answers
/// its requests; answers CURVE handshakes, also while it has stopped reading.
///
/// Not `Sendable`: created on, used on and dropped on its one thread, because
/// libzmq sockets are not thread-safe (rule 6).
final class IngestStage {
    private let configuration: TamyrConfiguration
    private let logger: Logger
    private let stop: StopSignal
    private let lanes: PipelineLanes
    /// Batches handed over so far: batch k goes to decode worker k mod W (PipelineLanes).
    private var handedOver: UInt64 = 0
    private let health: DaemonHealth
    /// A reload's allow-lists, read again from their files, for the ZAP handler.
    private let allowLists: Mailbox<LiveAllowLists>
    private let ingest: [Socket]
    private let publishers: [Socket]
    private let wake: Socket
    /// The snapshot endpoint: the latest record per series, and its ROUTER sockets.
    private let snapshot: SnapshotServer
    /// The ZAP handler, when any endpoint uses CURVE.
    private let authenticator: CurveAuthenticator?
    /// Bytes kept free in a batch before each receive: the largest message accepted.
    private let headroom: Int

    /// Most messages read from one socket per loop turn, so one busy producer
    /// cannot starve the others or the records waiting to be sent.
    private static let receiveBudget = 4_096
    /// Longest `zmq_poll` wait, which bounds how late a stop request is seen.
    private static let pollSliceMillis: Int64 = 100
    /// Longest wait, after a stop, for aggregation to hand back its last records.
    private static let drainTimeoutMillis: Int64 = 5_000

    /// The inproc endpoint aggregation pokes after pushing records, so that a
    /// sleeping `zmq_poll` returns at once (window close to publication stays
    /// in the sub-millisecond range at any input rate).
    static func wakeEndpoint(for lanes: PipelineLanes) -> String {
        "inproc://tamyr-wake-\(ObjectIdentifier(lanes).hashValue)"
    }

    /// Binds and connects every configured socket; throws on the first that fails,
    /// closing the ones already open. With `credentials`, the ZAP handler is bound
    /// first, so no CURVE handshake can happen without it (libzmq would let any key in).
    init(
        configuration: TamyrConfiguration,
        credentials: CurveCredentials?,
        context: Context,
        lanes: PipelineLanes,
        security: SecurityCounters,
        health: DaemonHealth,
        allowLists: Mailbox<LiveAllowLists>,
        stop: StopSignal,
        logger: Logger
    ) throws {
        self.configuration = configuration
        self.logger = logger
        self.stop = stop
        self.lanes = lanes
        self.health = health
        self.allowLists = allowLists
        headroom = configuration.ingest.maxMessageBytes
        var opened: [Socket] = []
        var authenticator: CurveAuthenticator?
        do {
            let wake = try Socket(.pull, context: context, linger: .zero)
            opened.append(wake)
            try wake.bind(Self.wakeEndpoint(for: lanes))
            if let credentials {
                authenticator = try CurveAuthenticator(context: context, credentials: credentials, counters: security, logger: logger)
            }
            var ingest: [Socket] = []
            for endpoint in configuration.ingest.pull {
                let socket = try Self.ingestSocket(.pull, configuration, context)
                opened.append(socket)
                if configuration.ingest.curve, let credentials {
                    try socket.enableCurveServer(secretKey: credentials.server.secretKey, zapDomain: CurveAuthenticator.ingestDomain)
                }
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
                if configuration.publish.curve, let credentials {
                    try socket.enableCurveServer(secretKey: credentials.server.secretKey, zapDomain: CurveAuthenticator.publishDomain)
                }
                try socket.bind(endpoint.text)
                publishers.append(socket)
            }
            // After the PUB sockets: a snapshot client also subscribes, and finds them bound.
            snapshot = try SnapshotServer(
                configuration: configuration, credentials: credentials, context: context, publishers: publishers,
                opened: &opened, logger: logger)
            self.wake = wake
            self.ingest = ingest
            self.publishers = publishers
            self.authenticator = authenticator
        } catch {
            for socket in opened { socket.close() }
            authenticator?.close()
            throw error
        }
    }

    private static func ingestSocket(_ kind: SocketKind, _ configuration: TamyrConfiguration, _ context: Context) throws -> Socket {
        let socket = try Socket(kind, context: context)
        try socket.set(.receiveHighWaterMark, to: Int32(clamping: configuration.ingest.receiveHighWaterMark))
        try socket.set(.maxMessageSize, to: Int64(configuration.ingest.maxMessageBytes))
        return socket
    }

    /// Runs until `stop` is requested (or aggregation ended), then stops reading,
    /// hands over the last batch, sends every record aggregation still produces
    /// (its last status among them), and closes every socket.
    func run() throws {
        defer {
            lanes.finishIngest()
            lanes.closeIngest()
            for socket in [wake] + ingest + publishers + snapshot.sockets { socket.close() }
            authenticator?.close()
        }
        var poller = Poller()
        _ = poller.add(wake, events: .readable)
        // Poller indices: the wake socket, the ZAP handler when there is one, the ingest
        // sockets, then the snapshot sockets.
        let zapIndex = authenticator.map { poller.add($0.socket, events: .readable) }
        let firstIngest = poller.count
        for socket in ingest { _ = poller.add(socket, events: .readable) }
        let firstSnapshot = poller.count
        for socket in snapshot.sockets { _ = poller.add(socket, events: .readable) }
        let message = Message()
        var backoff = IdleBackoff(maximumMicros: 1_000)
        // The batch being filled: a local, not a stored property, so the
        // per-message path pays no dynamic exclusivity check.
        var current: Current?
        // How long this thread has watched its ingest sockets stay empty since it last
        // read from one (PipelineLanes.markIngestQuiet): the idle watermark's clock.
        var quietMillis: Int64 = 0

        while !stop.isRequested && !lanes.aggregationFinished {
            health.ingestBeat(WallClock.monotonicMillis())
            if let (generation, lists) = allowLists.take() {
                authenticator?.replace(producers: lists.producers, consumers: lists.consumers)
                allowLists.done(generation)
            }
            try sendRecords()
            if current == nil { current = acquireBatch() }
            if current == nil {
                // Aggregation is behind and holds every batch: read nothing, so
                // ZeroMQ's receive high-water mark fills and pushes back on producers.
                // Handshakes still get their answer: a client must not time out
                // because tamyrd is busy.
                try authenticator?.answerPending()
                backoff.wait()
                continue
            }
            backoff.reset()
            let pollStarted = WallClock.monotonicMillis()
            var ingestReadable = false
            if try poller.poll(timeout: .milliseconds(Self.pollSliceMillis)) > 0 {
                if poller.isReadable(0) { try drainWake(message) }
                if let zapIndex, poller.isReadable(zapIndex) { try authenticator?.answerPending() }
                for (index, socket) in ingest.enumerated() where poller.isReadable(firstIngest + index) {
                    ingestReadable = true
                    try drain(socket, into: message, &current)
                }
                for index in snapshot.sockets.indices where poller.isReadable(firstSnapshot + index) {
                    try snapshot.answer(index)
                }
            }
            if ingestReadable {
                quietMillis = 0
            } else {
                // zmq_poll reports every socket as it stands at its return, and only this
                // thread reads them: the ingest sockets were empty for the whole wait. A
                // wait longer than the slice means the process stood still (or the
                // machine did) meanwhile; it counts for the slice, the rest was not watched.
                let waited = WallClock.monotonicMillis() - pollStarted
                quietMillis += min(max(waited, 0), Self.pollSliceMillis)
                lanes.markIngestQuiet(forMillis: quietMillis, handedOver: handedOver)
            }
            // Hand over what this turn read: at low rates, latency beats batch size.
            handOver(&current)
        }
        if stop.isRequested && !lanes.aggregationFinished { try drainOnStop(message, &current) }
        handOver(&current)
        lanes.finishIngest()
        let deadline = WallClock.monotonicMillis() + Self.drainTimeoutMillis
        while !lanes.aggregationFinished && WallClock.monotonicMillis() < deadline {
            try sendRecords()
            try authenticator?.answerPending()
            if try poller.poll(timeout: .milliseconds(10)) > 0, poller.isReadable(0) { try drainWake(message) }
        }
        try sendRecords()
        logger.info("ingest stopped")
    }

    /// The graceful stop's last read: what libzmq has already taken off the
    /// wire for tamyrd is read and aggregated, not dropped with the socket.
    ///
    /// Producers' connections are closed first (`zmq_unbind`; SUB sockets
    /// disconnect), so that the queue stops growing while aggregation drains
    /// and the checkpoint is written: a PUSH producer keeps its unsent messages
    /// for the next tamyrd instead of streaming them into a socket about to
    /// close. What is lost is only what was inside the TCP connection at that
    /// instant (docs/operations.md has the measurements); the producer's `seq`
    /// gaps show it.
    private func drainOnStop(_ message: Message, _ current: inout Current?) throws {
        let before = try drainQueued(message, &current)
        let pulls = configuration.ingest.pull.count
        for (index, socket) in ingest.enumerated() {
            if index < pulls {
                try? socket.unbind(configuration.ingest.pull[index].text)
            } else {
                try? socket.disconnect(configuration.ingest.subscribe[index - pulls].text)
            }
        }
        // libzmq's I/O thread closes the connections asynchronously and may still
        // deliver what it had read off them: read until 20 ms pass with nothing new.
        var after = 0
        var quietSince = WallClock.monotonicMillis()
        while WallClock.monotonicMillis() - quietSince < 20 {
            let read = try drainQueued(message, &current)
            if read > 0 { quietSince = WallClock.monotonicMillis() }
            after += read
            usleep(1_000)
        }
        logger.info("ingest stopped reading", metadata: ["messages_read_after_stop": "\(before + after)"])
    }

    private func drainQueued(_ message: Message, _ current: inout Current?) throws -> Int {
        var read = 0
        for socket in ingest {
            while true {
                let count = try drain(socket, into: message, &current)
                read += count
                if current == nil {
                    // Aggregation holds every batch: wait for one, the stop can afford it.
                    usleep(100)
                } else if count < Self.receiveBudget {
                    break
                }
            }
        }
        return read
    }

    /// A message batch being filled, and its handle.
    struct Current {
        var handle: Int32
        var batch: MessageBatch
    }

    /// Reads what is queued on `socket`, up to the budget and while a batch has
    /// room, keeping each message's last frame (contract section 1: earlier
    /// frames, a topic say, are ignored).
    /// Returns how many messages it read: fewer than the budget with a batch
    /// still at hand means the socket's queue is empty.
    @discardableResult
    private func drain(_ socket: Socket, into message: Message, _ current: inout Current?) throws -> Int {
        var budget = Self.receiveBudget
        while budget > 0 {
            if current == nil { current = acquireBatch() }
            guard let batch = current?.batch else { break }
            // One batch at a time, held in a local: taking it out of `current` for each
            // message cost a retain and a release per message (2% of tamyrd's profile).
            var queueEmpty = false
            while budget > 0 && batch.fits(headroom) {
                guard try socket.receive(into: message, dontWait: true) else {
                    queueEmpty = true
                    break
                }
                // libzmq delivers a multipart message atomically, so the rest of it is already here.
                if message.hasMore { continue }
                budget -= 1
                if batch.isEmpty {
                    batch.arrivalMillis = WallClock.nowMillis()
                    batch.receivedAtMonotonicNanos = WallClock.monotonicNanos()
                }
                message.withUnsafeBytes { batch.append($0) }
            }
            if queueEmpty { break }
            if !batch.fits(headroom) {
                handOver(&current)
                // A turn of batches of 100 events reads up to 409,600 events (tens of ms):
                // records of windows closed meanwhile go out now, not after it (close to
                // publication p99 was 40 ms in batches of 100, 9 ms one event per message).
                try sendRecords()
            }
        }
        return Self.receiveBudget - budget
    }

    private func acquireBatch() -> Current? {
        lanes.freeMessages.pop().map { Current(handle: $0, batch: lanes.messageBatches[Int($0)]) }
    }

    private func handOver(_ current: inout Current?) {
        guard let full = current, !full.batch.isEmpty else { return }
        // Cannot fail: the ring holds every handle of the pool.
        _ = lanes.ingestRing(forBatch: handedOver).push(full.handle)
        handedOver &+= 1
        current = nil
    }

    private func drainWake(_ message: Message) throws {
        while try wake.receive(into: message, dontWait: true) {}
    }

    /// Sends every record batch aggregation handed back, in order, and returns them.
    private func sendRecords() throws {
        while let handle = lanes.fullRecords.pop() {
            let batch = lanes.recordBatches[Int(handle)]
            try batch.forEachSeries { topic, series, payload in
                for socket in publishers {
                    _ = try socket.send(topic, more: true)
                    _ = try socket.send(payload)
                }
                snapshot.keep(topic: topic, series: series, payload: payload)
            }
            let closed = batch.closedAtMonotonicNanos
            let received = batch.receivedAtMonotonicNanos
            batch.reset()
            let sent = WallClock.monotonicNanos()
            batch.publishDelayMicros = closed == 0 ? nil : Int64((sent &- closed) / 1_000)
            batch.latencyMicros = received == 0 ? nil : Int64((sent &- received) / 1_000)
            _ = lanes.freeRecords.push(handle)
        }
    }
}
