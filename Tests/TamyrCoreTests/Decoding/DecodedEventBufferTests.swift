import Testing
@testable import TamyrCore
import TamyrWorkload

/// A decode worker (``DecodedEventBuffer``) followed by aggregation's
/// catching-up (decoding again from ``DecodedEventBuffer/resumeMessage``,
/// skipping ``DecodedEventBuffer/resumeSkip`` events) must hand on exactly the
/// events, in exactly the order, that decoding every message on one thread
/// does; and a pipeline fed that way must end in the same state.
@Suite("Decode workers hand aggregation the events one decoder would")
struct DecodedEventBufferTests {
    static let applicantKey: (UInt64, UInt64) = (0x0706_0504_0302_0100, 0x0F0E_0D0C_0B0A_0908)
    static let hasher = ApplicantHasher(key0: applicantKey.0, key1: applicantKey.1)

    /// What aggregation may rely on, copied out: every field of a valid event
    /// but its id and applicant bytes (the applicant by its hash); for a
    /// rejected one, what ``DecodedEvent`` promises is meaningful.
    struct Seen: Equatable, CustomStringConvertible {
        var outcome: DecodedOutcome
        var serviceHash: UInt64
        var applicantHash: UInt64?
        var raw: [UInt8]

        /// From the decoder directly: the hashes computed here, as the engine would.
        init(direct event: borrowing DecodedEvent) {
            self.init(event, serviceHash: ServiceHash.hash(event.service), applicantHash: event.applicant.map { hasher.hash($0) })
        }

        init(_ event: borrowing DecodedEvent, serviceHash: UInt64, applicantHash: UInt64?) {
            var outcome = DecodedOutcome(event)
            outcome.id = []
            outcome.applicant = nil
            let valid = event.rejection == nil
            if !valid {
                // Only the rejection, src and seq are promised for a rejected event.
                outcome = DecodedOutcome(
                    DecodedEvent(rejection: event.rejection, rejectedField: event.rejectedField))
                outcome.source = event.source.map { Array($0) }
                outcome.sequence = event.sequence
            }
            self.outcome = outcome
            self.serviceHash = valid ? serviceHash : 0
            self.applicantHash = valid ? applicantHash : nil
            // The raw record is kept for the dead letters, so only for rejected events.
            raw = valid ? [] : Array(event.raw)
        }

        var description: String { "\(outcome) raw=\(String(decoding: raw, as: UTF8.self))" }
    }

    struct Collector: DecodedEventSink {
        var skip = 0
        var seen: [Seen] = []
        mutating func consume(_ event: borrowing DecodedEvent) {
            if skip > 0 {
                skip -= 1
                return
            }
            seen.append(Seen(direct: event))
        }
    }

    /// Messages of generated lines: single events, NDJSON runs with blank
    /// lines and CRs, and now and then a run of tiny malformed records.
    static func messages(seed: UInt64, count: Int) -> [[UInt8]] {
        var generator = EventLineGenerator(seed: seed)
        var random = SplitMix64(seed: seed ^ 0xABCD)
        var result: [[UInt8]] = []
        for _ in 0 ..< count {
            let roll = Double.random(in: 0 ..< 1, using: &random)
            if roll < 0.05 {
                // Many one-byte records: the most events a message of its size can hold.
                result.append(Array(repeating: Array("x\n".utf8), count: Int.random(in: 1 ... 90, using: &random)).flatMap { $0 })
            } else if roll < 0.4 {
                result.append(generator.line(mutationRate: 0.15))
            } else {
                var message: [UInt8] = []
                for index in 0 ..< Int.random(in: 1 ... 30, using: &random) {
                    if index > 0 { message += random.chance(0.1) ? Array("\r\n\n".utf8) : [0x0A] }
                    message += generator.line(mutationRate: 0.15)
                }
                if random.chance(0.2) { message.append(0x0A) }
                result.append(message)
            }
        }
        return result
    }

    static func direct(_ messages: [[UInt8]], nowMillis: Int64) -> [Seen] {
        var decoder = EventDecoder(domains: EventLineGenerator.domains, maxFutureSkewMillis: EventFixture.skewMillis)
        var collector = Collector()
        for message in messages {
            message.withUnsafeBytes { decoder.decode($0, nowMillis: nowMillis, into: &collector) }
        }
        return collector.seen
    }

