package import Logging
import ServiceLifecycle
package import TamyrCore
import ZeroMQ

/// tamyrd as a `Service`: opens the sockets, runs the ingest loop on a thread
/// of its own, and on graceful shutdown (SIGTERM, SIGINT) asks the loop to
/// stop, which it sees within 100 ms, publishes a last status and closes.
package struct TamyrdService: Service {
    package let configuration: TamyrConfiguration
    package let logger: Logger

    package init(configuration: TamyrConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    package func run() async throws {
        let stop = StopSignal()
        let context = try Context(ioThreads: 1)
        let configuration = self.configuration
        let logger = self.logger
        try await withTaskCancellationHandler {
            try await withGracefulShutdownHandler {
                try await runOnDedicatedThread(named: "tamyr-ingest") {
                    let loop: IngestLoop
                    do {
                        loop = try IngestLoop(configuration: configuration, context: context, stop: stop, logger: logger)
                    } catch let error as ZMQError {
                        throw StartupError(message: "cannot open sockets: \(error)")
                    }
                    logger.info(
                        "tamyrd ready",
                        metadata: [
                            "pull": "\(configuration.ingest.pull.map(\.text))",
                            "subscribe": "\(configuration.ingest.subscribe.map(\.text))",
                            "publish": "\(configuration.publish.bind.map(\.text))",
                        ]
                    )
                    try loop.run()
                }
            } onGracefulShutdown: {
                stop.request()
            }
        } onCancel: {
            stop.request()
        }
    }
}

/// A start-up failure worth one clear line to the operator, not a stack trace.
package struct StartupError: Error, CustomStringConvertible {
    package var message: String
    package var description: String { message }
}
