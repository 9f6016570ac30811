import ArgumentParser
import Foundation
import TamyrCore
import TamyrRuntime
import TamyrWorkload
import ZeroMQ

extension TamyrCommand {
    struct Produce: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send a realistic synthetic stream of service transactions (or replay a JSON-lines file).",
            discussion: """
                By default connects a PUSH socket to tamyrd's ingest endpoint. With --pub-bind it binds a
                PUB socket instead, for tamyrd's ingest.subscribe. Ctrl-C stops after the current message.
                """
        )

        @Option(help: "Endpoint to connect the PUSH socket to.")
        var connect = "tcp://127.0.0.1:7101"

        @Option(help: "Bind a PUB socket here instead of connecting PUSH.")
        var pubBind: String?

        @Option(help: "Events per second; 0 sends as fast as possible.")
        var rate: Double = 1_000

        @Option(help: "Stop after this many events.")
        var count: Int?

        @Option(help: "Stop after this long (e.g. 30s, 5m).")
        var duration: String?

        @Option(help: "Seed of the synthetic stream; the same seed gives the same stream.")
        var seed: UInt64 = 1

        @Option(help: "Events per message, as an NDJSON batch; 1 sends one event per message.")
        var batch = 1

        @Option(help: "Producer id: adds src and an increasing seq to every event.")
        var src: String?

        @Option(help: "First seq number when --src is given.")
        var firstSeq: Int64 = 1

        @Option(help: "Share of invalid events (0...1), of every rejection reason.")
        var invalidRatio: Double = 0

        @Option(help: "Share of events 30 s to 10 min late (0...1).")
        var lateRatio: Double = 0.001

        @Option(help: "Largest backwards jitter of event times (e.g. 2s).")
        var disorder = "2s"

        @Option(help: "Domains to generate events for, comma-separated.")
        var domains = "customs,tax,ecommerce"

        @Option(help: "Send a topic frame before each payload (multipart).")
        var topic: String?

        @Option(help: "Send the lines of this JSON-lines file as they are, instead of synthetic events.")
        var replay: String?

        @Flag(help: "Print a JSON summary of what was sent on stdout at the end.")
        var summary = false

        @OptionGroup(title: "CURVE")
        var curve: CurveClientOptions

        func validate() throws {
            if rate < 0 { throw ValidationError("--rate must be >= 0") }
            if batch < 1 { throw ValidationError("--batch must be >= 1") }
            if !(0...1).contains(invalidRatio) { throw ValidationError("--invalid-ratio must be within 0...1") }
            if !(0...1).contains(lateRatio) { throw ValidationError("--late-ratio must be within 0...1") }
            if let duration, DurationText.parseMillis(duration) == nil {
                throw ValidationError("--duration \(duration) is not a duration such as 30s or 5m")
            }
            if DurationText.parseMillis(disorder) == nil { throw ValidationError("--disorder \(disorder) is not a duration") }
            if curve.isEnabled && pubBind != nil {
                throw ValidationError("--server-key applies to --connect; with --pub-bind tamyrd connects to this tool")
            }
        }

        func run() throws {
            Interrupt.install()
            let context = try Context()
            // A long linger so the queued tail is delivered before exit.
            let socket = try Socket(pubBind == nil ? .push : .pub, context: context, linger: .seconds(30))
            defer { socket.close() }
            try socket.set(.sendHighWaterMark, to: 100_000)
            // Sends wake up now and then so Ctrl-C is seen even while tamyrd is not reading.
            try socket.set(.sendTimeout, to: 200)
            if let pubBind {
                try socket.bind(pubBind)
                // PUB has no back-pressure and drops until subscribers have joined: give them a moment.
                Thread.sleep(forTimeInterval: 1)
            }
            var monitor: SocketMonitor?
            if pubBind == nil {
                monitor = try curve.configure(socket)
                try socket.connect(connect)
                if curve.isEnabled, let monitor { try awaitHandshake(monitor) }
            }
            var sender = PacedSender(socket: socket, topic: topic, rate: rate) {
                // A send that cannot go out may mean tamyrd refused the handshake: say so rather than wait forever.
                if let monitor, let failure = try curve.pendingFailure(monitor, endpoint: connect) { throw CommandFailure(failure) }
            }
            let deadline = duration.flatMap(DurationText.parseMillis).map { WallClock.monotonicMillis() + $0 }
            if let replay {
                try sendReplay(replay, with: &sender, deadline: deadline)
            } else {
                try sendSynthetic(with: &sender, deadline: deadline)
            }
            if Interrupt.isRequested {
                // Interrupted: do not hang for the full linger if nobody is reading.
                try socket.set(.linger, to: 2_000)
            } else if let monitor, !curve.isEnabled,
                let event = try monitor.wait(for: [.handshakeSucceeded, .handshakeFailed], timeout: .seconds(1)),
                let failure = curve.failure(event, endpoint: connect)
            {
                // A short plain run can end before a send ever stalls: never report as sent what a
                // CURVE endpoint refused.
                try socket.set(.linger, to: 0)
                throw CommandFailure(failure)
            }
            let elapsed = max(1, WallClock.monotonicMillis() - sender.startMillis)
            let line = "tamyr produce: sent \(sender.events) events in \(sender.messages) messages in "
                + "\(Double(elapsed) / 1_000) s (\(Int(Double(sender.events) * 1_000 / Double(elapsed))) events/s)\n"
            FileHandle.standardError.write(Data(line.utf8))
            if summary {
                var json = JSONWriter()
                json.beginObject()
                json.key("events")
                json.integer(sender.events)
                json.key("messages")
                json.integer(sender.messages)
                json.key("invalid")
                json.counts(InvalidKind.allCases.map { ($0.rawValue, sender.invalid[$0, default: 0]) })
                json.endObject()
                print(String(decoding: json.bytes, as: UTF8.self))
            }
        }

        /// Waits for the CURVE handshake, so a refused key is an error now, not a silent stall later.
        private func awaitHandshake(_ monitor: SocketMonitor) throws {
            let handshakeTimeout = Duration.seconds(10)
            guard let event = try monitor.wait(for: [.handshakeSucceeded, .handshakeFailed], timeout: handshakeTimeout) else {
                throw CommandFailure("no CURVE handshake with \(connect) within \(handshakeTimeout): is tamyrd running there?")
            }
            if let failure = curve.failure(event, endpoint: connect) { throw CommandFailure(failure) }
        }

        private func shouldStop(_ sender: PacedSender, _ deadline: Int64?) -> Bool {
            if Interrupt.isRequested { return true }
            if let count, sender.events >= count { return true }
            if let deadline, WallClock.monotonicMillis() >= deadline { return true }
            return false
        }

        private func sendSynthetic(with sender: inout PacedSender, deadline: Int64?) throws {
            var options = WorkloadOptions()
            options.seed = seed
            options.domains = domains.split(separator: ",").map { String($0) }
            options.source = src
            options.firstSeq = firstSeq
            options.invalidFraction = invalidRatio
            options.lateFraction = lateRatio
            options.maxDisorder = .milliseconds(DurationText.parseMillis(disorder) ?? 0)
            if let problem = options.problems.first { throw ValidationError(problem) }
            var workload = Workload(options: options)
            var payload: [UInt8] = []
            payload.reserveCapacity(batch * 256)
            while !shouldStop(sender, deadline) {
                payload.removeAll(keepingCapacity: true)
                let now = WallClock.nowMillis()
                var inMessage = 0
                while inMessage < batch, count.map({ sender.events + inMessage < $0 }) ?? true {
                    if inMessage > 0 { payload.append(UInt8(ascii: "\n")) }
                    let event = workload.appendEvent(nowMillis: now, to: &payload)
                    if let kind = event.invalid { sender.invalid[kind, default: 0] += 1 }
                    inMessage += 1
                }
                try sender.send(payload, events: inMessage)
            }
        }

        private func sendReplay(_ path: String, with sender: inout PacedSender, deadline: Int64?) throws {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ValidationError("cannot read \(path)")
            }
            let lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true)
            var index = 0
            var payload: [UInt8] = []
            while index < lines.count, !shouldStop(sender, deadline) {
                payload.removeAll(keepingCapacity: true)
                let end = min(lines.count, index + batch)
                for (offset, line) in lines[index..<end].enumerated() {
                    if offset > 0 { payload.append(UInt8(ascii: "\n")) }
                    payload.append(contentsOf: line)
                }
                try sender.send(payload, events: end - index)
                index = end
            }
        }
    }
}