    /// Through buffers of `capacity` events, `batchSize` messages per batch,
    /// then the catching-up decode, as aggregation does it.
    static func viaBuffers(
        _ messages: [[UInt8]], batchSize: Int, capacity: Int, arenaBytes: Int, nowMillis: Int64
    ) -> (seen: [Seen], resumed: Int) {
        var worker = DecodeWorkerState(
            domains: EventLineGenerator.domains, maxFutureSkewMillis: EventFixture.skewMillis, applicantKey: applicantKey)
        var aggregationDecoder = EventDecoder(domains: EventLineGenerator.domains, maxFutureSkewMillis: EventFixture.skewMillis)
        let buffer = DecodedEventBuffer(capacity: capacity, nameBytes: arenaBytes, rawBytes: arenaBytes)
        var collector = Collector()
        var resumed = 0
        var start = 0
        while start < messages.count {
            let batch = Array(messages[start ..< min(start + batchSize, messages.count)])
            start += batchSize
            // Payloads stay put while the buffer is read: one contiguous slab, as in a MessageBatch.
            let slab = batch.flatMap { $0 }
            var ends: [Int] = []
            for message in batch { ends.append((ends.last ?? 0) + message.count) }
            slab.withUnsafeBytes { bytes in
                func message(_ index: Int) -> UnsafeRawBufferPointer {
                    let from = index == 0 ? 0 : ends[index - 1]
                    return UnsafeRawBufferPointer(rebasing: bytes[from ..< ends[index]])
                }
                buffer.decode(messageCount: batch.count, arrivalMillis: nowMillis, with: &worker, message: message)
                for index in 0 ..< buffer.count {
                    let compact = buffer[index]
                    collector.seen.append(Seen(compact.event, serviceHash: compact.serviceHash, applicantHash: compact.applicantHash))
                }
                if buffer.resumeMessage < batch.count { resumed += 1 }
                collector.skip = buffer.resumeSkip
                for index in buffer.resumeMessage ..< batch.count {
                    aggregationDecoder.decode(message(index), nowMillis: nowMillis, into: &collector)
                }
                #expect(collector.skip == 0, "more events skipped than the message holds")
            }
        }
        return (collector.seen, resumed)
    }

