import Testing
import TamyrCore

@Suite("Framing: one event per record, NDJSON batches, resynchronisation after broken lines")
struct FramingTests {
    let good = EventFixture.event()
    let other = EventFixture.event(["id": "\"evt-2\"", "seq": "43"])

    @Test("an NDJSON batch yields one event per line, in order")
    func batchOrder() {
        let events = decodeEvents(good + "\n" + other + "\n" + EventFixture.event(["id": "\"evt-3\""]))
        #expect(events.map(\.verdict) == ["valid", "valid", "valid"])
        #expect(events.map(\.idText) == ["evt-1", "evt-2", "evt-3"])
    }

    @Test("good and bad lines mix; each bad line is one malformed_json or rejected event")
    func mixedBatch() {
        let payload = [
            good,
            "{\"id\":",
            EventFixture.event(["status": "\"weird\""]),
            "not json at all",
            other,
            "[1,2,3]",
            "{} {}",
            EventFixture.event(["id": "\"evt-4\""]),
        ].joined(separator: "\n")
        let events = decodeEvents(payload)
        #expect(
            events.map(\.verdict) == [
                "valid", "malformed_json", "out_of_range/status", "malformed_json", "valid", "malformed_json",
                "malformed_json", "valid",
            ]
        )
        #expect(events.filter { $0.rejection == nil }.map(\.idText) == ["evt-1", "evt-2", "evt-4"])
    }

    @Test("a broken object that would swallow the next line does not")
    func brokenLineDoesNotSwallowNext() {
        // Without the line rule, the parser would read the second line as the value of "ts".
        let unfinished = #"{"id":"a","ts":"#
        #expect(decodeEvents(unfinished + "\n" + good).map(\.verdict) == ["malformed_json", "valid"])
        // Here the parser reads the whole second line as the value of "x" and fails only after it.
        let events = decodeEvents(#"{"id":"a","x":"# + "\n" + good + "\n" + other)
        #expect(events.map(\.verdict) == ["malformed_json", "valid", "valid"])
        #expect(events.map(\.idText).suffix(2) == ["evt-1", "evt-2"])
        // A string left open ends at the raw line feed, which strings may not hold.
        #expect(decodeEvents(#"{"id":"abc"# + "\n" + good).map(\.verdict) == ["malformed_json", "valid"])
    }

    @Test("trailing and repeated line feeds, blank lines and CRLF produce nothing extra")
    func lineEnds() {
        #expect(decodeEvents(good + "\n").map(\.verdict) == ["valid"])
        #expect(decodeEvents("\n\n" + good + "\n\n\n" + other + "\n\n").map(\.verdict) == ["valid", "valid"])
        #expect(decodeEvents(good + "\r\n" + other + "\r\n").map(\.verdict) == ["valid", "valid"])
        #expect(decodeEvents(good + " \t\r\n \t" + other + "\t \r").map(\.verdict) == ["valid", "valid"])
        #expect(decodeEvents(" \r\n\t" + good).map(\.verdict) == ["valid"])
    }

    @Test("a pretty-printed single event is one record")
    func prettyPrinted() throws {
        let pretty = """
            {
              "id": "evt-1",
              "ts": "2024-11-30T10:00:00Z",
              "domain": "customs",
              "service": "import-declaration",
              "status": "ok",
              "duration_ms": 1875.2,
              "extra": {
                "list": [
                  1,
                  2
                ]
              }
            }

            """
        let events = decodeEvents(pretty)
        #expect(events.map(\.verdict) == ["valid"])
        #expect(events.first?.timestampMillis == EventFixture.baseMillis)
        #expect(decodeEvents(pretty.replacingLineFeeds(with: "\r\n")).map(\.verdict) == ["valid"])
    }

    @Test("a payload without any record is one malformed_json event")
    func emptyPayloads() {
        #expect(decodeEvents("").map(\.verdict) == ["malformed_json"])
        #expect(decodeEvents(" \n\t\r\n\n").map(\.verdict) == ["malformed_json"])
        var decoder = EventDecoder(domains: EventFixture.domains, maxFutureSkewMillis: 0)
        var sink = CollectingEventSink()
        decoder.decode(UnsafeRawBufferPointer(start: nil, count: 0), nowMillis: 0, into: &sink)
        #expect(sink.events.map(\.verdict) == ["malformed_json"])
        #expect(sink.events.first?.rejectedField == nil)
    }

    @Test("text after the object on its line makes the record malformed, and only that record")
    func trailingContent() {
        #expect(decodeEvents(good + " x").map(\.verdict) == ["malformed_json"])
        #expect(decodeEvents(good + good).map(\.verdict) == ["malformed_json"])
        #expect(decodeEvents(good + " " + good + "\n" + other).map(\.verdict) == ["malformed_json", "valid"])
        #expect(decodeEvents(good + ",\n" + other).map(\.verdict) == ["malformed_json", "valid"])
        #expect(decodeEvents(good + "\u{0C}\n" + other).map(\.verdict) == ["malformed_json", "valid"])
    }

    @Test(
        "top-level values other than an object are malformed_json",
        arguments: ["[]", "[" + EventFixture.event() + "]", "\"event\"", "42", "-1.5", "true", "false", "null"]
    )
    func topLevelNonObject(text: String) {
        #expect(decodeEvents(text + "\n" + good).map(\.verdict) == ["malformed_json", "valid"])
    }

    @Test("a record that fails on a later line resumes after its first line")
    func failureInsidePrettyPrinted() {
        // The contract's rule, documented on the decoder: resume after the first
        // line feed after the record's start, so the remaining lines become records.
        let broken = "{\n\"id\": \"a\",\n\"ts\": 01\n}\n" + good
        let events = decodeEvents(broken)
        #expect(events.map(\.verdict) == ["malformed_json", "malformed_json", "malformed_json", "malformed_json", "valid"])
    }

    @Test("decoding the same payload twice, or with a copied decoder, gives the same events")
    func decoderReuse() {
        let payload = Array((good + "\n" + EventFixture.event(["id": "\"\\u00e9\\u00e9\""]) + "\n{bad").utf8)
        var decoder = EventDecoder(domains: EventFixture.domains, maxFutureSkewMillis: EventFixture.skewMillis)
        var first = CollectingEventSink()
        var second = CollectingEventSink()
        var third = CollectingEventSink()
        payload.withUnsafeBytes { decoder.decode($0, nowMillis: EventFixture.nowMillis, into: &first) }
        var copy = decoder
        payload.withUnsafeBytes { copy.decode($0, nowMillis: EventFixture.nowMillis, into: &second) }
        payload.withUnsafeBytes { decoder.decode($0, nowMillis: EventFixture.nowMillis, into: &third) }
        #expect(first.events.map(\.verdict) == ["valid", "valid", "malformed_json"])
        #expect(first.events[1].idText == "éé")
        #expect(second.events == first.events)
        #expect(third.events == first.events)
    }
}

extension String {
    fileprivate func replacingLineFeeds(with separator: String) -> String {
        split(separator: "\n", omittingEmptySubsequences: false).joined(separator: separator)
    }
}
