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

                On start it first shows the latest record of every series matching the topic
                prefixes, from tamyrd's snapshot endpoint (publish.snapshot), so a window closed
                before the start is on screen at once; then it follows the live stream, without
                showing a record twice. --no-snapshot skips that.
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

        @Option(help: "tamyrd's snapshot endpoint (publish.snapshot). Default: --connect with its TCP port plus one (7102 -> 7103).")
        var snapshot: String?

        @Flag(help: "Show only what is published from now on: do not ask for the latest records first.")
        var noSnapshot = false

        @Option(help: "Seconds to wait for tamyrd to connect and send the snapshot before following the live stream without it.")
        var snapshotTimeout: Double = 3

        @OptionGroup(title: "CURVE")
        var curve: CurveClientOptions

        func run() throws {
            Interrupt.install()
            let context = try Context()
            let socket = try Socket(.sub, context: context, linger: .zero)
            defer { socket.close() }
            try socket.set(.receiveTimeout, to: 200)
            // Live records queue here while the snapshot is shown.
            try socket.set(.receiveHighWaterMark, to: 100_000)
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
            // Shows one record; returns false once --count records were shown.
            func display(_ topicText: String, _ payload: [UInt8]) -> Bool {
                if raw {
                    print(topicText, String(decoding: payload, as: UTF8.self))
                    fflush(nil)  // nil flushes every stream; naming `stdout` is a Swift 6 concurrency error
                } else if !view.show(topic: topicText, payload: payload) {
                    return true  // not part of the view: does not count towards --count
                }
                seen += 1
                return count.map { seen < $0 } ?? true
            }
            var start: WatchSnapshot?
            if !noSnapshot {
                if let endpoint = snapshot ?? WatchSnapshot.derivedEndpoint(from: connect) {
                    start = WatchSnapshot(
                        endpoint: endpoint, prefixes: topic, timeout: .milliseconds(Int64(snapshotTimeout * 1_000)), curve: curve)
                    try start!.load(subscriberMonitor: monitor, subscriberEndpoint: connect, context: context, show: display)
                } else {
                    FileHandle.standardError.write(Data("tamyr watch: no snapshot: give --snapshot for \(connect)\n".utf8))
                }
            }
            while !Interrupt.isRequested && count.map({ seen < $0 }) ?? true {
                guard let frames = try socket.receiveMultipart() else {
                    // Nothing for 200 ms: a refused handshake would explain it, and would never change.
                    if let failure = try curve.pendingFailure(monitor, endpoint: connect) {
                        view.finish()
                        throw CommandFailure(failure)
                    }
                    continue
                }
                guard frames.count >= 2 else { continue }
                // Sent after the subscription and before the snapshot: shown already.
                if start?.isDuplicate(topic: frames[0], payload: frames[frames.count - 1]) == true { continue }
                if !display(String(decoding: frames[0], as: UTF8.self), frames[frames.count - 1]) { break }
            }
            view.finish()
        }
    }
}
