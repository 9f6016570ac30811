import Testing
@testable import TamyrCore
import TamyrWorkload

/// ``RecordFastPath`` may only accept a record that the general path
/// (``JSONScanner`` then ``EventValidator``) also finds valid, with the same
/// values and the same resume point; everything else it must leave alone.
@Suite("The fast path accepts only what the general path accepts, with the same values")
struct FastPathEquivalenceTests {
    static let domains = EventLineGenerator.domains

    /// The general path alone on the record at the start of `payload`: the
    /// event (`nil` for `malformed_json`) and where the next record starts.
    static func general(_ payload: UnsafeRawBufferPointer) -> (event: DecodedOutcome?, next: UnsafeRawPointer)? {
        guard let start = payload.baseAddress else { return nil }
        let end = start + payload.count
        let storage = DecoderStorage(domains: domains)
        var scanner = JSONScanner(position: start, end: end)
        scanner.skipWhitespace()
        guard scanner.position < end else { return nil }
        storage.resetCaptures()
        do throws(MalformedJSON) {
            try scanner.scanEventObject(into: storage.captures, slots: storage.slots, keySlot: storage.keySlot)
            scanner.skipSpaceWithinLine()
            if scanner.position < end { try scanner.expect(0x0A) }
        } catch {
            return (nil, start)
        }
        var event = DecodedEvent()
        EventValidator.validate(storage.captures, domains: storage.domains, into: &event)
        return (DecodedOutcome(event), scanner.position)
    }

    /// The fast path on the record at the start of `payload`, if it accepts it.
    ///
    /// `storage` carries the fast path's member predictions from one record to
    /// the next, as a decoder's does; `nil` starts from none.
    static func fast(
        _ payload: UnsafeRawBufferPointer,
        storage shared: DecoderStorage? = nil
    ) -> (event: DecodedOutcome, next: UnsafeRawPointer)? {
        guard let start = payload.baseAddress, payload.count > 0 else { return nil }
        // As the decoder does, skip the whitespace before the record first.
        var scanner = JSONScanner(position: start, end: start + payload.count)
        scanner.skipWhitespace()
        guard scanner.position < scanner.end else { return nil }
        let storage = shared ?? DecoderStorage(domains: domains)
        var event = DecodedEvent()
        guard let next = RecordFastPath.decode(from: scanner.position, end: scanner.end, storage: storage, into: &event)
        else { return nil }
        return (DecodedOutcome(event), next)
    }

    /// Checks `line` (ending at a guard page) and returns whether the fast path accepted it.
    @discardableResult
    static func check(_ line: [UInt8], in buffer: GuardedBuffer, storage: DecoderStorage? = nil) -> Bool {
        buffer.withPayload(line) { payload in
            guard let fast = fast(payload, storage: storage) else { return false }
            let general = general(payload)
            let text = String(decoding: line, as: UTF8.self)
            #expect(general?.event?.verdict == "valid", "fast path accepted \(text)")
            #expect(general?.event == fast.event, "values differ for \(text)")
            #expect(general?.next == fast.next, "resume point differs for \(text)")
            return true
        }
    }

    @Test("generated and mutated lines, whole and cut at every length")
    func generatedLines() {
        let buffer = GuardedBuffer(capacity: 1 << 16)
        for seed in 0 ..< UInt64(4) {
            var generator = EventLineGenerator(seed: seed &+ 100)
            for index in 0 ..< 1_000 {
                let line = generator.line(mutationRate: 0.4)
                Self.check(line, in: buffer)
                Self.check(line + [0x0A], in: buffer)
                Self.check(line + Array(" \r\n{".utf8), in: buffer)
                if index % 10 == 0 {
                    for length in 0 ..< line.count { Self.check(Array(line[..<length]), in: buffer) }
                }
            }
        }
    }

    /// Lines of the synthetic stream (`src`/`seq`, extra fields, both timestamp forms).
    static func workloadLines(count: Int, seed: UInt64) -> [[UInt8]] {
        var options = WorkloadOptions()
        options.seed = seed
        options.domains = Self.domains
        options.source = "producer-7"
        options.extraFieldFraction = 0.2
        var workload = Workload(options: options)
        return (0 ..< count).map { index in
            var line: [UInt8] = []
            _ = workload.appendEvent(nowMillis: 1_790_000_000_000 + Int64(index), to: &line)
            return line
        }
    }

    @Test("the synthetic stream takes the fast path")
    func workloadLines() {
        let buffer = GuardedBuffer(capacity: 1 << 16)
        let lines = Self.workloadLines(count: 2_000, seed: 11)
        let accepted = lines.filter { Self.check($0, in: buffer) }.count
        #expect(accepted >= lines.count * 95 / 100, "\(accepted) of \(lines.count) lines took the fast path")
        // Again with one storage, as a decoder uses it: the member predictions
        // learnt from earlier lines are tried (and mostly right) on later ones.
        let storage = DecoderStorage(domains: Self.domains)
        let acceptedShared = lines.filter { Self.check($0, in: buffer, storage: storage) }.count
        #expect(acceptedShared == accepted, "the predictions changed what the fast path accepts")
    }

