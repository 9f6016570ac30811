import Foundation
import Testing
import TamyrCore
import TamyrRuntime

/// The YAML configuration: defaults, every key, and errors that name the file, line and key.
struct ConfigurationLoaderTests {
    private func load(_ yaml: String, environment: [String: String] = [:], overrides: [String] = []) throws(ConfigErrors)
        -> TamyrConfiguration
    {
        try ConfigurationLoader.parse(yaml: yaml, source: "test.yaml", environment: environment, overrides: overrides)
    }

    private func errors(_ yaml: String, environment: [String: String] = [:], overrides: [String] = []) -> [String] {
        do {
            _ = try load(yaml, environment: environment, overrides: overrides)
            return []
        } catch {
            return error.errors.map(\.description)
        }
    }

    @Test func theShippedDefaultConfigIsValidAndMatchesTheBuiltInDefaults() throws {
        let path = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("config/tamyrd.yaml").path
        let shipped = try ConfigurationLoader.load(path: path, environment: [:])
        #expect(shipped == TamyrConfiguration())
        #expect(shipped.ingest.pull.map(\.text) == ["tcp://127.0.0.1:7101"])
        #expect(shipped.publish.bind.map(\.text) == ["tcp://127.0.0.1:7102"])
        #expect(shipped.windows.all.map(\.name) == ["1m", "1h", "5m/10s"])
        #expect(shipped.sla.domainMillis == ["customs": 2_000, "tax": 1_000, "ecommerce": 500])
        #expect(shipped.sla.serviceMillis == ["tax-certificate": 300])
    }

    @Test func theDemoConfigIsValidAndHasShortWindows() throws {
        let path = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("config/demo.yaml").path
        let demo = try ConfigurationLoader.load(path: path, environment: [:])
        #expect(demo.windows.all.map(\.name) == ["10s", "1m", "1m/10s"])
    }

    /// `auto` is one worker per core beyond the first, at most two; 0 and a count are taken as written.
    @Test func decodeWorkersFollowTheCoresWhenAuto() throws {
        let auto = try load("ingest:\n  decode_workers: auto")
        #expect(auto.ingest.decodeWorkers == nil && auto == TamyrConfiguration())
        #expect([1, 2, 3, 4, 64].map { auto.ingest.decodeWorkers(cores: $0) } == [0, 0, 1, 2, 2])
        let none = try load("ingest:\n  decode_workers: 0")
        #expect([1, 2, 64].map { none.ingest.decodeWorkers(cores: $0) } == [0, 0, 0])
    }

    @Test func anEmptyFileGivesTheDefaults() throws {
        #expect(try load("") == TamyrConfiguration())
    }

    @Test func readsEveryKey() throws {
        let c = try load("""
            ingest:
              pull: ["tcp://0.0.0.0:9001", "ipc:///tmp/tamyr.sock"]
              subscribe: ["tcp://10.0.0.5:5556"]
              subscribe_topics: ["customs.", "tax."]
              max_message_bytes: 65536
              max_future_skew: 90s
              receive_hwm: 500
              max_producers: 7
              decode_workers: 3
              curve: true
              curve_clients: /etc/tamyr/producers
            publish:
              bind: ["tcp://*:9002"]
              status_every: 1500ms
              send_hwm: 42
              curve: false
            windows:
              allowed_lateness: 0s
              idle_timeout: 2m
              tumbling: [30s, 1d]
              hopping: [1h/15m, 10s/10s]
            kpi:
              domains: [health, tax]
              breakdowns: [region]
            sla:
              default: null
              domains: {health: 3s}
              services: {x-ray.scan_2: 250ms}
            state:
              dir: /var/lib/tamyr
            security:
              curve_secret_key_file: /etc/tamyr/tamyrd.key
              allow_plaintext: true
            log:
              level: debug
            """)
        #expect(c.ingest.pull.map(\.text) == ["tcp://0.0.0.0:9001", "ipc:///tmp/tamyr.sock"])
        #expect(c.ingest.subscribe.map(\.text) == ["tcp://10.0.0.5:5556"])
        #expect(c.ingest.subscribeTopics == ["customs.", "tax."])
        #expect(c.ingest.maxMessageBytes == 65_536)
        #expect(c.ingest.maxFutureSkewMillis == 90_000)
        #expect(c.ingest.receiveHighWaterMark == 500)
        #expect(c.ingest.maxProducers == 7)
        #expect(c.ingest.decodeWorkers == 3 && c.ingest.decodeWorkers(cores: 64) == 3)
        #expect(c.publish.bind.map(\.text) == ["tcp://*:9002"])
        #expect(c.publish.statusEveryMillis == 1_500)
        #expect(c.publish.sendHighWaterMark == 42)
        #expect(c.windows.allowedLatenessMillis == 0)
        #expect(c.windows.idleTimeoutMillis == 120_000)
        #expect(c.windows.all.map(\.name) == ["30s", "1d", "1h/15m", "10s/10s"])
        #expect(c.kpi.domains == ["health", "tax"])
        #expect(c.kpi.breakdowns == [.region])
        #expect(c.sla.defaultMillis == nil)
        #expect(c.sla.domainMillis == ["health": 3_000])
        #expect(c.sla.serviceMillis == ["x-ray.scan_2": 250])
        #expect(c.state.directory == "/var/lib/tamyr")
        #expect(c.ingest.curve && c.ingest.curveClients == "/etc/tamyr/producers")
        #expect(!c.publish.curve && c.publish.curveClients == nil)
        #expect(c.security.curveSecretKeyFile == "/etc/tamyr/tamyrd.key")
        #expect(c.security.allowPlaintext)
        #expect(c.logLevel == .debug)
    }

