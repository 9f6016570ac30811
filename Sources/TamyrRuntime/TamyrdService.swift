package import Logging
import ServiceLifecycle
package import TamyrCore
import TamyrPipeline
import ZeroMQ

/// tamyrd as a `Service`: opens the sockets, runs the ingest loop on a thread
/// of its own, and on graceful shutdown (SIGTERM, SIGINT) asks the loop to
/// stop, which it sees within 100 ms, publishes a last status and closes.
package struct TamyrdService: Service {
    package let configuration: TamyrConfiguration
    /// What the pipeline threads report for supervisors (systemd, HTTP health, metrics).
    package let health: DaemonHealth
    /// Where aggregation leaves its figures for `/metrics`; nil when nothing reads them.
    package let figures: PipelineFiguresBoard?
    /// Keys for the CURVE endpoints, already read and checked; nil when none uses CURVE.
    package let credentials: CurveCredentials?
    /// systemd's `READY=1`, `WATCHDOG=1` and `STOPPING=1`; does nothing outside systemd.
    package let notifier: SystemdNotifier
    /// Where a reload hands the pipeline threads their new settings.
    package let reloads: ReloadChannels
    package let logger: Logger

    package init(
        configuration: TamyrConfiguration, credentials: CurveCredentials?, health: DaemonHealth = DaemonHealth(),
        figures: PipelineFiguresBoard? = nil, notifier: SystemdNotifier = .disabled,
        reloads: ReloadChannels = ReloadChannels(logLevels: nil), logger: Logger
    ) {
        self.reloads = reloads
        self.configuration = configuration
        self.health = health
        self.figures = figures
        self.notifier = notifier
        self.credentials = credentials
        self.logger = logger
    }

    package func run() async throws {
        let stop = StopSignal()
        let configuration = self.configuration
        let credentials = self.credentials
        let logger = self.logger
        let health = self.health
        let notifier = self.notifier
        let reloads = self.reloads
        let figures = self.figures
        let state = try StateDirectory(path: configuration.state.directory)
        let applicantKey = try state.applicantKey()
        let store = CheckpointStore(directory: state.path)
        let checkpointer = Checkpointer(store: store, layout: CheckpointFormat.layout(of: configuration), logger: logger)
        let start = AggregationStage.restoredPipeline(configuration, applicantKey: applicantKey, store: store, logger: logger)
        let context = try Context(ioThreads: 1)
        let security = SecurityCounters()
        let lanes = PipelineLanes(
            messageBatchCount: Self.messageBatches,
            // Room for the largest message accepted plus a megabyte of small ones.
            batchBytes: configuration.ingest.maxMessageBytes + (1 << 20),
            batchMessages: Self.messagesPerBatch,
            recordBatchCount: 8,
            decodeWorkers: configuration.ingest.decodeWorkers(cores: UsableCores.count)
        )
        // One buffer of decoded events per message batch; it travels with the batch's handle.
        let decoded = lanes.decodeWorkers == 0
            ? nil
            : lanes.messageBatches.map { _ in
                DecodedEventBuffer(
                    capacity: Self.decodedEventsPerBatch, nameBytes: Self.decodedNameBytes, rawBytes: Self.decodedRawBytes)
            }
        try await withTaskCancellationHandler {
            try await withGracefulShutdownHandler {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        try await runOnDedicatedThread(named: "tamyr-checkpoint") { checkpointer.run() }
                    }
                    if let decoded {
                        for index in 0 ..< lanes.decodeWorkers {
                            group.addTask {
                                try await runOnDedicatedThread(named: "tamyr-decode-\(index)") {
                                    DecodeStage(
                                        index: index, lanes: lanes, buffers: decoded, configuration: configuration,
                                        applicantKey: applicantKey
                                    ).run()
                                }
                            }
                        }
                    }
                    group.addTask {
                        try await runOnDedicatedThread(named: "tamyr-aggregate") {
                            let stage: AggregationStage
                            do {
                                stage = try AggregationStage(
                                    configuration: configuration, start: start, checkpointer: checkpointer,
                                    context: context, lanes: lanes, security: security, health: health, figures: figures,
                                    logger: logger, watchdog: PipelineWatchdog(notifier: notifier, health: health),
                                    reloads: reloads.aggregation, decoded: decoded)
                            } catch {
                                lanes.finishAggregation()
                                checkpointer.stop()
                                throw StartupError(message: "cannot start aggregation: \(error)")
                            }
                            try stage.run()
                        }
                    }
                    group.addTask {
                        try await runOnDedicatedThread(named: "tamyr-ingest") {
                            let stage: IngestStage
                            do {
                                stage = try IngestStage(
                                    configuration: configuration, credentials: credentials, context: context, lanes: lanes,
                                    security: security, health: health, allowLists: reloads.allowLists, stop: stop,
                                    logger: logger
                                )
                            } catch let error as ZMQError {
                                lanes.finishIngest()
                                lanes.closeIngest()
                                throw StartupError(message: "cannot open sockets: \(error)")
                            }
                            logger.info(
                                "tamyrd ready",
                                metadata: [
                                    "pull": "\(configuration.ingest.pull.map(\.text))",
                                    "subscribe": "\(configuration.ingest.subscribe.map(\.text))",
                                    "publish": "\(configuration.publish.bind.map(\.text))",
                                    "snapshot": "\(configuration.publish.snapshot.map(\.text))",
                                    "decode_workers": "\(lanes.decodeWorkers)",
                                ]
                            )
                            if let credentials { Self.logCurve(credentials, configuration, logger) }
                            // Sockets open and the checkpoint restored (before any thread started).
                            health.markReady()
                            notifier.ready(status: "started")
                            try stage.run()
                        }
                    }
                    try await group.waitForAll()
                }
            } onGracefulShutdown: {
                notifier.stopping()
                stop.request()
            }
        } onCancel: {
            notifier.stopping()
            stop.request()
        }
    }

    /// One line an operator can act on: which endpoints require CURVE, how many keys each
    /// allows, and tamyrd's public key, the one clients configure as their server key.
    private static func logCurve(_ credentials: CurveCredentials, _ configuration: TamyrConfiguration, _ logger: Logger) {
        func describe(_ list: ClientAllowList?) -> Logger.MetadataValue {
            list.map { "\($0.keys.count) keys from \($0.source)" } ?? "plain"
        }
        logger.info(
            "CURVE on",
            metadata: [
                "server_key": "\(credentials.server.publicKey)",
                "ingest": describe(credentials.producers),
                "publish": describe(credentials.consumers),
            ]
        )
    }

    /// Message batches in the pool: with up to 4,096 messages each, enough to
    /// keep aggregation busy through a scheduling hiccup of the ingest thread.
    static let messageBatches = 8
    static let messagesPerBatch = 4_096
    /// Events a decode worker decodes ahead per message batch: a full batch of
    /// NDJSON (2 MiB of 220-byte events) is about 9,500; past this, or past the
    /// arenas, aggregation decodes the rest itself. 96 bytes each.
    static let decodedEventsPerBatch = 12_288
    /// Room for the events' `service` and `src` values (about 25 bytes an event in the synthetic stream).
    static let decodedNameBytes = 512 << 10
    /// Room for rejected events' raw records (for the dead letters).
    static let decodedRawBytes = 256 << 10
}

/// A start-up failure worth one clear line to the operator, not a stack trace.
package struct StartupError: Error, CustomStringConvertible {
    package var message: String
    package init(message: String) { self.message = message }
    package var description: String { message }
}
