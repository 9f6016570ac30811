import Foundation
import Testing
import TamyrWorkload
import ZeroMQ
import _TamyrTestSupport

/// The real tamyrd binary on real sockets: a PUSH producer and a SUB consumer
/// in the test, counts checked exactly against what the test sent.
@Suite(.serialized)
struct TamyrdEndToEndTests {
    /// Hand-written events with the reason each must be counted under (nil = accepted).
    static func handWritten(nowMillis: Int64) -> [(line: String, reason: String?)] {
        let ts = nowMillis - 1_000
        let base = #""id":"e1","ts":\#(ts),"domain":"tax","service":"vat-return","status":"ok","duration_ms":120"#
        return [
            ("{\(base)}", nil),
            (#"{"id":"e2","ts":"2025-06-30T10:00:00.123+05:00","domain":"customs","service":"import-declaration","status":"failed","duration_ms":2.5,"region":"KZ-ALA","channel":"online","amount":1234.5,"applicant":"880101300123"}"#, nil),
            (#"{"id":"Қазақстан","ts":\#(ts),"domain":"ecommerce","service":"refund","status":"rejected","duration_ms":0,"extra":{"nested":[1,2,{"a":null}]}}"#, nil),
            ("{\(base)", "malformed_json"),
            ("{\(base)} trailing", "malformed_json"),
            ("not json at all", "malformed_json"),
            (#"{"ts":\#(ts),"domain":"tax","service":"vat-return","status":"ok","duration_ms":1}"#, "missing_field"),
            ("{\(base.replacingOccurrences(of: #""duration_ms":120"#, with: #""duration_ms":"120""#))}", "bad_type"),
            ("{\(base.replacingOccurrences(of: #""status":"ok""#, with: #""status":"maybe""#))}", "out_of_range"),
            ("{\(base.replacingOccurrences(of: #""service":"vat-return""#, with: #""service":"Салық""#))}", "out_of_range"),
            ("{\(base),\"amount\":1.005}", "out_of_range"),
            ("{\(base.replacingOccurrences(of: #""domain":"tax""#, with: #""domain":"space""#))}", "unknown_domain"),
            ("{\(base.replacingOccurrences(of: "\(ts)", with: "\(nowMillis + 3_600_000)"))}", "future_ts"),
        ]
    }

    static let reasons = ["malformed_json", "missing_field", "bad_type", "out_of_range", "unknown_domain", "future_ts"]

    @Test func countsEveryEventExactlyOnePerMessageAndInBatches() throws {
        let tamyrd = try RunningTamyrd()
        let (daemon, status) = (tamyrd.daemon, tamyrd.status)

        let push = try tamyrd.pushSocket()
        var expected = [String: Int]()
        var total = 0
        let now = RunningTamyrd.nowMillis

        // 1. Hand-written events, one per message.
        for (line, reason) in Self.handWritten(nowMillis: now) {
            try push.send(line)
            total += 1
            if let reason { expected[reason, default: 0] += 1 }
        }
        // 2. The same events as one NDJSON batch with blank lines and a trailing newline.
        let batch = Self.handWritten(nowMillis: now).map(\.line).joined(separator: "\n\n") + "\n"
        try push.send(batch)
        for (_, reason) in Self.handWritten(nowMillis: now) {
            total += 1
            if let reason { expected[reason, default: 0] += 1 }
        }
        // 3. A synthetic stream with 5% invalid events, one per message and in batches of 50.
        var options = WorkloadOptions()
        options.seed = 42
        options.invalidFraction = 0.05
        var workload = Workload(options: options)
        for messageIndex in 0..<400 {
            var payload: [UInt8] = []
            let events = messageIndex < 200 ? 1 : 50
            for index in 0..<events {
                if index > 0 { payload.append(UInt8(ascii: "\n")) }
                let event = workload.appendEvent(nowMillis: now, to: &payload)
                total += 1
                if let kind = event.invalid { expected[kind.rawValue, default: 0] += 1 }
            }
            try push.send(payload)
        }
        let rejectedTotal = expected.values.reduce(0, +)
        #expect(rejectedTotal > 400)  // the stream really holds invalid events of several reasons

        let final = try status.waitFor(timeout: 20) { $0.int("received") >= total }
        let record = try #require(final, "tamyrd never reported \(total) received events")
        #expect(record.int("received") == total)
        #expect(record.int("accepted") == total - rejectedTotal)
        let rejected = record.object("rejected")
        for reason in Self.reasons {
            #expect(rejected.int(reason) == expected[reason, default: 0], "rejected[\(reason)]")
        }
        #expect(record.int("duplicates") == 0)
        #expect(record.int("messages") == Self.handWritten(nowMillis: now).count + 1 + 400)
        push.close()
        #expect(daemon.terminate() == 0)
    }

    @Test func tracksGapsAndDuplicatesPerProducer() throws {
        let tamyrd = try RunningTamyrd()
        let (daemon, status) = (tamyrd.daemon, tamyrd.status)
        let push = try tamyrd.pushSocket()
        let now = RunningTamyrd.nowMillis
        // gw-a: 1 2 3 5 5 6 9 -> gaps 1 (4) + 2 (7, 8) = 3, duplicates 1. gw-b: 10 10 -> duplicates 1.
        let sequence: [(String, Int)] = [("gw-a", 1), ("gw-a", 2), ("gw-a", 3), ("gw-a", 5), ("gw-a", 5), ("gw-a", 6),
                                         ("gw-b", 10), ("gw-b", 10), ("gw-a", 9)]
        for (index, (src, seq)) in sequence.enumerated() {
            try push.send(#"{"id":"x\#(index)","ts":\#(now),"domain":"tax","service":"vat-return","status":"ok","duration_ms":5,"src":"\#(src)","seq":\#(seq)}"#)
        }
        let record = try #require(try status.waitFor(timeout: 10) { $0.int("received") >= sequence.count })
        #expect(record.int("received") == 9)
        #expect(record.int("accepted") == 7)
        #expect(record.int("duplicates") == 2)
        let producers = record.object("producers")
        #expect(producers.object("gw-a").int("last_seq") == 9)
        #expect(producers.object("gw-a").int("gaps") == 3)
        #expect(producers.object("gw-a").int("duplicates") == 1)
        #expect(producers.object("gw-b").int("last_seq") == 10)
        #expect(producers.object("gw-b").int("duplicates") == 1)
        push.close()
        #expect(daemon.terminate() == 0)
    }

    @Test func lastFrameOfAMultipartMessageIsThePayload() throws {
        let tamyrd = try RunningTamyrd()
        let (daemon, status) = (tamyrd.daemon, tamyrd.status)
        let push = try tamyrd.pushSocket()
        let now = RunningTamyrd.nowMillis
        let event = #"{"id":"m1","ts":\#(now),"domain":"customs","service":"transit","status":"ok","duration_ms":5}"#
        // The first frame is not JSON: counting it would add a malformed_json.
        try push.send(multipart: [Array("events.customs".utf8), Array(event.utf8)])
        try push.send(multipart: [Array("a".utf8), Array("b".utf8), Array(event.utf8)])
        let record = try #require(try status.waitFor(timeout: 10) { $0.int("received") >= 2 })
        #expect(record.int("received") == 2)
        #expect(record.int("accepted") == 2)
        #expect(record.int("messages") == 2)
        push.close()
        #expect(daemon.terminate() == 0)
    }

    @Test func subscribesToAProducersPubSocket() throws {
        let context = try Context()
        let pub = try Socket(.pub, context: context, linger: .zero)
        let port = freeTCPPort()
        try pub.bind("tcp://127.0.0.1:\(port)")
        let tamyrd = try RunningTamyrd(subscribe: "tcp://127.0.0.1:\(port)")
        let (daemon, status) = (tamyrd.daemon, tamyrd.status)
        let now = RunningTamyrd.nowMillis
        // PUB drops until the SUB has joined: keep publishing until tamyrd counts something.
        var sent = 0
        let deadline = Date().addingTimeInterval(TimeoutScale.seconds(10))
        var seen: [String: Any]?
        while Date() < deadline, seen == nil {
            try pub.send("tax", more: true)
            try pub.send(#"{"id":"p\#(sent)","ts":\#(now),"domain":"tax","service":"vat-return","status":"ok","duration_ms":1}"#)
            sent += 1
            seen = try status.waitFor(timeout: 0.3) { $0.int("accepted") > 0 }
        }
        #expect(seen != nil, "tamyrd's SUB socket never received from the producer's PUB")
        #expect(daemon.terminate() == 0)
    }

    @Test func anOversizedMessageIsRefusedAndLaterProducersStillGetThrough() throws {
        let tamyrd = try RunningTamyrd(maxMessageBytes: 4_096)
        let (daemon, status) = (tamyrd.daemon, tamyrd.status)
        let now = RunningTamyrd.nowMillis
        let event = #"{"id":"s1","ts":\#(now),"domain":"tax","service":"vat-return","status":"ok","duration_ms":1}"#
        // libzmq refuses the 64 KiB message and drops that connection; the message never reaches tamyrd.
        let big = try tamyrd.pushSocket()
        try big.send([UInt8](repeating: UInt8(ascii: " "), count: 65_536) + Array(event.utf8))
        big.close()
        let small = try tamyrd.pushSocket()
        try small.send(event)
        let record = try #require(try status.waitFor(timeout: 10) { $0.int("received") >= 1 })
        #expect(record.int("received") == 1)
        #expect(record.int("accepted") == 1)
        #expect(record.int("messages") == 1)
        small.close()
        #expect(daemon.terminate() == 0)
    }

    @Test func stopsCleanlyOnSIGTERMWithinOneSecond() throws {
        let tamyrd = try RunningTamyrd()
        let daemon = tamyrd.daemon
        let start = Date()
        kill(daemon.process.processIdentifier, SIGTERM)
        let code = daemon.waitForExit(timeout: 5)
        let elapsed = Date().timeIntervalSince(start)
        #expect(code == 0)
        // The contract's one second; a sanitized build may take TAMYR_TIMEOUT_SCALE times longer.
        #expect(elapsed < TimeoutScale.seconds(1.0), "took \(elapsed) s to stop")
    }

    @Test func stopsCleanlyOnSIGINT() throws {
        let tamyrd = try RunningTamyrd()
        let daemon = tamyrd.daemon
        kill(daemon.process.processIdentifier, SIGINT)
        #expect(daemon.waitForExit(timeout: 1.5) == 0)
    }

    @Test func aBadConfigStopsStartUpNamingTheFileAndKey() throws {
        let daemon = try TamyrdProcess(extraYAML: """
            windows:
              hopping: [5m/7s]
            """)
        #expect(daemon.waitForExit(timeout: 10) == 78)
        let message = daemon.standardError
        #expect(message.contains(daemon.configPath))
        #expect(message.contains("windows.hopping[0]"))
        #expect(message.contains("does not divide"))
        #expect(!message.contains("Fatal error"))
    }

    @Test func anEndpointInUseFailsStartUpWithAClearMessage() throws {
        let context = try Context()
        let blocker = try Socket(.pull, context: context, linger: .zero)
        let port = freeTCPPort()
        try blocker.bind("tcp://127.0.0.1:\(port)")
        let daemon = try TamyrdProcess(pull: "tcp://127.0.0.1:\(port)")
        #expect(daemon.waitForExit(timeout: 10) == 1)
        let message = daemon.standardError
        #expect(message.contains("127.0.0.1:\(port)"))
        #expect(message.lowercased().contains("address already in use"))
        blocker.close()
    }
}
