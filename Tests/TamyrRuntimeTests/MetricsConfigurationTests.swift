import Testing
import TamyrCore
import TamyrRuntime

/// The `metrics` section: the HTTP endpoint's address and the per-producer series cap.
struct MetricsConfigurationTests {
    private func parse(_ yaml: String, environment: [String: String] = [:]) -> Result<TamyrConfiguration, ConfigErrors> {
        Result { () throws(ConfigErrors) in
            try ConfigurationLoader.parse(yaml: yaml, source: "test.yaml", environment: environment, overrides: [])
        }
    }

    private func errors(_ yaml: String) -> [String] {
        guard case .failure(let errors) = parse(yaml) else { return [] }
        return errors.errors.map(\.description)
    }

    @Test func theDefaultIsLoopbackPort7109AndAThousandProducers() throws {
        let configuration = try parse("").get()
        #expect(configuration.metrics.listen == ListenAddress(host: "127.0.0.1", port: 7109))
        #expect(configuration.metrics.maxProducerSeries == 1_000)
    }

    @Test(arguments: [
        ("metrics:\n  listen: \"localhost:9000\"", ListenAddress(host: "localhost", port: 9000)),
        ("metrics:\n  listen: \"127.0.0.2:1\"", ListenAddress(host: "127.0.0.2", port: 1)),
        ("metrics:\n  listen: \"[::1]:65535\"", ListenAddress(host: "::1", port: 65_535)),
        ("metrics:\n  listen: \"10.0.0.5:9464\"\nsecurity:\n  allow_plaintext: true", ListenAddress(host: "10.0.0.5", port: 9_464)),
        ("metrics:\n  listen: null", nil),
    ])
    func readsTheAddress(yaml: String, expected: ListenAddress?) throws {
        #expect(try parse(yaml).get().metrics.listen == expected)
    }

    @Test func theEnvironmentCanTurnItOff() throws {
        let configuration = try parse("", environment: ["TAMYR_METRICS_LISTEN": "null"]).get()
        #expect(configuration.metrics.listen == nil)
    }

    @Test(arguments: [
        ("metrics:\n  listen: \"127.0.0.1\"", "test.yaml:2: metrics.listen: \"127.0.0.1\" has no port"),
        ("metrics:\n  listen: \"127.0.0.1:0\"", "test.yaml:2: metrics.listen: \"127.0.0.1:0\": port must be 1-65535"),
        ("metrics:\n  listen: \"127.0.0.1:99999\"", "metrics.listen: \"127.0.0.1:99999\": port must be 1-65535"),
        ("metrics:\n  listen: \"metrics.example:80\"", "metrics.listen: \"metrics.example:80\": the host must be an IPv4 address"),
        ("metrics:\n  listen: \"[fe80::x]:80\"", "metrics.listen: \"[fe80::x]:80\": bad IPv6 address"),
        ("metrics:\n  listen: [\"127.0.0.1:1\"]", "metrics.listen: expected a single value"),
        ("metrics:\n  listen: \"0.0.0.0:7109\"",
         "test.yaml:2: metrics.listen: 0.0.0.0:7109 is plain HTTP beyond loopback: listen on 127.0.0.1, or allow it with security.allow_plaintext: true"),
        ("metrics:\n  max_producer_series: -1", "metrics.max_producer_series: -1 is out of range"),
        ("metrics:\n  max_producer_series: many", "metrics.max_producer_series: \"many\" is not an integer"),
        ("metrics:\n  port: 7109", "test.yaml:2: metrics.port: unknown key"),
    ])
    func badValuesNameTheKey(yaml: String, expected: String) {
        let found = errors(yaml)
        #expect(found.contains { $0.contains(expected) }, "got \(found)")
    }

    @Test func loopbackIsRecognised() {
        for (host, loopback) in [("127.0.0.1", true), ("127.9.9.9", true), ("localhost", true), ("::1", true),
                                 ("10.0.0.1", false), ("0.0.0.0", false), ("::", false)] {
            #expect(ListenAddress(host: host, port: 1).isLoopback == loopback, "\(host)")
        }
        #expect(ListenAddress(host: "::1", port: 80).description == "[::1]:80")
    }
}
