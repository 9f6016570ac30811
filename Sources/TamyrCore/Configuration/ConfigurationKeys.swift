/// One configuration key: its dotted path, its default as written in YAML,
/// and what it does. The table drives the unknown-key check, the
/// environment-variable names, `tamyr check-config --keys` and the README.
package struct ConfigurationKey: Sendable {
    package var path: String
    package var defaultText: String
    package var summary: String
    /// True for maps whose keys the operator chooses (`sla.domains`).
    package var isOpenMap: Bool = false
    /// True for keys that are read and validated but not yet acted on.
    package var reserved: Bool = false

    /// The environment variable that overrides this key:
    /// `ingest.max_message_bytes` -> `TAMYR_INGEST_MAX_MESSAGE_BYTES`.
    package var environmentName: String {
        "TAMYR_" + String(path.uppercased().map { $0 == "." ? "_" : $0 })
    }
}

/// Every key `tamyrd` understands, in documentation order.
package enum ConfigurationKeys {
    package static let all: [ConfigurationKey] = [
        .init(path: "ingest.pull", defaultText: #"["tcp://127.0.0.1:7101"]"#,
              summary: "endpoints tamyrd binds PULL sockets on; producers connect PUSH"),
        .init(path: "ingest.subscribe", defaultText: "[]",
              summary: "producers' PUB endpoints tamyrd connects SUB sockets to"),
        .init(path: "ingest.subscribe_topics", defaultText: "[]",
              summary: "topic prefixes for those SUB sockets; empty means every topic"),
        .init(path: "ingest.max_message_bytes", defaultText: "1048576",
              summary: "larger messages are refused by libzmq, which drops the sending connection"),
        .init(path: "ingest.max_future_skew", defaultText: "5m",
              summary: "events with ts further ahead of the wall clock are rejected as future_ts"),
        .init(path: "ingest.receive_hwm", defaultText: "1000",
              summary: "messages queued per ingest socket before PUSH producers block"),
        .init(path: "ingest.max_producers", defaultText: "10000",
              summary: "producers (src) tracked for seq gaps and duplicates; more are counted as untracked"),
        .init(path: "ingest.decode_workers", defaultText: "auto",
              summary: "threads decoding messages ahead of aggregation; auto: one per core beyond the first, at most 2; 0: none"),
        .init(path: "ingest.curve", defaultText: "false",
              summary: "ingest.pull endpoints require CurveZMQ; only keys in ingest.curve_clients may send"),
        .init(path: "ingest.curve_clients", defaultText: "null",
              summary: "producers' public keys: a file (one Z85 key per line) or a directory of *.pub files"),
        .init(path: "publish.bind", defaultText: #"["tcp://127.0.0.1:7102"]"#,
              summary: "endpoints tamyrd binds PUB sockets on for KPI, alert and status records"),
        .init(path: "publish.snapshot", defaultText: #"["tcp://127.0.0.1:7103"]"#,
              summary: "endpoints tamyrd binds ROUTER sockets on that answer snapshot requests with the latest records; [] disables"),
        .init(path: "publish.status_every", defaultText: "5s",
              summary: "interval between status.tamyrd records"),
        .init(path: "publish.send_hwm", defaultText: "100000",
              summary: "records queued per subscriber before libzmq drops for that subscriber"),
        .init(path: "publish.curve", defaultText: "false",
              summary: "publish.bind and publish.snapshot endpoints require CurveZMQ; only keys in publish.curve_clients may read"),
        .init(path: "publish.curve_clients", defaultText: "null",
              summary: "consumers' public keys: a file (one Z85 key per line) or a directory of *.pub files"),
        .init(path: "windows.allowed_lateness", defaultText: "5s",
              summary: "watermark = largest event time seen minus this"),
        .init(path: "windows.idle_timeout", defaultText: "5s",
              summary: "after this long without events the watermark follows the wall clock"),
        .init(path: "windows.tumbling", defaultText: "[1m, 1h]",
              summary: "tumbling window sizes (whole seconds)"),
        .init(path: "windows.hopping", defaultText: "[5m/10s]",
              summary: "hopping windows as SIZE/EVERY; EVERY must divide SIZE"),
        .init(path: "kpi.domains", defaultText: "[customs, tax, ecommerce]",
              summary: "accepted event domains; others are rejected as unknown_domain"),
        .init(path: "kpi.breakdowns", defaultText: "[service, region, channel]",
              summary: "per-domain breakdowns published (service, region, channel)"),
        .init(path: "kpi.max_groups", defaultText: "1000",
              summary: "groups per window, domain and breakdown; further values fold into an `other` group"),
        .init(path: "sla.default", defaultText: "2s",
              summary: "SLA target when neither the service nor the domain has one; null for none"),
        .init(path: "sla.domains", defaultText: "{customs: 2s, tax: 1s, ecommerce: 500ms}",
              summary: "SLA target per domain", isOpenMap: true),
        .init(path: "sla.services", defaultText: "{tax-certificate: 300ms}",
              summary: "SLA target per service", isOpenMap: true),
        .init(path: "state.dir", defaultText: "var/state",
              summary: "directory for the checkpoint and the applicant key (created 0700 if missing)"),
        .init(path: "state.checkpoint_every", defaultText: "10s",
              summary: "interval between checkpoints of the open windows and totals (also written on every graceful stop)"),
        .init(path: "deadletter.per_second", defaultText: "100",
              summary: "rejected events kept per second in state.dir/deadletters.ndjson; more are only counted; 0 keeps none"),
        .init(path: "deadletter.message_bytes", defaultText: "2048",
              summary: "bytes of each rejected event kept (applicant ids masked); longer ones are cut"),
        .init(path: "deadletter.file_bytes", defaultText: "10485760",
              summary: "size at which deadletters.ndjson is rotated"),
        .init(path: "deadletter.files", defaultText: "3",
              summary: "rotated dead-letter files kept besides the current one"),
        .init(path: "deadletter.publish", defaultText: "false",
              summary: "also publish each dead letter on the deadletter.tamyrd topic"),
        .init(path: "security.curve_secret_key_file", defaultText: "null",
              summary: "tamyrd's Z85 CURVE secret key (tamyr keygen), mode 0600; needed when ingest.curve or publish.curve"),
        .init(path: "security.allow_plaintext", defaultText: "false",
              summary: "allow plain TCP on non-loopback addresses (endpoints without CURVE, and ingest.subscribe)"),
        .init(path: "metrics.listen", defaultText: #""127.0.0.1:7109""#,
              summary: "HOST:PORT of the HTTP endpoint (/metrics, /healthz, /readyz); null turns it off; beyond loopback only with security.allow_plaintext"),
        .init(path: "metrics.max_producer_series", defaultText: "1000",
              summary: "producers (first by name) exported with per-producer gap and duplicate series; 0 for none"),
        .init(path: "log.level", defaultText: "info",
              summary: "trace, debug, info, notice, warning, error or critical"),
        .init(path: "alerts", defaultText: "[]",
              summary: "alert rules: - {name, window, domain, when: FIELD OP THRESHOLD, for: N windows}; see docs/operations.md"),
    ]

    /// The key for a dotted path, or nil.
    package static func key(_ path: String) -> ConfigurationKey? { all.first { $0.path == path } }

    /// The section names (`ingest`, `publish`, …) in order.
    package static var sections: [String] {
        var seen: [String] = []
        for key in all {
            let section = String(key.path.prefix { $0 != "." })
            if !seen.contains(section) { seen.append(section) }
        }
        return seen
    }
}
