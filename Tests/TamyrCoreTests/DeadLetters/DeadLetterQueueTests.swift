import Foundation
import Testing
import TamyrCore

/// Dead letters through the real decoder: each rejected record of a payload,
/// as received, with its reason; a per-second quota; a cut at messageBytes.
struct DeadLetterQueueTests {
    func run(_ payload: String, at arrival: Int64 = 1_796_032_800_000, queue: DeadLetterQueue) -> (EventPipeline, [[String: Any]]) {
        var configuration = TamyrConfiguration()
        configuration.windows.tumbling = [WindowSpec(tumbling: 60_000)]
        var pipeline = EventPipeline(
            accounting: IngestAccounting(maxProducers: 10),
            engine: WindowEngine(settings: .init(configuration, applicantKey: (1, 2))),
            deadLetters: queue)
        pipeline.arrivalMillis = arrival
        var decoder = EventDecoder(domains: configuration.kpi.domains, maxFutureSkewMillis: 300_000)
        var bytes = Array(payload.utf8)
        bytes.withUnsafeMutableBytes { decoder.decode(UnsafeRawBufferPointer($0), nowMillis: arrival, into: &pipeline) }
        var lines: [[String: Any]] = []
        pipeline.deadLetters!.drain { text in
            for line in text.split(separator: 0x0A) {
                lines.append((try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any] ?? ["unparsable": true])
            }
        }
        return (pipeline, lines)
    }

    let valid = #"{"id":"v","ts":1796032799000,"domain":"tax","service":"vat-return","status":"ok","duration_ms":5}"#

    @Test func eachRejectedRecordIsKeptAsReceivedWithItsReason() {
        let bad1 = #"{"id":"b1","ts":1796032799000,"domain":"sports","service":"x","status":"ok","duration_ms":5,"applicant":"880101300123","src":"p","seq":7}"#
        let bad2 = #"{"id":"b2","ts":"#
        let bad3 = #"{"id":"b3","ts":1796032799000,"domain":"tax","service":"vat-return","status":"ok","duration_ms":-5}"#
        let (pipeline, lines) = run([valid, bad1, valid, bad2, bad3, valid].joined(separator: "\n"), queue: DeadLetterQueue(perSecond: 100, messageBytes: 4_096))
        #expect(pipeline.accounting.totals.accepted == 3)
        #expect(lines.count == 3)
        #expect(lines.map { $0["reason"] as? String } == ["unknown_domain", "malformed_json", "out_of_range"])
        #expect(lines[0]["message"] as? String == bad1.replacingOccurrences(of: "880101300123", with: "************"))
        #expect(lines[0]["src"] as? String == "p" && lines[0]["seq"] as? Int == 7 && lines[0]["field"] as? String == "domain")
        #expect(lines[1]["message"] as? String == bad2)
        #expect(lines[2]["message"] as? String == bad3 && lines[2]["field"] as? String == "duration_ms")
        #expect(lines.allSatisfy { $0["time"] as? String == "2026-11-30T10:00:00Z" }, "\(lines.map { $0["time"] ?? "none" })")
    }

    @Test func anEmptyPayloadIsOneMalformedDeadLetter() {
        let (_, lines) = run("  ", queue: DeadLetterQueue(perSecond: 100, messageBytes: 4_096))
        #expect(lines.count == 1 && lines[0]["reason"] as? String == "malformed_json" && lines[0]["bytes"] as? Int == 2)
    }

    @Test func aQuotaPerSecondOfArrivalIsKeptAndTheRestCounted() {
        let payload = Array(repeating: "{", count: 50).joined(separator: "\n")
        let (first, lines) = run(payload, queue: DeadLetterQueue(perSecond: 20, messageBytes: 4_096))
        #expect(lines.count == 20)
        #expect(first.deadLetters!.kept == 20 && first.deadLetters!.dropped == 30)
        // The next second has a quota of its own.
        let (second, more) = run(payload, at: 1_796_032_801_000, queue: first.deadLetters!)
        #expect(more.count == 20 && second.deadLetters!.kept == 40)
    }

    @Test func longMessagesAreCut() {
        let long = #"{"id":""# + String(repeating: "x", count: 500) + #"","ts":1}"#
        let (_, lines) = run(long, queue: DeadLetterQueue(perSecond: 100, messageBytes: 100))
        #expect(lines.count == 1)
        #expect((lines[0]["message"] as? String)?.utf8.count == 100 && lines[0]["truncated"] as? Bool == true)
        #expect(lines[0]["bytes"] as? Int == long.utf8.count)
    }
}
