package import Foundation

/// The real `tamyrd` binary, started on free ports with a temporary config.
///
/// The binary is found through `TAMYR_BIN_DIR` (set by `make test` from
/// `swift build --show-bin-path`), else next to the test bundle.
package final class TamyrdProcess: @unchecked Sendable {
    // @unchecked: `process` and the pipes are created in init and only read
    // afterwards; Foundation's Process is itself thread-safe for these calls.
    package let process = Process()
    package let ingestEndpoint: String
    package let publishEndpoint: String
    /// The snapshot endpoint (`publish.snapshot`), on a free port unless `publishYAML` sets it.
    package let snapshotEndpoint: String
    package let configPath: String
    /// `HOST:PORT` of `/metrics`, `/healthz` and `/readyz`.
    package let metricsAddress: String
    package let directory: URL
    private let stderrPipe = Pipe()

    /// Where the built executables are.
    package static var binDirectory: URL {
        if let dir = ProcessInfo.processInfo.environment["TAMYR_BIN_DIR"], !dir.isEmpty {
            return URL(fileURLWithPath: dir)
        }
        // swift test runs .build/<config>/tamyrPackageTests.xctest; the executables are beside it.
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return bundle
    }

    package static func executable(_ name: String) -> URL {
        let url = binDirectory.appendingPathComponent(name)
        precondition(
            FileManager.default.isExecutableFile(atPath: url.path),
            "\(url.path) is missing: run `swift build` first or set TAMYR_BIN_DIR"
        )
        return url
    }

    /// Writes a config (the given YAML body, plus ingest.pull and publish.bind on
    /// free ports unless the body sets them) and starts tamyrd on it. `ingestYAML` and
    /// `publishYAML`: more keys of those two sections, one `key: value` per line.
    package init(
        extraYAML: String = "", statusEvery: String = "200ms", pull: String? = nil, publish: String? = nil,
        subscribe: String? = nil, maxMessageBytes: Int? = nil, ingestYAML: String = "", publishYAML: String = ""
    ) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tamyrd-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        ingestEndpoint = pull ?? "tcp://127.0.0.1:\(freeTCPPort())"
        publishEndpoint = publish ?? "tcp://127.0.0.1:\(freeTCPPort())"
        // Never the default 7103: daemons of tests running in parallel would collide on it.
        snapshotEndpoint = "tcp://127.0.0.1:\(freeTCPPort())"
        let snapshotYAML = publishYAML.contains("snapshot:") ? "" : "snapshot: [\"\(snapshotEndpoint)\"]\n"
        configPath = directory.appendingPathComponent("tamyrd.yaml").path
        let yaml = """
            ingest:
              pull: ["\(ingestEndpoint)"]
              subscribe: [\(subscribe.map { "\"\($0)\"" } ?? "")]
              max_message_bytes: \(maxMessageBytes ?? 1_048_576)
            \(Self.indented(ingestYAML))
            publish:
              bind: ["\(publishEndpoint)"]
              status_every: \(statusEvery)
            \(Self.indented(snapshotYAML + publishYAML))
            state:
              dir: \(directory.appendingPathComponent("state").path)
            \(extraYAML)
            """
        try yaml.write(toFile: configPath, atomically: true, encoding: .utf8)
        process.executableURL = Self.executable("tamyrd")
        process.arguments = ["--config", configPath]
        // The HTTP endpoint on a free port of its own, never the default shared by every daemon.
        metricsAddress = "127.0.0.1:\(freeTCPPort())"
        process.environment = ProcessInfo.processInfo.environment.merging(["TAMYR_METRICS_LISTEN": metricsAddress]) { _, new in new }
        process.standardError = stderrPipe
        process.standardOutput = FileHandle.nullDevice
        try process.run()
    }

    /// `lines` as entries of a section: two spaces before each.
    private static func indented(_ lines: String) -> String {
        lines.split(separator: "\n").map { "  \($0)" }.joined(separator: "\n")
    }

    /// Sends SIGTERM and waits up to `timeout` seconds (times ``TimeoutScale/factor``);
    /// returns the exit status, or nil on timeout.
    package func terminate(timeout: Double = 5) -> Int32? {
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        return waitForExit(timeout: timeout)
    }

    /// Waits up to `timeout` seconds (times ``TimeoutScale/factor``) for tamyrd to exit;
    /// returns the exit status, or nil on timeout.
    package func waitForExit(timeout: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(TimeoutScale.seconds(timeout))
        while process.isRunning && Date() < deadline { usleep(10_000) }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// What tamyrd wrote on stderr (only complete after it exited).
    package var standardError: String {
        String(decoding: stderrPipe.fileHandleForReading.availableData, as: UTF8.self)
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }
}
