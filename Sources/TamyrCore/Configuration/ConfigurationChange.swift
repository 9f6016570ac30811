/// What a reload would change, key by key: the keys tamyrd applies live and
/// those that need a restart (issue 6, point 2).
///
/// Live: SLA targets, alert rules, the log level, the group cap, the status
/// interval and the CURVE allow-lists (`*.curve_clients`: their files are read
/// again on every reload, changed path or not; `*.curve` itself needs a restart). Everything else (endpoints, windows, domains,
/// breakdowns, state, dead letters, keys) is bound into sockets, the
/// checkpoint's layout or open files, and keeps its running value.
package struct ConfigurationChange: Sendable, Equatable {
    /// Changed keys applied live, in key-table order.
    package var live: [String] = []
    /// Changed keys kept at their running value until a restart.
    package var needRestart: [String] = []

    /// The running configuration with `new`'s live keys taken over.
    package var applied: TamyrConfiguration

    package init(from old: TamyrConfiguration, to new: TamyrConfiguration) {
        applied = old
        for key in Self.keys where !key.same(old, new) {
            if key.isLive {
                live.append(key.path)
                key.take(&applied, new)
            } else {
                needRestart.append(key.path)
            }
        }
    }

    package var isEmpty: Bool { live.isEmpty && needRestart.isEmpty }

    private struct Key {
        var path: String
        var isLive: Bool
        var same: (TamyrConfiguration, TamyrConfiguration) -> Bool
        var take: (inout TamyrConfiguration, TamyrConfiguration) -> Void

        /// A key that needs a restart.
        static func fixed<T: Equatable>(_ path: String, _ value: @escaping (TamyrConfiguration) -> T) -> Key {
            Key(path: path, isLive: false, same: { value($0) == value($1) }, take: { _, _ in })
        }

        /// A key applied live.
        static func live<T: Equatable>(_ path: String, _ keyPath: WritableKeyPath<TamyrConfiguration, T>) -> Key {
            Key(path: path, isLive: true, same: { $0[keyPath: keyPath] == $1[keyPath: keyPath] },
                take: { $0[keyPath: keyPath] = $1[keyPath: keyPath] })
        }
    }

    /// Every key, by section; `alerts` compares the whole rule list. (Built per
    /// call: reloads are rare, and closures make a poor global constant.)
    private static var keys: [Key] { [
        .fixed("ingest.pull") { $0.ingest.pull },
        .fixed("ingest.subscribe") { $0.ingest.subscribe },
        .fixed("ingest.subscribe_topics") { $0.ingest.subscribeTopics },
        .fixed("ingest.max_message_bytes") { $0.ingest.maxMessageBytes },
        .fixed("ingest.max_future_skew") { $0.ingest.maxFutureSkewMillis },
        .fixed("ingest.receive_hwm") { $0.ingest.receiveHighWaterMark },
        .fixed("ingest.max_producers") { $0.ingest.maxProducers },
        .fixed("ingest.decode_workers") { $0.ingest.decodeWorkers },
        .fixed("ingest.curve") { $0.ingest.curve },
        .live("ingest.curve_clients", \.ingest.curveClients),
        .fixed("publish.bind") { $0.publish.bind },
        .fixed("publish.snapshot") { $0.publish.snapshot },
        .live("publish.status_every", \.publish.statusEveryMillis),
        .fixed("publish.send_hwm") { $0.publish.sendHighWaterMark },
        .fixed("publish.curve") { $0.publish.curve },
        .live("publish.curve_clients", \.publish.curveClients),
        .fixed("windows.allowed_lateness") { $0.windows.allowedLatenessMillis },
        .fixed("windows.idle_timeout") { $0.windows.idleTimeoutMillis },
        .fixed("windows.tumbling") { $0.windows.tumbling },
        .fixed("windows.hopping") { $0.windows.hopping },
        .fixed("kpi.domains") { $0.kpi.domains },
        .fixed("kpi.breakdowns") { $0.kpi.breakdowns },
        .live("kpi.max_groups", \.kpi.maxGroups),
        .live("sla.default", \.sla.defaultMillis),
        .live("sla.domains", \.sla.domainMillis),
        .live("sla.services", \.sla.serviceMillis),
        .fixed("state.dir") { $0.state.directory },
        .fixed("state.checkpoint_every") { $0.state.checkpointEveryMillis },
        .fixed("deadletter") { $0.deadLetters },
        .fixed("security.curve_secret_key_file") { $0.security.curveSecretKeyFile },
        .fixed("security.allow_plaintext") { $0.security.allowPlaintext },
        .live("log.level", \.logLevel),
        .fixed("metrics.listen") { $0.metrics.listen },
        .fixed("metrics.max_producer_series") { $0.metrics.maxProducerSeries },
        .live("alerts", \.alerts),
    ] }

    /// The key paths covered, for the test that every configuration key is.
    package static var coveredPaths: [String] { keys.map(\.path) }
}
