/// Tamyr's validated configuration: every value here has passed its checks,
/// so the rest of the program never re-validates (rule 8).
///
/// Defaults live here, in one place; `ConfigurationKeys` lists every key with
/// its default for the unknown-key check, `tamyr check-config` and the docs.
package struct TamyrConfiguration: Sendable, Equatable {
    package struct Ingest: Sendable, Equatable {
        /// Bound PULL endpoints (producers connect PUSH sockets).
        package var pull: [Endpoint] = [Endpoint(text: "tcp://127.0.0.1:7101")]
        /// PUB endpoints of producers to connect SUB sockets to.
        package var subscribe: [Endpoint] = []
        /// Topic prefixes for the SUB sockets; empty means every topic.
        package var subscribeTopics: [String] = []
        /// Larger messages make libzmq drop the connection (`ZMQ_MAXMSGSIZE`).
        package var maxMessageBytes: Int = 1_048_576
        /// Events whose `ts` is further ahead of the wall clock are `future_ts`.
        package var maxFutureSkewMillis: Int64 = 300_000
        /// Messages queued per ingest socket before producers block (`ZMQ_RCVHWM`).
        package var receiveHighWaterMark: Int = 1_000
        /// Most producers (`src`) tracked for seq accounting; more are counted as untracked.
        package var maxProducers: Int = 10_000
        /// Threads that decode messages ahead of aggregation; `nil` is `auto`
        /// (``decodeWorkers(cores:)``); 0 decodes on the aggregation thread.
        package var decodeWorkers: Int?

        /// The decode workers to start on a machine with `cores` cores: the
        /// configured count, or for `auto` one per core beyond the second, at most
        /// ``maxAutoDecodeWorkers`` (aggregation stays one thread, and each worker
        /// decodes about as fast as aggregation consumes).
        ///
        /// Beyond the second: aggregation, the ingest thread and libzmq's I/O thread
        /// already fill two cores at one event per message, and a worker adds about
        /// 0.1-0.2 µs of CPU per event (the hand-off). `make bench` on two cores, same
        /// run: one worker gave 0.86x events/s one event per message and 1.17x in
        /// batches of 100, and about 10 MB more resident in steady state.
        package func decodeWorkers(cores: Int) -> Int {
            decodeWorkers ?? min(max(cores - 2, 0), Self.maxAutoDecodeWorkers)
        }
        package static let maxAutoDecodeWorkers = 2
        /// The `pull` endpoints require CurveZMQ; only keys in `curveClients` may connect.
        package var curve: Bool = false
        /// Allow-list of producer public keys (a file, or a directory of `*.pub` files); set exactly when `curve`.
        package var curveClients: String?
    }

    package struct Publish: Sendable, Equatable {
        /// Bound PUB endpoints for KPI, alert and status records.
        package var bind: [Endpoint] = [Endpoint(text: "tcp://127.0.0.1:7102")]
        /// Bound ROUTER endpoints answering snapshot requests (the latest record per series); empty disables.
        package var snapshot: [Endpoint] = [Endpoint(text: "tcp://127.0.0.1:7103")]
        package var statusEveryMillis: Int64 = 5_000
        /// Records queued per subscriber before libzmq drops for that subscriber (`ZMQ_SNDHWM`).
        package var sendHighWaterMark: Int = 100_000
        /// The `bind` endpoints require CurveZMQ; only keys in `curveClients` may subscribe.
        package var curve: Bool = false
        /// Allow-list of consumer public keys (a file, or a directory of `*.pub` files); set exactly when `curve`.
        package var curveClients: String?
    }

    package struct Windows: Sendable, Equatable {
        package var allowedLatenessMillis: Int64 = 5_000
        package var idleTimeoutMillis: Int64 = 5_000
        package var tumbling: [WindowSpec] = [WindowSpec(tumbling: 60_000), WindowSpec(tumbling: 3_600_000)]
        package var hopping: [WindowSpec] = [WindowSpec(hopping: 300_000, every: 10_000)]

        /// Tumbling then hopping, in configuration order.
        package var all: [WindowSpec] { tumbling + hopping }
    }

    package enum Breakdown: String, Sendable, CaseIterable { case service, region, channel }

    package struct KPI: Sendable, Equatable {
        package var domains: [String] = ["customs", "tax", "ecommerce"]
        package var breakdowns: [Breakdown] = [.service, .region, .channel]
        /// Groups per window, domain and breakdown before further values fold into `other`.
        package var maxGroups: Int = 1_000
    }

    package struct SLA: Sendable, Equatable {
        /// Target for events whose service and domain have none; nil means no target.
        package var defaultMillis: Int64? = 2_000
        package var domainMillis: [String: Int64] = ["customs": 2_000, "tax": 1_000, "ecommerce": 500]
        package var serviceMillis: [String: Int64] = ["tax-certificate": 300]
    }

    package struct State: Sendable, Equatable {
        package var directory: String = "var/state"
        /// Interval between checkpoints; one is also written on every graceful stop.
        package var checkpointEveryMillis: Int64 = 10_000
    }

    /// Rejected events kept for operators (issue 5, dead letters).
    package struct DeadLetters: Sendable, Equatable {
        /// Most kept per second of arrival time; 0 keeps none.
        package var perSecond: Int = 100
        /// Bytes of each raw event kept.
        package var messageBytes: Int = 2_048
        package var fileBytes: Int = 10_485_760
        /// Rotated files kept besides the current one.
        package var files: Int = 3
        package var publish = false
    }

    package struct Security: Sendable, Equatable {
        /// The daemon's Z85 CURVE secret key; set exactly when `ingest.curve` or `publish.curve`.
        package var curveSecretKeyFile: String?
        /// Plain TCP on non-loopback addresses is refused unless this is true.
        package var allowPlaintext: Bool = false
    }

    /// The HTTP endpoint for Prometheus and supervisors: `/metrics`, `/healthz`, `/readyz`.
    package struct Metrics: Sendable, Equatable {
        /// Where tamyrd listens; nil turns the endpoint off. Beyond loopback only with
        /// `security.allow_plaintext`.
        package var listen: ListenAddress? = ListenAddress(host: "127.0.0.1", port: 7109)
        /// Producers exported with series of their own in `/metrics` (the first by name);
        /// the totals over every producer are always exported.
        package var maxProducerSeries: Int = 1_000
    }

    package enum LogLevel: String, Sendable, CaseIterable {
        case trace, debug, info, notice, warning, error, critical
    }

    package var ingest = Ingest()
    package var publish = Publish()
    package var windows = Windows()
    package var kpi = KPI()
    package var sla = SLA()
    package var state = State()
    package var deadLetters = DeadLetters()
    package var security = Security()
    package var metrics = Metrics()
    package var logLevel: LogLevel = .info
    /// Alert rules on KPI records (issue 6), validated against the windows, domains and SLA targets.
    package var alerts: [AlertRule] = []

    package init() {}
}
