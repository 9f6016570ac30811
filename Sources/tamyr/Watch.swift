import ArgumentParser
import Foundation
import TamyrCore
import TamyrRuntime
import ZeroMQ

extension TamyrCommand {
    struct Watch: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Subscribe to tamyrd and show what it publishes, live.",
            discussion: """
                On a terminal the view is redrawn in place; otherwise (a pipe, a file) each record is one
                plain line. --raw prints every record as `TOPIC JSON`, for scripts.
                """
        )

        @Option(help: "tamyrd's publish endpoint to connect a SUB socket to.")
        var connect = "tcp://127.0.0.1:7102"

        @Option(help: "Topic prefix to subscribe to; repeat for several. Default: everything.")
        var topic: [String] = []

        @Option(help: "Window whose KPIs the view shows (e.g. 1m, 5m/10s).")
        var window = "1m"

        @Option(help: "tamyrd's configuration file, to show each domain's SLA target next to p95/p99.")
        var config: String?

        @Option(help: "Exit after showing this many records.")
        var count: Int?

        @Flag(help: "Print each record as TOPIC JSON, one per line.")
        var raw = false

        @OptionGroup(title: "CURVE")
        var curve: CurveClientOptions

        func run() throws {
            Interrupt.install()
            let context = try Context()
            let socket = try Socket(.sub, context: context, linger: .zero)
            defer { socket.close() }
            try socket.set(.receiveTimeout, to: 200)
            for prefix in topic.isEmpty ? [""] : topic { try socket.subscribe(prefix) }
            let monitor = try curve.configure(socket)
            try socket.connect(connect)

            var targets: [String: Int64] = [:]
            if let config {
                do {
                    let settings = try ConfigurationLoader.load(path: config)
                    for domain in settings.kpi.domains {
                        if let target = settings.sla.domainMillis[domain] ?? settings.sla.defaultMillis { targets[domain] = target }
                    }
                } catch {
                    throw ValidationError("--config: \(error)")
                }
            }
            var view = WatchView(endpoint: connect, window: window, slaTargets: targets, live: !raw && isatty(STDOUT_FILENO) == 1)
            view.waiting()
            var seen = 0
            while !Interrupt.isRequested {
                guard let frames = try socket.receiveMultipart() else {
                    // Nothing for 200 ms: a refused handshake would explain it, and would never change.
                    if let failure = try curve.pendingFailure(monitor, endpoint: connect) {
                        view.finish()
                        throw CommandFailure(failure)
                    }
                    continue
                }
                guard frames.count >= 2 else { continue }
                let topicText = String(decoding: frames[0], as: UTF8.self)
                if raw {
                    print(topicText, String(decoding: frames[frames.count - 1], as: UTF8.self))
                    fflush(nil)  // nil flushes every stream; naming `stdout` is a Swift 6 concurrency error
                } else if !view.show(topic: topicText, payload: frames[frames.count - 1]) {
                    continue  // not part of the view: does not count towards --count
                }
                seen += 1
                if let count, seen >= count { break }
            }
            view.finish()
        }
    }
}
