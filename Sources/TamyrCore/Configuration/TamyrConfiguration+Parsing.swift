extension TamyrConfiguration {
    /// Validates a configuration tree. Absent keys keep their defaults; unknown
    /// keys, wrong types and bad values are all reported together, each naming
    /// `source`, the line and the key.
    package init(parsing root: ConfigValue, source: String) throws(ConfigErrors) {
        self.init()
        var reader = ConfigTreeReader(source: source)
        let sections = reader.mapping(root, key: "", allowed: ConfigurationKeys.sections)

        if let ingest = reader.section(sections["ingest"], "ingest") {
            if let v = ingest["pull"] { self.ingest.pull = reader.endpoints(v, key: "ingest.pull", binding: true) }
            if let v = ingest["subscribe"] {
                self.ingest.subscribe = reader.endpoints(v, key: "ingest.subscribe", binding: false)
            }
            if let v = ingest["subscribe_topics"] {
                self.ingest.subscribeTopics = reader.strings(v, key: "ingest.subscribe_topics")
            }
            if let v = ingest["max_message_bytes"] {
                self.ingest.maxMessageBytes =
                    reader.integer(v, key: "ingest.max_message_bytes", in: 256...1_073_741_824) ?? 0
            }
            if let v = ingest["max_future_skew"] {
                self.ingest.maxFutureSkewMillis = reader.duration(v, key: "ingest.max_future_skew", allowZero: true)
            }
            if let v = ingest["receive_hwm"] {
                self.ingest.receiveHighWaterMark = reader.integer(v, key: "ingest.receive_hwm", in: 0...100_000_000) ?? 0
            }
            if let v = ingest["max_producers"] {
                self.ingest.maxProducers = reader.integer(v, key: "ingest.max_producers", in: 0...10_000_000) ?? 0
            }
            if let v = ingest["decode_workers"] {
                self.ingest.decodeWorkers = reader.integerOrAuto(v, key: "ingest.decode_workers", in: 0...64)
            }
            if let v = ingest["curve"] { self.ingest.curve = reader.boolean(v, key: "ingest.curve") }
            if let v = ingest["curve_clients"] { self.ingest.curveClients = reader.optionalPath(v, key: "ingest.curve_clients") }
        }
        if let publish = reader.section(sections["publish"], "publish") {
            if let v = publish["bind"] { self.publish.bind = reader.endpoints(v, key: "publish.bind", binding: true) }
            if let v = publish["snapshot"] { self.publish.snapshot = reader.endpoints(v, key: "publish.snapshot", binding: true) }
            if let v = publish["status_every"] {
                self.publish.statusEveryMillis = reader.duration(v, key: "publish.status_every", allowZero: false)
            }
            if let v = publish["send_hwm"] {
                self.publish.sendHighWaterMark = reader.integer(v, key: "publish.send_hwm", in: 0...100_000_000) ?? 0
            }
            if let v = publish["curve"] { self.publish.curve = reader.boolean(v, key: "publish.curve") }
            if let v = publish["curve_clients"] {
                self.publish.curveClients = reader.optionalPath(v, key: "publish.curve_clients")
            }
        }
        if let windows = reader.section(sections["windows"], "windows") {
            if let v = windows["allowed_lateness"] {
                self.windows.allowedLatenessMillis = reader.duration(v, key: "windows.allowed_lateness", allowZero: true)
            }
            if let v = windows["idle_timeout"] {
                self.windows.idleTimeoutMillis = reader.duration(v, key: "windows.idle_timeout", allowZero: false)
            }
            if let v = windows["tumbling"] { self.windows.tumbling = reader.tumblingWindows(v) }
            if let v = windows["hopping"] { self.windows.hopping = reader.hoppingWindows(v) }
        }
        var domainsValue: ConfigValue?
        if let kpi = reader.section(sections["kpi"], "kpi") {
            if let v = kpi["domains"] {
                domainsValue = v
                self.kpi.domains = reader.domains(v)
            }
            if let v = kpi["breakdowns"] { self.kpi.breakdowns = reader.breakdowns(v) }
            if let v = kpi["max_groups"] { self.kpi.maxGroups = reader.integer(v, key: "kpi.max_groups", in: 1...1_000_000) ?? 1 }
        }
        if let sla = reader.section(sections["sla"], "sla") {
            if let v = sla["default"] {
                self.sla.defaultMillis = v.isNull ? nil : reader.duration(v, key: "sla.default", allowZero: true)
            }
            if let v = sla["domains"] {
                self.sla.domainMillis = reader.durationMap(v, key: "sla.domains") { name in
                    self.kpi.domains.contains(name) ? nil : "\"\(name)\" is not in kpi.domains"
                }
            }
            if let v = sla["services"] {
                self.sla.serviceMillis = reader.durationMap(v, key: "sla.services") { name in
                    ServiceName.isValid(name) ? nil : "\"\(name)\" is not a valid service name (1-64 of a-z 0-9 . _ -)"
                }
            }
        }
        if root.value(at: ["sla", "domains"]) == nil, domainsValue != nil {
            // The default per-domain targets name the default domains; keep only those still configured.
            self.sla.domainMillis = self.sla.domainMillis.filter { self.kpi.domains.contains($0.key) }
        }
        if let state = reader.section(sections["state"], "state") {
            if let v = state["dir"], let dir = reader.string(v, key: "state.dir", allowEmpty: false) {
                self.state.directory = dir
            }
            if let v = state["checkpoint_every"] {
                self.state.checkpointEveryMillis = reader.duration(v, key: "state.checkpoint_every", allowZero: false)
            }
        }
        if let dead = reader.section(sections["deadletter"], "deadletter") {
            if let v = dead["per_second"] {
                self.deadLetters.perSecond = reader.integer(v, key: "deadletter.per_second", in: 0...1_000_000) ?? 0
            }
            if let v = dead["message_bytes"] {
                self.deadLetters.messageBytes = reader.integer(v, key: "deadletter.message_bytes", in: 64...1_048_576) ?? 64
            }
            if let v = dead["file_bytes"] {
                self.deadLetters.fileBytes = reader.integer(v, key: "deadletter.file_bytes", in: 4_096...1_099_511_627_776) ?? 4_096
            }
            if let v = dead["files"] {
                self.deadLetters.files = reader.integer(v, key: "deadletter.files", in: 0...1_000) ?? 0
            }
            if let v = dead["publish"] { self.deadLetters.publish = reader.boolean(v, key: "deadletter.publish") }
        }
        if let security = reader.section(sections["security"], "security") {
            if let v = security["curve_secret_key_file"] {
                self.security.curveSecretKeyFile = reader.optionalPath(v, key: "security.curve_secret_key_file")
            }
            if let v = security["allow_plaintext"] {
                self.security.allowPlaintext = reader.boolean(v, key: "security.allow_plaintext")
            }
        }
        if let metrics = reader.section(sections["metrics"], "metrics") {
            if let v = metrics["listen"] {
                if v.isNull {
                    self.metrics.listen = nil
                } else if let text = reader.string(v, key: "metrics.listen", allowEmpty: false) {
                    switch ListenAddress.parse(text) {
                    case .success(let address): self.metrics.listen = address
                    case .failure(let problem): reader.fail(v, "metrics.listen", problem.message)
                    }
                }
            }
            if let v = metrics["max_producer_series"] {
                self.metrics.maxProducerSeries = reader.integer(v, key: "metrics.max_producer_series", in: 0...10_000_000) ?? 0
            }
        }
        if let log = reader.section(sections["log"], "log") {
            if let v = log["level"], let text = reader.string(v, key: "log.level", allowEmpty: false) {
                if let level = LogLevel(rawValue: text) {
                    self.logLevel = level
                } else {
                    reader.fail(v, "log.level", "\"\(text)\" is not a level; use one of "
                        + LogLevel.allCases.map(\.rawValue).joined(separator: ", "))
                }
            }
        }
        if let v = sections["alerts"] { self.alerts = reader.alertRules(v, self) }
        if self.ingest.pull.isEmpty && self.ingest.subscribe.isEmpty && reader.errors.isEmpty {
            reader.fail(root, "ingest", "no ingest endpoint: set ingest.pull or ingest.subscribe")
        }
        if reader.errors.isEmpty { checkSecurity(root, &reader) }
        if !reader.errors.isEmpty { throw ConfigErrors(reader.errors) }
    }
}

/// The rule for service names (contract section 2), shared by the config and the decoder's tests.
package enum ServiceName {
    package static func isValid(_ name: String) -> Bool {
        let bytes = name.utf8
        return (1...64).contains(bytes.count) && bytes.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
    }
}
