import Foundation
import TamyrCore
import ZeroMQ

/// `tamyr watch`'s start: the latest records from tamyrd's snapshot endpoint, before the
/// live stream (the ZeroMQ Guide's Clone pattern, chapter 5).
///
/// Why no record is missed or shown twice: the SUB socket is connected and its handshake
/// done before the request is sent, so its subscription reached tamyrd first (tamyrd
/// also makes its PUB sockets take in pending subscriptions before answering). The
/// ingest thread sends records and answers requests one after the other, so every record
/// is either sent before the snapshot (and the snapshot holds it, or a later record of
/// its series) or after it (and the SUB socket, subscribed by then, queues it while the
/// snapshot is shown). A record sent between the subscription and the snapshot is in
/// both: the live copy is byte for byte the one shown (same topic, series and window)
/// and is dropped.
struct WatchSnapshot {
    let endpoint: String
    let prefixes: [String]
    let timeout: Duration
    let curve: CurveClientOptions

    /// Records shown from the snapshot, as topic, a 0 byte, then payload; the live copy
    /// of one is dropped once (``isDuplicate(topic:payload:)``).
    private(set) var shown: Set<[UInt8]> = []

    init(endpoint: String, prefixes: [String], timeout: Duration, curve: CurveClientOptions) {
        self.endpoint = endpoint
        self.prefixes = prefixes.isEmpty ? [""] : prefixes
        self.timeout = timeout
        self.curve = curve
    }

    /// `--connect`'s endpoint with its TCP port plus one (tamyrd's defaults: 7102 and 7103);
    /// nil when it is not `tcp://HOST:PORT`.
    static func derivedEndpoint(from connect: String) -> String? {
        guard connect.hasPrefix("tcp://"), let colon = connect.lastIndex(of: ":"),
              let port = Int(connect[connect.index(after: colon)...]), port > 0, port < 65_535
        else { return nil }
        return String(connect[...colon]) + String(port + 1)
    }

    /// Waits for `subscriber` to be connected (`subscriberMonitor`), asks for the
    /// snapshot and calls `show` with each record, in the order tamyrd published them,
    /// until `show` returns false or every prefix's end marker came. Gives up with a
    /// note on stderr, and returns, when tamyrd does not connect or answer within
    /// the timeout; throws when the SUB socket's handshake fails.
    mutating func load(
        subscriberMonitor: SocketMonitor, subscriberEndpoint: String, context: Context,
        show: (String, [UInt8]) throws -> Bool
    ) throws {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var connected = false
        while !connected, clock.now < deadline, !Interrupt.isRequested {
            guard let event = try subscriberMonitor.next(timeout: min(.milliseconds(100), deadline - clock.now)) else { continue }
            if let failure = curve.failure(event, endpoint: subscriberEndpoint) { throw CommandFailure(failure) }
            connected = event.kind.contains(.handshakeSucceeded)
        }
        guard connected else {
            note("no connection to \(subscriberEndpoint) within \(timeout): no snapshot, following the live stream")
            return
        }
        let dealer = try Socket(.dealer, context: context, linger: .zero)
        defer { dealer.close() }
        let monitor = try curve.configure(dealer, alsoMonitor: .connectRetried)
        defer { monitor.close() }
        try dealer.connect(endpoint)
        for prefix in prefixes {
            try dealer.send(multipart: [Array(SnapshotProtocol.command.utf8), Array(prefix.utf8)])
        }
        var ended = 0
        var poller = Poller()
        _ = poller.add(dealer, events: .readable)
        while ended < prefixes.count {
            if Interrupt.isRequested { return }
            guard clock.now < deadline else {
                note("no complete snapshot from \(endpoint) within \(timeout): following the live stream")
                return
            }
            if let event = try monitor.next(timeout: .zero), !event.kind.isDisjoint(with: [.connectRetried, .handshakeFailed]) {
                // Another port, or an older tamyrd without one: the live stream still works.
                let why = event.kind == .connectRetried ? "cannot connect" : curve.failure(event, endpoint: endpoint) ?? "\(event)"
                note("no snapshot from \(endpoint) (\(why)): following the live stream; --snapshot names the endpoint")
                return
            }
            guard try poller.poll(timeout: min(.milliseconds(100), deadline - clock.now)) > 0 else { continue }
            while let frames = try dealer.receiveMultipart(dontWait: true) {
                guard frames.count == 2 else { continue }
                let topic = String(decoding: frames[0], as: UTF8.self)
                if topic == SnapshotProtocol.endTopic {
                    ended += 1
                } else if topic == SnapshotProtocol.errorTopic {
                    ended += 1
                    note("the snapshot request was refused: \(String(decoding: frames[1], as: UTF8.self))")
                } else if shown.insert(frames[0] + [0] + frames[1]).inserted {
                    // Overlapping prefixes (kpi. and kpi.customs.) return a record twice: shown once.
                    guard try show(topic, frames[1]) else { return }
                }
            }
        }
    }

    /// Whether a live record is one the snapshot showed; each is recognised once.
    mutating func isDuplicate(topic: [UInt8], payload: [UInt8]) -> Bool {
        guard !shown.isEmpty else { return false }
        return shown.remove(topic + [0] + payload) != nil
    }

    private func note(_ text: String) {
        FileHandle.standardError.write(Data("tamyr watch: \(text)\n".utf8))
    }
}