/// Sends messages at a steady event rate (or flat out when the rate is 0).
struct PacedSender {
    let socket: Socket
    let topic: String?
    let rate: Double
    /// Called whenever a send times out (every 200 ms while nothing can be queued).
    let onStall: () throws -> Void
    let startMillis = WallClock.monotonicMillis()
    var events = 0
    var messages = 0
    var invalid: [InvalidKind: Int] = [:]

    init(socket: Socket, topic: String?, rate: Double, onStall: @escaping () throws -> Void = {}) {
        self.socket = socket
        self.topic = topic
        self.rate = rate
        self.onStall = onStall
    }

    mutating func send(_ payload: [UInt8], events count: Int) throws {
        if rate > 0 {
            // Event k is due at start + k / rate; sleep when ahead, never try to catch up in a burst beyond that.
            let due = startMillis + Int64(Double(events) * 1_000 / rate)
            let ahead = due - WallClock.monotonicMillis()
            if ahead > 0 { usleep(useconds_t(ahead * 1_000)) }
        }
        if let topic {
            while try !socket.send(topic, more: true) {
                if Interrupt.isRequested { return }
                try onStall()
            }
        }
        while try !socket.send(payload) {
            if Interrupt.isRequested { return }
            try onStall()
        }
        events += count
        messages += 1
    }
}
