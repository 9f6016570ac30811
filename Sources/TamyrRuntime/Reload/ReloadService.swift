package import Logging
import ServiceLifecycle
package import TamyrCore
package import UnixSignals

/// Reloads the configuration on SIGHUP (`systemctl reload` sends it through
/// the unit's `ExecReload`), until the graceful shutdown.
///
/// A reload reads the file (with the same environment and `--set` overrides)
/// and validates it as at start; a file that does not validate changes nothing
/// and the error is logged. Otherwise the live keys (``ConfigurationChange``)
/// are handed to the threads that own them and the others keep their running
/// values, with one line naming them. systemd hears `RELOADING=1` first and
/// `READY=1` once the new values are in effect, or refused.
package struct ReloadService: Service {
    /// Reads and validates the configuration again, as at start.
    package typealias Loader = @Sendable () throws -> TamyrConfiguration

    private let signals: UnixSignalsSequence
    private let initial: TamyrConfiguration
    private let load: Loader
    private let channels: ReloadChannels
    private let notifier: SystemdNotifier
    private let logger: Logger

    /// `signals` must already trap SIGHUP (made before the daemon signals
    /// readiness, so that an early reload never meets SIGHUP's default action).
    package init(
        signals: UnixSignalsSequence, initial: TamyrConfiguration, load: @escaping Loader, channels: ReloadChannels,
        notifier: SystemdNotifier, logger: Logger
    ) {
        self.signals = signals
        self.initial = initial
        self.load = load
        self.channels = channels
        self.notifier = notifier
        self.logger = logger
    }

    package func run() async throws {
        var running = initial
        for await _ in signals.cancelOnGracefulShutdown() {
            _ = notifier.reloading()
            running = await reload(running)
            _ = notifier.ready()
        }
    }

    /// One reload; returns the configuration now in force.
    private func reload(_ running: TamyrConfiguration) async -> TamyrConfiguration {
        let loaded: TamyrConfiguration
        let credentials: CurveCredentials?
        let change: ConfigurationChange
        do {
            loaded = try load()
            change = ConfigurationChange(from: running, to: loaded)
            // The allow-lists are read again even when their paths are unchanged: adding a
            // key file and reloading is how a producer or consumer is let in.
            credentials = try CurveCredentials.load(for: change.applied)
        } catch {
            logger.error("reload refused, nothing changed: \(error)")
            return running
        }
        if !change.needRestart.isEmpty {
            logger.warning(
                "reload: these keys keep their running values until a restart",
                metadata: ["keys": "\(change.needRestart.joined(separator: ", "))"])
        }
        let applied = change.applied
        if let credentials {
            channels.allowLists.post(LiveAllowLists(producers: credentials.producers, consumers: credentials.consumers))
        }
        let generation = channels.aggregation.post(LiveSettings(configuration: applied))
        channels.logLevels?.set(applied.logLevel.loggerLevel)
        // Aggregation takes it within a loop turn (a millisecond when idle, one batch when busy).
        var waited = 0
        while !channels.aggregation.isDone(generation) && waited < 5_000 {
            try? await Task.sleep(for: .milliseconds(5))
            waited += 5
        }
        logger.info(
            "configuration reloaded",
            metadata: [
                "changed": "\(change.live.isEmpty ? "nothing" : change.live.joined(separator: ", "))",
                "alerts": "\(applied.alerts.count)",
            ])
        return applied
    }
}

/// Where a reload hands its values: one mailbox per thread that owns what they change.
package struct ReloadChannels: Sendable {
    /// Read by the aggregation thread once per loop turn.
    package let aggregation = Mailbox<LiveSettings>()
    /// Read by the ingest thread's ZAP handler once per loop turn.
    package let allowLists = Mailbox<LiveAllowLists>()
    /// The level every logger obeys; nil in tests that log elsewhere.
    package let logLevels: LogLevelSwitch?

    package init(logLevels: LogLevelSwitch?) { self.logLevels = logLevels }
}