    @Test(arguments: [
        ("ingest:\n  pul: []", "test.yaml:2: ingest.pul: unknown key"),
        ("ingst:\n  pull: []", "test.yaml:1: ingst: unknown key"),
        ("ingest:\n  max_future_skew: 5 minutes", "test.yaml:2: ingest.max_future_skew: \"5 minutes\" is not a duration"),
        ("ingest:\n  max_future_skew: 1.5s", "ingest.max_future_skew: \"1.5s\" is not a duration"),
        ("ingest:\n  pull: [\"tcp://127.0.0.1\"]", "test.yaml:2: ingest.pull[0]: \"tcp://127.0.0.1\" has no port"),
        ("ingest:\n  pull: [\"udp://1.2.3.4:5\"]", "ingest.pull[0]: \"udp://1.2.3.4:5\" is not an endpoint"),
        ("ingest:\n  pull: [\"tcp://127.0.0.1:70000\"]", "ingest.pull[0]: \"tcp://127.0.0.1:70000\": port must be 1-65535"),
        ("ingest:\n  subscribe: [\"tcp://*:5\"]", "ingest.subscribe[0]: \"tcp://*:5\": `*` as host only works for bound endpoints"),
        ("ingest:\n  max_message_bytes: lots", "ingest.max_message_bytes: \"lots\" is not an integer"),
        ("ingest:\n  max_message_bytes: 10", "ingest.max_message_bytes: 10 is out of range"),
        ("ingest:\n  decode_workers: many", "test.yaml:2: ingest.decode_workers: \"many\" is neither auto nor an integer"),
        ("ingest:\n  decode_workers: 65", "ingest.decode_workers: 65 is out of range 0...64"),
        ("ingest:\n  decode_workers: -1", "ingest.decode_workers: -1 is out of range"),
        ("windows:\n  hopping: [5m/7s]", "test.yaml:2: windows.hopping[0]: step 7s does not divide size 5m"),
        ("windows:\n  hopping: [5m]", "windows.hopping[0]: \"5m\" is not SIZE/EVERY"),
        ("windows:\n  hopping: [10s/1m]", "windows.hopping[0]: step 1m does not divide size 10s"),
        ("windows:\n  tumbling: [1500ms]", "windows.tumbling[0]: size 1500ms is not a whole number of seconds"),
        ("windows:\n  tumbling: [1m, 60s]", "windows.tumbling[1]: window 1m is listed twice"),
        ("publish:\n  status_every: 0s", "publish.status_every: must be greater than zero"),
        ("kpi:\n  domains: [Customs]", "kpi.domains[0]: \"Customs\" is not a domain name"),
        ("kpi:\n  domains: [all]", "kpi.domains[0]: \"all\" is reserved"),
        ("kpi:\n  domains: []", "kpi.domains: at least one domain is needed"),
        ("kpi:\n  breakdowns: [colour]", "kpi.breakdowns[0]: \"colour\" is not a breakdown"),
        ("sla:\n  domains: {health: 1s}", "sla.domains.health: \"health\" is not in kpi.domains"),
        ("sla:\n  services: {Tax Cert: 1s}", "sla.services.Tax Cert: \"Tax Cert\" is not a valid service name"),
        ("log:\n  level: loud", "log.level: \"loud\" is not a level"),
        ("ingest: [1, 2]", "test.yaml:1: ingest: expected a mapping"),
        ("ingest:\n  pull: [\"tcp://a:1\"\n", "test.yaml: not valid YAML"),
        ("ingest:\n  pull: []\n  pull: []", "duplicated key(s): 'pull'"),
        ("ingest:\n  pull: []", "ingest: no ingest endpoint"),
        ("ingest:\n  pull: [\"tcp://0.0.0.0:7101\"]",
         "test.yaml:2: ingest.pull[0]: tcp://0.0.0.0:7101 is plain TCP beyond loopback: set ingest.curve: true, or allow it with security.allow_plaintext: true"),
        ("publish:\n  bind: [\"tcp://127.0.0.1:1\", \"tcp://*:7102\"]", "publish.bind[1]: tcp://*:7102 is plain TCP beyond loopback"),
        ("ingest:\n  subscribe: [\"tcp://gw.customs.kz:5556\"]", "ingest.subscribe[0]: tcp://gw.customs.kz:5556 is plain TCP beyond loopback"),
        ("ingest:\n  curve: true", "test.yaml:2: ingest.curve_clients: required when ingest.curve is true"),
        ("publish:\n  curve_clients: keys/", "test.yaml:2: publish.curve_clients: set, but publish.curve is false"),
        ("ingest:\n  curve: yes", "ingest.curve: \"yes\" is not a boolean: write true or false"),
        ("security:\n  allow_plaintext: 1", "security.allow_plaintext: \"1\" is not a boolean"),
        ("security:\n  curve_secret_key_file: k.key", "test.yaml:2: security.curve_secret_key_file: set, but neither"),
        ("ingest:\n  curve: true\n  curve_clients: c", "security.curve_secret_key_file: required when ingest.curve or publish.curve is true"),
        ("ingest:\n  pull: []\n  subscribe: [\"tcp://127.0.0.1:5\"]\n  curve: true\n  curve_clients: c\nsecurity:\n  curve_secret_key_file: k",
         "ingest.curve: no ingest.pull endpoint to secure"),
    ])
    func namesTheFileLineAndKey(yaml: String, expected: String) {
        let found = errors(yaml)
        #expect(found.contains { $0.contains(expected) }, "got \(found)")
    }

