import ArgumentParser
import Foundation
import Logging
import TamyrCore
import TamyrHTTP
import TamyrRuntime

@main
struct TamyrdCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tamyrd",
        abstract: "Tamyr daemon: e-government service transactions in over ZeroMQ, rolling KPIs out.",
        discussion: """
            Exit status: 0 after a clean stop (SIGTERM, SIGINT), 78 for a configuration error,
            1 when start-up or the pipeline fails.
            Every key can be overridden by an environment variable (ingest.pull -> TAMYR_INGEST_PULL)
            or by --set; flags win over the environment, which wins over the file.
            """
    )

    @Option(name: [.short, .long], help: "The YAML configuration file.")
    var config = "config/tamyrd.yaml"

    @Option(name: .customLong("set"), help: ArgumentHelp("Override one key, e.g. --set publish.status_every=1s.", valueName: "key=value"))
    var overrides: [String] = []

    @Flag(help: "Validate the configuration, print the result and exit.")
    var checkConfig = false

    func run() async throws {
        // Before any thread of ours allocates (see MallocArenas).
        MallocArenas.limit()
        let settings: TamyrConfiguration
        let credentials: CurveCredentials?
        do {
            settings = try ConfigurationLoader.load(path: config, overrides: overrides)
            // Key files are part of the configuration: a secret key others can read, or a malformed
            // allow-list, stops start-up with EX_CONFIG, also under --check-config (systemd's ExecStartPre).
            credentials = try CurveCredentials.load(for: settings)
        } catch {
            // Before logging is set up; under the journal each line still gets priority 3 (error).
            var text = "tamyrd: configuration error\n\(error)\n"
            if LogStyle.detect() == .journal {
                text = LogLine.format(.error, String(text.dropLast()), metadata: [:], label: "tamyrd", style: .journal, nowMillis: 0)
            }
            FileHandle.standardError.write(Data(text.utf8))
            throw ExitCode(78)  // EX_CONFIG, which systemd shows as "configuration error"
        }
        if checkConfig {
            print("\(config): ok")
            return
        }
        // One level for every logger, changeable live; priority prefixes when stderr is the journal.
        let levels = LogLevelSwitch(settings.logLevel.loggerLevel)
        let style = LogStyle.detect()
        LoggingSystem.bootstrap { label in StderrLogHandler(label: label, style: style, levels: levels) }
        let logger = Logger(label: "tamyrd")
        let health = DaemonHealth()
        let figures = PipelineFiguresBoard()
        let http = settings.metrics.listen.map { address in
            HTTPEndpoint(address: address, configuration: settings, health: health, figures: figures, logger: logger)
        }
        do {
            let (path, overrides) = (config, self.overrides)
            try await runTamyrd(
                configuration: settings, credentials: credentials, notifier: .fromProcessEnvironment(),
                reload: { try ConfigurationLoader.load(path: path, overrides: overrides) }, logLevels: levels,
                health: health, figures: http == nil ? nil : figures, supervisors: http.map { [$0] } ?? [], logger: logger)
        } catch {
            logger.critical("tamyrd stopped: \(error)")
            throw ExitCode.failure
        }
    }
}
