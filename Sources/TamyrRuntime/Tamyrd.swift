package import Logging
import ServiceLifecycle
import UnixSignals
package import TamyrCore

/// Runs tamyrd until SIGTERM or SIGINT: the one entry point shared by the
/// `tamyrd` executable and the tests (the Hummingbird template's
/// `buildApplication` pattern). Returns normally after a graceful stop.
/// `credentials`: what ``CurveCredentials/load(for:)`` read for `configuration`.
package func runTamyrd(configuration: TamyrConfiguration, credentials: CurveCredentials?, logger: Logger) async throws {
    let service = TamyrdService(configuration: configuration, credentials: credentials, logger: logger)
    let group = ServiceGroup(
        configuration: ServiceGroupConfiguration(
            services: [.init(service: service)],
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
