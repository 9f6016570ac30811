import Hummingbird
package import Logging
import ServiceLifecycle
package import TamyrCore
package import TamyrRuntime

/// tamyrd's HTTP endpoint as a `Service` (`metrics.listen`): `/metrics` in the
/// Prometheus text format, `/healthz` and `/readyz` (docs/operations.md).
///
/// Runs on the NIO event loops Hummingbird brings, never on the pipeline
/// threads: each scrape asks aggregation for fresh figures, waits up to
/// 100 ms for them (or renders the last ones), and reads the health atomics.
/// Stops on graceful shutdown like any service of the group.
package struct HTTPEndpoint: Service {
    package let address: ListenAddress
    package let configuration: TamyrConfiguration
    package let health: DaemonHealth
    package let figures: PipelineFiguresBoard
    /// Further metric families (alert states, say), rendered after the built-in ones.
    package let sources: [any MetricsSource]
    package let logger: Logger

    package init(
        address: ListenAddress, configuration: TamyrConfiguration, health: DaemonHealth, figures: PipelineFiguresBoard,
        sources: [any MetricsSource] = [], logger: Logger
    ) {
        self.address = address
        self.configuration = configuration
        self.health = health
        self.figures = figures
        self.sources = sources
        self.logger = logger
    }

    package func run() async throws {
        let router = Router()
        let endpoint = self
        router.get("/metrics") { _, _ in await endpoint.metrics() }
        router.get("/healthz") { _, _ in endpoint.answer(endpoint.healthFigures().liveness, ok: "alive\n") }
        router.get("/readyz") { _, _ in endpoint.answer(endpoint.healthFigures().readiness, ok: "ready\n") }
        let address = self.address
        let logger = self.logger
        let application = Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(address.host, port: address.port), serverName: nil),
            onServerRunning: { _ in logger.info("metrics and health on http://\(address)/metrics") },
            logger: logger
        )
        do {
            try await application.run()
        } catch {
            // Bind failures come back as NIO's IOError; one line names the key to change.
            throw StartupError(message: "cannot serve metrics.listen \(address): \(error)")
        }
    }

    private func healthFigures() -> HealthFigures {
        HealthFigures(health, nowMonotonicMillis: WallClock.monotonicMillis(), idleTimeoutMillis: configuration.windows.idleTimeoutMillis)
    }

    private func answer(_ verdict: HealthFigures.Verdict, ok: String) -> Response {
        let text = verdict.failure.map { $0 + "\n" } ?? ok
        return Response(
            status: verdict.isOK ? .ok : .serviceUnavailable, headers: [.contentType: "text/plain; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    private func metrics() async -> Response {
        let before = figures.generation
        figures.request()
        // Aggregation turns its loop at least every millisecond; a stuck one gets 100 ms, then the last figures.
        var waits = 0
        while figures.generation == before && waits < 50 {
            try? await Task.sleep(for: .milliseconds(2))
            waits += 1
        }
        let text = Self.render(
            figures: figures.latest, health: healthFigures(), maxProducerSeries: configuration.metrics.maxProducerSeries,
            nowMillis: WallClock.nowMillis(), sources: sources)
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: text)))
    }

    /// The `/metrics` text for these figures: the pipeline's, the process's, the build's, then `sources`.
    static func render(
        figures: PipelineFigures?, health: HealthFigures, maxProducerSeries: Int, nowMillis: Int64, sources: [any MetricsSource]
    ) -> [UInt8] {
        var exposition = MetricsExposition()
        let builtIn: [any MetricsSource] = [
            PipelineMetrics(figures: figures, health: health, maxProducerSeries: maxProducerSeries, nowMillis: nowMillis),
            ProcessMetrics(), BuildMetrics(),
        ]
        for source in builtIn + sources { source.contribute(to: &exposition) }
        return exposition.render()
    }
}