    @Test("the synthetic stream with bytes changed, inserted, deleted or cut")
    func mutatedWorkloadLines() {
        let buffer = GuardedBuffer(capacity: 1 << 16)
        var random = SplitMix64(seed: 29)
        // Bytes that matter to the fast path's decisions.
        let interesting = Array(#"0123456789"\{}[],:.-+eE aKZ-\#u{0}\#t\#n"#.utf8) + [0x7F, 0x80, 0xC3, 0xA9, 0xE2, 0xFF]
        var accepted = 0
        // One storage throughout, so mutated lines also meet learnt (and wrong) predictions.
        let storage = DecoderStorage(domains: Self.domains)
        for line in Self.workloadLines(count: 2_000, seed: 12) {
            for _ in 0 ..< 8 {
                var mutated = line
                for _ in 0 ... Int(random.next() % 3) {
                    let position = Int(random.next() % UInt64(mutated.count))
                    let byte = interesting[Int(random.next() % UInt64(interesting.count))]
                    switch random.next() % 4 {
                    case 0: mutated[position] = byte
                    case 1: mutated.insert(byte, at: position)
                    case 2: mutated.remove(at: position)
                    default: mutated.removeLast(Int(random.next() % 8))
                    }
                    if mutated.isEmpty { mutated = [0x7B] }
                }
                if Self.check(mutated, in: buffer) { accepted += 1 }
                Self.check(mutated, in: buffer, storage: storage)
            }
        }
        #expect(accepted > 1_000, "some mutated lines stay valid and take the fast path")
    }

    /// Every field, in the order producers write them.
    static let usualOrder =
        #"{"id":"a","ts":1,"domain":"tax","service":"a","status":"ok","duration_ms":1,"region":"KZ-75","#
        + #""channel":"online","amount":1,"applicant":"b","src":"p","seq":1,"id":"c"}"#

    @Test("values at the edges of what the fast path decides itself", arguments: [
        #"{"id":"a","ts":0,"domain":"tax","service":"a","status":"ok","duration_ms":0}"#,
        #"{"id":"a","ts":253402300799999,"domain":"tax","service":"a","status":"ok","duration_ms":86400000}"#,
        #"{"id":"a","ts":253402300800000,"domain":"tax","service":"a","status":"ok","duration_ms":1}"#,
        #"{"id":"a","ts":1,"domain":"tax","service":"a","status":"ok","duration_ms":86400000.001}"#,
        #"{"id":"a","ts":1,"domain":"tax","service":"a","status":"ok","duration_ms":86400000.000}"#,
        #"{"id":"a","ts":1,"domain":"tax","service":"a","status":"ok","duration_ms":0.5,"amount":0.01}"#,
        #"{"id":"a","ts":1,"domain":"tax","service":"a","status":"ok","duration_ms":1.2345,"amount":1.005}"#,
        #"{"id":"a","ts":1,"domain":"tax","service":"a","status":"ok","duration_ms":1,"amount":999999999999999.99}"#,
        #"{"id":"a","ts":1,"domain":"tax","service":"a","status":"ok","duration_ms":1,"amount":1e2}"#,
        #"{"id":"a","ts":1,"domain":"tax","service":"a","status":"ok","duration_ms":-0}"#,
        #"{"id":"a","ts":1,"domain":"tax","service":"a","status":"ok","duration_ms":01}"#,
        #"{"id":"a","ts":1.0,"domain":"tax","service":"a","status":"ok","duration_ms":1}"#,
        #"{"id":"a","ts":"2026-11-30T10:00:00.123+05:00","domain":"tax","service":"a","status":"ok","duration_ms":1}"#,
        #"{"id":"a","ts":"1969-12-31T23:59:59Z","domain":"tax","service":"a","status":"ok","duration_ms":1}"#,
        #"{"id":"a","ts":1,"domain":"tax","service":"a","status":"ok","duration_ms":1,"seq":0,"src":"p"}"#,
        #"{"id":"a","ts":1,"domain":"tax","service":"a","status":"ok","duration_ms":1,"seq":999999999999999}"#,
        #"{"id":"a","ts":1,"domain":"tax","service":"a","status":"ok","duration_ms":1,"seq":1234567890123456789}"#,
        #"{"id":"a","ts":1,"domain":"taxes","service":"a","status":"ok","duration_ms":1}"#,
        #"{"id":"a","ts":1,"domain":"ҚызметДомен","service":"a","status":"ok","duration_ms":1}"#,
        #"{"id":"a","ts":1,"domain":"ecommerce","service":"a","status":"ok","duration_ms":1}"#,
        #"{"id":"a","ts":1,"domain":"ecommercf","service":"a","status":"ok","duration_ms":1}"#,
        #"{"id":"a","ts":1,"domain":"tax","service":"abcdefgh","status":"ok","duration_ms":1}"#,
        #"{"id":"a","ts":1,"domain":"tax","service":"abcdefghi-jklmnop.q_r","status":"ok","duration_ms":1}"#,
        #"{"id":"a","ts":1,"domain":"tax","service":"abcdefghi-jklmnoP.q_r","status":"ok","duration_ms":1}"#,
        #"{"id":"a","ts":1,"domain":"tax","service":"abcdefgh/","status":"ok","duration_ms":1}"#,
        #"{"id":"a","ts":1,"domain":"tax","service":"a","status":"rejected","duration_ms":1,"channel":"office"}"#,
        #"{"id":"a","ts":1,"domain":"tax","service":"a","status":"failed","duration_ms":1,"channel":"mobile"}"#,
        #"{"id":"a","ts":1,"domain":"tax","service":"a","status":"oK","duration_ms":1,"channel":"online"}"#,
        #"{"id":"a","ts":1,"domain":"tax","service":"a","status":"ok","duration_ms":1,"channel":"onlinE"}"#,
        #"{"id":"a","ts":1,"domain":"tax","service":"a","status":"ok","duration_ms":1,"region":"KZ-75"}"#,
        #"{"id":"a","ts":1,"domain":"tax","service":"a","status":"ok","duration_ms":1,"region":"KZ-ALA"}"#,
        #"{"id":"a","ts":1,"domain":"tax","service":"a","status":"ok","duration_ms":1,"region":"KZ-al"}"#,
        #"{"id":"a","ts":1,"domain":"tax","service":"a","status":"ok","duration_ms":1,"region":"KZ-ALMA"}"#,
        #"{"id":"a","ts":1,"domain":"tax","service":"a","status":"ok","duration_ms":1,"region":"KZ-A"}"#,
        #"{"id":"Қ€😀","ts":1,"domain":"tax","service":"a","status":"ok","duration_ms":1,"applicant":"é"}"#,
        #"{"id":"a\u0041","ts":1,"domain":"tax","service":"a","status":"ok","duration_ms":1}"#,
        #"{"\u0069d":"a","ts":1,"domain":"tax","service":"a","status":"ok","duration_ms":1}"#,
        #"{"id" :"a","ts" : 1 ,"domain":"tax","service":"a","status":"ok","duration_ms":1 } "#,
        #"{ "id": "a", "ts": 1, "domain": "tax", "service": "a", "status": "ok", "duration_ms": 1 }"#,
        #"{"id":"a","ts":1,"domain":"tax","service":"a","status":"ok","duration_ms":1,"x":{"y":[1,2,{"z":null}]}}"#,
        #"{"id":"a","ts":1,"domain":"tax","service":"a","status":"ok","duration_ms":1,"idx":1,"i":2,"durationms":3}"#,
        #"{"id":"a","id":"b","ts":1,"domain":"tax","service":"a","status":"ok","duration_ms":1}"#,
        #"{"id":"a","ts":1,"domain":"tax","service":"a","status":"ok","duration_ms":1,"amount":null}"#,
        #"{"id":"a","ts":1,"domain":"tax","service":"a","status":"ok"}"#,
        #"{"id":"a","ts":1,"domain":"tax","service":"a","status":"ok","duration_ms":1} x"#,
        #"{"id":"a","ts":1,"domain":"tax","service":"a","status":"ok","duration_ms":1}{}"#,
        #"{"id":"a","ts":1,"domain":"tax","service":"a","status":"ok","duration_ms":1,}"#,
        #"{"id":"a","ts":1,"domain":"tax","service":"a","status":"ok","duration_ms":1,"applicant":"\t"}"#,
    ])
    func edges(text: String) {
        let buffer = GuardedBuffer(capacity: 1 << 12)
        let line = Array(text.utf8)
        Self.check(line, in: buffer)
        Self.check(line + [0x0A], in: buffer)
        Self.check(line + Array(" \t\r\n".utf8), in: buffer)
        for length in 0 ..< line.count { Self.check(Array(line[..<length]), in: buffer) }
        // With predictions learnt from this line, then from the usual order.
        let storage = DecoderStorage(domains: Self.domains)
        for primer in [line, Array(Self.usualOrder.utf8)] {
            Self.check(primer, in: buffer, storage: storage)
            Self.check(line, in: buffer, storage: storage)
            Self.check(line + [0x0A], in: buffer, storage: storage)
            for length in 0 ..< line.count { Self.check(Array(line[..<length]), in: buffer, storage: storage) }
        }
    }
}