    @Test("every event, in order, with the same values and hashes, whatever the capacity", arguments: 1 ... 12)
    func sameEvents(seed: Int) {
        let messages = Self.messages(seed: UInt64(seed), count: 300)
        let nowMillis = EventFixture.nowMillis
        let expected = Self.direct(messages, nowMillis: nowMillis)
        var random = SplitMix64(seed: UInt64(seed) &* 77)
        // Small buffers make workers stop mid-batch and mid-message; a large one never does.
        for capacity in [1, Int.random(in: 2 ... 40, using: &random), 100_000] {
            let batchSize = Int.random(in: 1 ... 40, using: &random)
            let (seen, resumed) = Self.viaBuffers(
                messages, batchSize: batchSize, capacity: capacity, arenaBytes: capacity == 100_000 ? 1 << 20 : 0,
                nowMillis: nowMillis)
            #expect(seen.count == expected.count, "capacity \(capacity)")
            if let index = zip(seen, expected).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
                Issue.record("capacity \(capacity), event \(index): \(seen[index]) != \(expected[index])")
            }
            if capacity == 1 { #expect(resumed > 0, "a buffer of one event must make aggregation catch up") }
            if capacity == 100_000 { #expect(resumed == 0) }
        }
    }

    @Test("escaped service and src values survive the decoder's scratch space, in the arena or past it")
    func escapedValues() {
        var messages: [[UInt8]] = []
        for index in 0 ..< 200 {
            // \u0061 is "a": the decoder unescapes into scratch space the next event reuses.
            let source = "gw-\\u0061" + String(repeating: "b", count: index % 50) + "-\(index)"
            let line = EventFixture.event([
                "service": #""vat-\u0072eturn-\#(index % 7)""#, "src": "\"\(source)\"", "seq": "\(index)",
            ])
            messages.append(Array(line.utf8))
        }
        let expected = Self.direct(messages, nowMillis: EventFixture.nowMillis)
        #expect(expected.allSatisfy { $0.outcome.rejection == nil })
        // 256 arena bytes hold a handful of these; then aggregation catches up.
        let (seen, resumed) = Self.viaBuffers(messages, batchSize: 50, capacity: 1_000, arenaBytes: 0, nowMillis: EventFixture.nowMillis)
        #expect(seen == expected)
        #expect(resumed == 4)
    }

    /// Rejected events' raw records (kept for the dead letters) carry applicant
    /// ids; a reset buffer must not keep them.
    @Test("reset zeroes the raw records of rejected events")
    func resetZeroesRawRecords() {
        let lines = (0 ..< 20).map { index in
            EventFixture.event(["status": #""maybe""#, "applicant": "\"88010130000\(index % 10)\""])
        }
        let payload = Array(lines.joined(separator: "\n").utf8)
        let buffer = DecodedEventBuffer(capacity: 100, nameBytes: 4_096, rawBytes: 16_384)
        var worker = DecodeWorkerState(
            domains: EventFixture.domains, maxFutureSkewMillis: EventFixture.skewMillis, applicantKey: Self.applicantKey)
        payload.withUnsafeBytes { bytes in
            buffer.decode(messageCount: 1, arrivalMillis: EventFixture.nowMillis, with: &worker) { _ in bytes }
        }
        #expect(buffer.count == 20)
        let raws = (0 ..< buffer.count).map { buffer[$0].event.raw }
        #expect(raws.map { String(decoding: $0, as: UTF8.self) } == lines)
        buffer.reset()
        #expect(buffer.count == 0 && buffer.resumeMessage == 0)
        // The arena outlives the reset: read where the records were.
        #expect(raws.allSatisfy { $0.allSatisfy { $0 == 0 } })
    }

    /// The daemon's pipeline fed through buffers (``EventPipeline/consume(_:)``
    /// of compact events, with ``EventPipeline/eventsToSkip``) against the same
    /// pipeline fed by one decoder: the same counts, producers, late events and
    /// published records, byte for byte.
    @Test("a pipeline fed by a decode worker ends in the same state and publishes the same records", arguments: [5, 6, 7])
    func samePipeline(seed: Int) {
        var configuration = TamyrConfiguration()
        configuration.windows.tumbling = [WindowSpec(tumbling: 2_000), WindowSpec(tumbling: 10_000)]
        configuration.windows.hopping = [WindowSpec(hopping: 6_000, every: 2_000)]
        configuration.windows.allowedLatenessMillis = 500
        var options = WorkloadOptions()
        options.seed = UInt64(seed)
        options.source = "gw-\(seed)"
        options.invalidFraction = 0.05
        options.lateFraction = 0.01
        options.applicantPopulation = 5_000
        var workload = Workload(options: options)
        var random = SplitMix64(seed: UInt64(seed))
        let start = EventFixture.baseMillis
        var messages: [(bytes: [UInt8], arrival: Int64)] = []
        var clock = start
        while clock < start + 40_000 {
            var message: [UInt8] = []
            for index in 0 ..< (random.chance(0.5) ? 1 : Int.random(in: 2 ... 20, using: &random)) {
                if index > 0 { message.append(0x0A) }
                _ = workload.appendEvent(nowMillis: clock, to: &message)
                clock += Int64.random(in: 0 ... 4, using: &random)
            }
            messages.append((message, clock))
            // Now and then a message again: its events are seq duplicates.
            if random.chance(0.02) { messages.append(messages[Int.random(in: 0 ..< messages.count, using: &random)]) }
        }

        // Batches share one arrival time, as a MessageBatch does; both pipelines see the same batches.
        var batches: [(messages: ArraySlice<(bytes: [UInt8], arrival: Int64)>, arrival: Int64)] = []
        var batchStart = 0
        while batchStart < messages.count {
            let batch = messages[batchStart ..< min(batchStart + Int.random(in: 1 ... 12, using: &random), messages.count)]
            batchStart = batch.endIndex
            batches.append((batch, batch.last!.arrival))
        }

        var reference = EventPipeline(
            accounting: IngestAccounting(maxProducers: 10),
            engine: WindowEngine(settings: .init(configuration, applicantKey: Self.applicantKey)),
            deadLetters: DeadLetterQueue(perSecond: 1_000, messageBytes: 512))
        var viaWorker = reference
        var decoder = EventDecoder(domains: configuration.kpi.domains, maxFutureSkewMillis: 300_000)
        var records: [[UInt8]] = []
        var deadLetters: [UInt8] = []
        for (batch, arrival) in batches {
            reference.arrivalMillis = arrival
            for message in batch {
                message.bytes.withUnsafeBytes { decoder.decode($0, nowMillis: arrival, feeding: &reference) }
                reference.engine.drainRecords { topic, payload in records.append(Array(topic.utf8) + [0x20] + payload) }
            }
            reference.deadLetters!.drain { deadLetters += $0 }
        }
        reference.engine.tick(nowMillis: clock + 60_000)
        reference.engine.drainRecords { topic, payload in records.append(Array(topic.utf8) + [0x20] + payload) }

        var worker = DecodeWorkerState(
            domains: configuration.kpi.domains, maxFutureSkewMillis: 300_000, applicantKey: Self.applicantKey)
        var catchUp = EventDecoder(domains: configuration.kpi.domains, maxFutureSkewMillis: 300_000)
        let buffer = DecodedEventBuffer(capacity: 37, nameBytes: 0, rawBytes: 0)
        var workerRecords: [[UInt8]] = []
        var workerDeadLetters: [UInt8] = []
        for (batch, arrival) in batches {
            // Payloads stay put while the buffer is read: one contiguous slab, as in a MessageBatch.
            let slab = batch.flatMap(\.bytes)
            var ends: [Int] = []
            for message in batch { ends.append((ends.last ?? 0) + message.bytes.count) }
            slab.withUnsafeBytes { bytes in
                func message(_ index: Int) -> UnsafeRawBufferPointer {
                    let from = index == 0 ? 0 : ends[index - 1]
                    return UnsafeRawBufferPointer(rebasing: bytes[from ..< ends[index]])
                }
                viaWorker.arrivalMillis = arrival
                buffer.decode(messageCount: batch.count, arrivalMillis: arrival, with: &worker, message: message)
                for index in 0 ..< buffer.count {
                    viaWorker.consume(buffer[index])
                    viaWorker.engine.drainRecords { topic, payload in workerRecords.append(Array(topic.utf8) + [0x20] + payload) }
                }
                viaWorker.eventsToSkip = buffer.resumeSkip
                for index in buffer.resumeMessage ..< batch.count {
                    catchUp.decode(message(index), nowMillis: arrival, feeding: &viaWorker)
                    viaWorker.engine.drainRecords { topic, payload in workerRecords.append(Array(topic.utf8) + [0x20] + payload) }
                }
                #expect(viaWorker.eventsToSkip == 0)
            }
            viaWorker.deadLetters!.drain { workerDeadLetters += $0 }
        }
        viaWorker.engine.tick(nowMillis: clock + 60_000)
        viaWorker.engine.drainRecords { topic, payload in workerRecords.append(Array(topic.utf8) + [0x20] + payload) }

        #expect(viaWorker.accounting.totals == reference.accounting.totals)
        #expect(
            viaWorker.accounting.ledger.producers.map { "\($0)" }.sorted()
                == reference.accounting.ledger.producers.map { "\($0)" }.sorted())
        #expect(viaWorker.engine.late.map(\.count) == reference.engine.late.map(\.count))
        #expect(viaWorker.engine.watermarkMillis == reference.engine.watermarkMillis)
        #expect(workerRecords.count == records.count)
        if let index = zip(workerRecords, records).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
            Issue.record("record \(index): \(String(decoding: workerRecords[index], as: UTF8.self)) != \(String(decoding: records[index], as: UTF8.self))")
        }
        #expect(workerDeadLetters == deadLetters)
        #expect(viaWorker.accounting.totals.received > 0)
        #expect(workerRecords.count > 50, "the stream must close many windows")
        #expect(viaWorker.accounting.totals.duplicates > 0, "the stream must hold duplicates")
        #expect(viaWorker.accounting.totals.rejectedTotal > 0, "the stream must hold rejected events")
        #expect(viaWorker.engine.late.contains { $0.count > 0 }, "the stream must hold late events")
    }
}
