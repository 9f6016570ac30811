package import Logging
package import ServiceLifecycle
import UnixSignals
package import TamyrCore

/// Runs tamyrd until SIGTERM or SIGINT: the one entry point shared by the
/// `tamyrd` executable and the tests (the Hummingbird template's
/// `buildApplication` pattern). Returns normally after a graceful stop.
/// `credentials`: what ``CurveCredentials/load(for:)`` read for `configuration`.
/// `notifier`: where systemd notifications go (`READY=1`, `STATUS=`, the
/// watchdog, `STOPPING=1`); the `tamyrd` executable passes the one
/// `$NOTIFY_SOCKET` names.
/// `reload`: reads the configuration again on SIGHUP (nil: SIGHUP is not
/// trapped); `logLevels`: the level switch every logger obeys, set by a reload.
/// `health` and `figures`: what the pipeline reports to `supervisors`, services
/// (the HTTP endpoint) that run beside it, start before it and stop after it.
package func runTamyrd(
    configuration: TamyrConfiguration, credentials: CurveCredentials?, notifier: SystemdNotifier = .disabled,
    reload: ReloadService.Loader? = nil, logLevels: LogLevelSwitch? = nil, health: DaemonHealth = DaemonHealth(),
    figures: PipelineFiguresBoard? = nil, supervisors: [any Service] = [], logger: Logger
) async throws {
    let reloads = ReloadChannels(logLevels: logLevels)
    let service = TamyrdService(
        configuration: configuration, credentials: credentials, health: health, figures: figures, notifier: notifier,
        reloads: reloads, logger: logger)
    // A group stops its services in reverse order: the status reporter and the reload
    // first, then the pipeline, and the supervisors last, so that /healthz and /metrics
    // answer until the pipeline has stopped.
    var services: [ServiceGroupConfiguration.ServiceConfiguration] = supervisors.map { .init(service: $0) } + [.init(service: service)]
    if let reload {
        // Trapped before any service starts, so READY=1 never precedes the trap.
        let signals = await UnixSignalsSequence(trapping: .sighup)
        services.append(.init(service: ReloadService(
            signals: signals, initial: configuration, load: reload, channels: reloads, notifier: notifier, logger: logger)))
    }
    if notifier.isEnabled {
        let interval = max(configuration.publish.statusEveryMillis, SystemdStatusReporter.minimumIntervalMillis)
        services.append(.init(service: SystemdStatusReporter(notifier: notifier, health: health, intervalMillis: interval)))
    }
    let group = ServiceGroup(
        configuration: ServiceGroupConfiguration(
            services: services,
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        )
    )
    try await group.run()
}

extension TamyrConfiguration.LogLevel {
    /// The swift-log level with the same name.
    package var loggerLevel: Logger.Level {
        switch self {
        case .trace: .trace
        case .debug: .debug
        case .info: .info
        case .notice: .notice
        case .warning: .warning
        case .error: .error
        case .critical: .critical
        }
    }
}
