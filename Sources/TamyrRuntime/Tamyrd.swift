package import Logging
package import ServiceLifecycle
import UnixSignals
package import TamyrCore

/// Runs tamyrd until SIGTERM or SIGINT: the one entry point shared by the
/// `tamyrd` executable and the tests (the Hummingbird template's
/// `buildApplication` pattern). Returns normally after a graceful stop.
/// `credentials`: what ``CurveCredentials/load(for:)`` read for `configuration`.
/// `health` and `figures`: what the pipeline reports to `supervisors`, services
/// (the HTTP endpoint) that run beside it, start before it and stop after it.
package func runTamyrd(
    configuration: TamyrConfiguration, credentials: CurveCredentials?, health: DaemonHealth = DaemonHealth(),
    figures: PipelineFiguresBoard? = nil, supervisors: [any Service] = [], logger: Logger
) async throws {
    let service = TamyrdService(
        configuration: configuration, credentials: credentials, health: health, figures: figures, logger: logger)
    let group = ServiceGroup(
        configuration: ServiceGroupConfiguration(
            // A group stops its services in reverse order: the pipeline first, so that
            // /healthz and /metrics answer until it has stopped.
            services: supervisors.map { .init(service: $0) } + [.init(service: service)],
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
