import Testing
import TamyrCore

@Suite("Arbitrary bytes never crash the decoder or make it read past the payload")
struct RobustnessTests {
    /// Decodes `bytes` placed against a guard page and checks the framing invariants.
    private static func decodeGuarded(
        _ bytes: [UInt8],
        decoder: inout EventDecoder,
        buffer: GuardedBuffer,
        context: @autoclosure () -> String
    ) {
        var sink = CollectingEventSink()
        buffer.withPayload(bytes) { decoder.decode($0, nowMillis: EventFixture.nowMillis, into: &sink) }
        // At least one event (an empty payload is one malformed_json), at most one per line.
        let lines = bytes.count { $0 == 0x0A } + 1
        #expect(!sink.events.isEmpty && sink.events.count <= lines, "\(context()): \(sink.events.count) events")
    }

    @Test("100,000 random byte strings", arguments: 0 ..< UInt64(4))
    func randomBytes(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var decoder = EventDecoder(domains: EventFixture.domains, maxFutureSkewMillis: EventFixture.skewMillis)
        let buffer = GuardedBuffer(capacity: 4096)
        // Bytes that JSON and the rules care about, so random strings get deep into the grammar.
        let alphabet = Array(#"{}[]":,\ntrufalsenul0123456789-+.eE "uidtsKZ-AL"#.utf8) + [0x0A, 0x0D, 0x09, 0xC3, 0xA9, 0xED, 0xF0, 0x9F]
        let keys = ["\"id\":", "\"ts\":", "\"domain\":", "\"service\":", "\"amount\":", "\"seq\":", "\"duration_ms\":", "\"\\u"]
        for iteration in 0 ..< 25_000 {
            var bytes: [UInt8] = []
            let length = Int.random(in: 0 ... 96, using: &random)
            switch iteration % 3 {
            case 0:
                for _ in 0 ..< length { bytes.append(UInt8.random(in: 0 ... 255, using: &random)) }
            case 1:
                for _ in 0 ..< length { bytes.append(alphabet.randomElement(using: &random)!) }
            default:
                bytes = Array("{".utf8)
                while bytes.count < length {
                    if random.chance(0.3) {
                        bytes += Array(keys.randomElement(using: &random)!.utf8)
                    } else {
                        bytes.append(alphabet.randomElement(using: &random)!)
                    }
                }
            }
            Self.decodeGuarded(bytes, decoder: &decoder, buffer: buffer, context: "seed \(seed) iteration \(iteration)")
        }
    }

    @Test("random prefixes of valid and generated events", arguments: 0 ..< UInt64(2))
    func prefixes(seed: UInt64) {
        var generator = EventLineGenerator(seed: seed &+ 1_000)
        var random = SplitMix64(seed: seed)
        var decoder = EventDecoder(domains: EventFixture.domains, maxFutureSkewMillis: EventFixture.skewMillis)
        let buffer = GuardedBuffer(capacity: 1 << 16)
        for iteration in 0 ..< 2_000 {
            let line = iteration % 4 == 0 ? Array(EventFixture.event().utf8) : generator.line(mutationRate: 0.2)
            for _ in 0 ..< 12 {
                let prefix = line.prefix(Int.random(in: 0 ... line.count, using: &random))
                Self.decodeGuarded(Array(prefix), decoder: &decoder, buffer: buffer, context: "seed \(seed) iteration \(iteration)")
            }
            // Every byte boundary of a short prefix region, where the word-at-a-time scans switch to bytes.
            for cut in max(0, line.count - 9) ... line.count {
                Self.decodeGuarded(Array(line.prefix(cut)), decoder: &decoder, buffer: buffer, context: "seed \(seed) cut \(cut)")
            }
        }
    }

    @Test("a valid event ending exactly at the guard page decodes, and so does a batch")
    func validAtTheEdge() {
        var decoder = EventDecoder(domains: EventFixture.domains, maxFutureSkewMillis: EventFixture.skewMillis)
        let buffer = GuardedBuffer(capacity: 4096)
        for text in [EventFixture.event(), EventFixture.event() + "\n" + EventFixture.event(["id": "\"é\""]), "{\"id\":\"\\u00e9\"}", "{}"] {
            var sink = CollectingEventSink()
            buffer.withPayload(Array(text.utf8)) { decoder.decode($0, nowMillis: EventFixture.nowMillis, into: &sink) }
            #expect(sink.events.map(\.verdict) == decodeEvents(text).map(\.verdict))
            #expect(!sink.events.isEmpty)
        }
    }
}