    @Test(arguments: [
        "ingest:\n  pull: [\"tcp://127.0.0.2:7101\", \"tcp://localhost:7102\", \"tcp://[::1]:7103\", \"ipc:///run/tamyr.sock\"]",
        "ingest:\n  pull: [\"tcp://*:7101\"]\n  curve: true\n  curve_clients: p\nsecurity:\n  curve_secret_key_file: k",
        "publish:\n  bind: [\"tcp://10.1.2.3:7102\"]\nsecurity:\n  allow_plaintext: true",
        "ingest:\n  subscribe: [\"tcp://10.1.2.3:5556\"]\nsecurity:\n  allow_plaintext: true",
    ])
    func plainTCPIsAllowedOnLoopbackWithCurveOrWhenExplicitlyAllowed(yaml: String) {
        #expect(errors(yaml).isEmpty, "got \(errors(yaml))")
    }

    @Test func reportsEveryProblemAtOnce() {
        let found = errors("ingest:\n  max_future_skew: soon\nwindows:\n  hopping: [5m/7s]\nlog:\n  level: loud")
        #expect(found.count == 3, "got \(found)")
    }

    @Test func environmentOverridesTheFileAndFlagsOverrideTheEnvironment() throws {
        let yaml = "ingest:\n  max_message_bytes: 1000"
        let fromFile = try load(yaml)
        #expect(fromFile.ingest.maxMessageBytes == 1_000)
        let fromEnvironment = try load(yaml, environment: ["TAMYR_INGEST_MAX_MESSAGE_BYTES": "2000", "TAMYR_KPI_DOMAINS": "[a, b]"])
        #expect(fromEnvironment.ingest.maxMessageBytes == 2_000)
        #expect(fromEnvironment.kpi.domains == ["a", "b"])
        let fromFlag = try load(
            yaml,
            environment: ["TAMYR_INGEST_MAX_MESSAGE_BYTES": "2000"],
            overrides: ["ingest.max_message_bytes=3000", "publish.bind=[\"tcp://127.0.0.1:9999\"]"]
        )
        #expect(fromFlag.ingest.maxMessageBytes == 3_000)
        #expect(fromFlag.publish.bind.map(\.text) == ["tcp://127.0.0.1:9999"])
    }

    @Test func badOverridesAreNamed() {
        #expect(errors("", overrides: ["ingest.nope=1"]).contains { $0.contains("--set: ingest.nope: unknown key") })
        #expect(errors("", overrides: ["novalue"]).contains { $0.contains("expected KEY=VALUE") })
        #expect(errors("", environment: ["TAMYR_PUBLISH_STATUS_EVERY": "often"]).contains {
            $0.contains("publish.status_every: \"often\" is not a duration")
        })
    }

    @Test func aMissingFileIsAClearError() {
        do {
            _ = try ConfigurationLoader.load(path: "/nonexistent/tamyrd.yaml", environment: [:])
            Issue.record("loading a missing file succeeded")
        } catch {
            #expect(error.description.hasPrefix("/nonexistent/tamyrd.yaml: cannot read the file"))
        }
    }

    @Test func everyKeyInTheTableIsReadByTheParser() throws {
        // A key listed in ConfigurationKeys but forgotten by the parser would be accepted and ignored.
        for key in ConfigurationKeys.all where !key.isOpenMap {
            let parts = key.path.split(separator: ".")
            // A top-level key (`alerts`) takes the bogus value itself.
            let bogus = parts.count == 1
                ? "\(parts[0]): {not: [a, valid, value]}" : "\(parts[0]):\n  \(parts[1]): {not: [a, valid, value]}"
            #expect(!errors(bogus).isEmpty, "\(key.path) accepts anything")
        }
    }
}
