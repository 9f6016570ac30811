import Testing
import TamyrCore

@Suite("Valid events carry exactly the values written on the wire")
struct FieldValueTests {
    @Test("the fixture event's fields")
    func fixtureFields() throws {
        let event = try #require(decodeSingleEvent(EventFixture.event()))
        #expect(event.rejection == nil)
        #expect(event.rejectedField == nil)
        #expect(event.idText == "evt-1")
        #expect(event.timestampMillis == 1_732_960_800_000)
        #expect(event.domain == 0)
        #expect(event.serviceText == "import-declaration")
        #expect(event.status == .ok)
        #expect(event.durationMicros == 1_875_200)
        #expect(RegionCode.name(event.region) == "KZ-ALA")
        #expect(event.channel == .online)
        #expect(event.amountTiyn == 123_456)
        #expect(event.applicantText == "a-77")
        #expect(event.sourceText == "gw-1")
        #expect(event.sequence == 42)
    }

    @Test("optional fields absent or null take their absent values")
    func absentOptionals() throws {
        let absent = try #require(
            decodeSingleEvent(EventFixture.event(["region": nil, "channel": nil, "amount": nil, "applicant": nil, "src": nil, "seq": nil]))
        )
        let null = try #require(
            decodeSingleEvent(
                EventFixture.event([
                    "region": "null", "channel": "null", "amount": "null", "applicant": "null", "src": "null",
                    "seq": "null",
                ])
            )
        )
        for event in [absent, null] {
            #expect(event.rejection == nil)
            #expect(event.region == 0)
            #expect(RegionCode.name(event.region) == "unknown")
            #expect(event.channel == .unknown)
            #expect(event.amountTiyn == nil)
            #expect(event.applicant == nil)
            #expect(event.source == nil)
            #expect(event.sequence == nil)
        }
    }

    @Test("domain is the index in the configured list", arguments: [("customs", 0), ("tax", 1), ("ecommerce", 2)])
    func domainIndex(name: String, index: Int) throws {
        let event = try #require(decodeSingleEvent(EventFixture.event(["domain": "\"\(name)\""])))
        #expect(event.domain == index)
    }

    @Test("status and channel map to their cases")
    func keywords() throws {
        let failed = try #require(decodeSingleEvent(EventFixture.event(["status": "\"failed\"", "channel": "\"mobile\""])))
        #expect(failed.status == .failed)
        #expect(failed.channel == .mobile)
        let rejected = try #require(decodeSingleEvent(EventFixture.event(["status": "\"rejected\"", "channel": "\"office\""])))
        #expect(rejected.status == .rejected)
        #expect(rejected.channel == .office)
    }

    @Test(
        "region codes pack little-endian and unpack to the same text",
        arguments: ["KZ-ALA", "KZ-AST", "KZ-75", "KZ-19", "KZ-ULT"]
    )
    func regionPacking(code: String) throws {
        let event = try #require(decodeSingleEvent(EventFixture.event(["region": "\"\(code)\""])))
        var expected: UInt64 = 0
        for (index, byte) in code.utf8.enumerated() { expected |= UInt64(byte) << (8 * UInt64(index)) }
        #expect(event.region == expected)
        #expect(RegionCode.name(event.region) == code)
        #expect(RegionCode.pack(code) == expected)
    }

    @Test("RegionCode.pack refuses what the region rule refuses", arguments: ["KZ-1", "KZ-ABCD", "kz-ala", "", "KZ-ÄL"])
    func regionPackingRefuses(code: String) {
        #expect(RegionCode.pack(code) == nil)
    }

    @Test(
        "duration_ms becomes microseconds, rounding half to even beyond 3 decimals",
        arguments: [
            ("0", 0), ("1", 1000), ("1875.2", 1_875_200), ("1.5e2", 150_000), ("1e-3", 1), ("12345678.9", 12_345_678_900),
            ("1.0005", 1000), ("1.0015", 1002), ("1.0025", 1002), ("1.00250001", 1003), ("1.0024999", 1002),
            ("0.0005", 0), ("0.0015", 2), ("0.00049", 0), ("86399999.9999", 86_400_000_000),
            ("86400000", 86_400_000_000), ("2.5E-4", 0), ("7.5e-4", 1), ("0.000000000000000000000000000001", 0),
        ] as [(String, Int64)]
    )
    func durationMicros(text: String, micros: Int64) throws {
        let event = try #require(decodeSingleEvent(EventFixture.event(["duration_ms": text])))
        #expect(event.rejection == nil)
        #expect(event.durationMicros == micros)
    }

    @Test("ts accepts epoch milliseconds at both ends of its range")
    func timestampRange() throws {
        let first = try #require(decodeSingleEvent(EventFixture.event(["ts": "0"]), nowMillis: .max))
        #expect(first.timestampMillis == 0)
        let last = try #require(decodeSingleEvent(EventFixture.event(["ts": "253402300799999"]), nowMillis: .max))
        #expect(last.rejection == nil)
        #expect(last.timestampMillis == 253_402_300_799_999)
        let string = try #require(decodeSingleEvent(EventFixture.event(["ts": "\"9999-12-31T23:59:59.999999999Z\""]), nowMillis: .max))
        #expect(string.rejection == nil)
        #expect(string.timestampMillis == 253_402_300_799_999)
    }

    @Test("seq reaches Int64.max")
    func sequenceLimit() throws {
        let event = try #require(decodeSingleEvent(EventFixture.event(["seq": "9223372036854775807"])))
        #expect(event.sequence == .max)
    }
}

@Suite("Rejections: precedence, future timestamps, and what rejected events still carry")
struct RejectionTests {
    @Test(
        "with two bad fields, the earlier one in the rule order decides",
        arguments: [
            (["id": nil, "ts": "true"], "missing_field/id"),
            (["ts": "\"soon\"", "domain": "\"nowhere\""], "bad_type/ts"),
            (["domain": "\"nowhere\"", "service": "\"Bad Name\""], "unknown_domain/domain"),
            (["service": "\"\"", "status": nil], "out_of_range/service"),
            (["status": "\"fine\"", "duration_ms": "\"1\""], "out_of_range/status"),
            (["duration_ms": "-5", "region": "\"KZ\""], "out_of_range/duration_ms"),
            (["region": "1", "channel": "\"web\""], "bad_type/region"),
            (["channel": "\"web\"", "amount": "-1"], "out_of_range/channel"),
            (["amount": "1.001", "applicant": "\"\""], "out_of_range/amount"),
            (["applicant": "7", "src": "\"\""], "bad_type/applicant"),
            (["src": "\"\"", "seq": "-1"], "out_of_range/src"),
            (["seq": "1.5", "id": "\"\""], "out_of_range/id"),
            (["seq": "1.5"], "bad_type/seq"),
        ] as [([String: String?], String)]
    )
    func precedence(replacing: [String: String?], expected: String) {
        #expect(decodedVerdict(EventFixture.event(replacing)) == expected)
    }

    @Test("a ts beyond now + skew is future_ts, whatever its form")
    func futureTimestamp() {
        let now: Int64 = 1_732_960_800_000  // 2024-11-30T10:00:00Z
        #expect(decodedVerdict(EventFixture.event(["ts": "1732961100000"]), nowMillis: now) == "valid")  // exactly now + 5 min
        #expect(decodedVerdict(EventFixture.event(["ts": "1732961100001"]), nowMillis: now) == "future_ts/ts")
        #expect(decodedVerdict(EventFixture.event(["ts": "\"2024-11-30T10:05:00.000Z\""]), nowMillis: now) == "valid")
        #expect(decodedVerdict(EventFixture.event(["ts": "\"2024-11-30T15:05:00.001+05:00\""]), nowMillis: now) == "future_ts/ts")
    }

    @Test("future_ts is decided only after every field rule passed")
    func futureTimestampComesLast() {
        let now: Int64 = 1_732_960_800_000
        let line = EventFixture.event(["ts": "1832961100001", "seq": "-1"])
        #expect(decodedVerdict(line, nowMillis: now) == "out_of_range/seq")
    }

    @Test("a huge skew saturates instead of overflowing")
    func saturatedSkew() {
        let events = decodeEvents(Array(EventFixture.event().utf8), nowMillis: .max - 10, skewMillis: .max)
        #expect(events.map(\.verdict) == ["valid"])
    }

    @Test("src and seq are filled in on events rejected for another field")
    func lossAccountingSurvivesRejection() throws {
        let event = try #require(decodeSingleEvent(EventFixture.event(["domain": "\"nowhere\"", "src": "\"gw-9\"", "seq": "77"])))
        #expect(event.verdict == "unknown_domain/domain")
        #expect(event.sourceText == "gw-9")
        #expect(event.sequence == 77)

        let missingID = try #require(decodeSingleEvent(EventFixture.event(["id": nil, "src": "\"p\\u0031\""])))
        #expect(missingID.verdict == "missing_field/id")
        #expect(missingID.sourceText == "p1")
        #expect(missingID.sequence == 42)
    }

    @Test("an invalid src or seq is left nil while the other is kept")
    func invalidLossFields() throws {
        let badSource = try #require(decodeSingleEvent(EventFixture.event(["src": "\"\"", "seq": "5"])))
        #expect(badSource.verdict == "out_of_range/src")
        #expect(badSource.source == nil)
        #expect(badSource.sequence == 5)
        let badSequence = try #require(decodeSingleEvent(EventFixture.event(["seq": "5.0"])))
        #expect(badSequence.verdict == "bad_type/seq")
        #expect(badSequence.sourceText == "gw-1")
        #expect(badSequence.sequence == nil)
    }

    @Test("malformed records carry no src or seq")
    func malformedHasNoLossFields() throws {
        let event = try #require(decodeSingleEvent(EventFixture.event(["extra": "[1,]"])))
        #expect(event.verdict == "malformed_json")
        #expect(event.rejectedField == nil)
        #expect(event.source == nil)
        #expect(event.sequence == nil)
    }
}

@Suite("Object structure: duplicate keys, unknown fields, nesting depth")
struct ObjectStructureTests {
    @Test("the last occurrence of a repeated key wins")
    func duplicateKeys() throws {
        // The fixture with `members` added after its own (the key order of the text).
        func withTrailing(_ members: String) -> String { String(EventFixture.event().dropLast()) + "," + members + "}" }
        #expect(decodedVerdict(#"{"status":"bad","# + EventFixture.event().dropFirst()) == "valid")
        #expect(decodedVerdict(withTrailing(#""status":"bad""#)) == "out_of_range/status")
        #expect(decodedVerdict(withTrailing(#""id":null"#)) == "missing_field/id")
        let escapedKey = try #require(decodeSingleEvent(withTrailing(#""\u0073eq":7"#)))
        #expect(escapedKey.sequence == 7)
        let laterString = try #require(decodeSingleEvent(withTrailing(#""id":"sec\u006fnd","id":"third""#)))
        #expect(laterString.idText == "third")
    }

    @Test("unknown fields of any type and nesting are ignored")
    func unknownFields() throws {
        let extras = [
            "note": #""a \"quoted\" \u00e9 word""#,
            "nested": #"{"a":[1,-2.5e-3,{"b":null,"c":[true,false,[]]}],"d":{}}"#,
            "list": #"[ "x" , 1 , { } , [ [ ] ] ]"#,
            "ID": "5", "Ts": "null", "amount_kzt": "\"x\"", "sequence": "[]",
            // Beyond Double's range, yet valid JSON (Foundation on Linux refuses these).
            "huge": "1e400", "tiny": "-1E-400", "long": "123456789012345678901234567890123456789012345.5",
        ]
        let event = try #require(decodeSingleEvent(EventFixture.event(extras)))
        #expect(event.verdict == "valid")
        #expect(event.idText == "evt-1")
    }

    @Test("nesting is allowed up to 64 levels, counting the event object")
    func depthLimit() {
        func nested(_ levels: Int, open: String, close: String) -> String {
            String(repeating: open, count: levels) + String(repeating: close, count: levels)
        }
        #expect(decodedVerdict(EventFixture.event(["deep": nested(63, open: "[", close: "]")])) == "valid")
        #expect(decodedVerdict(EventFixture.event(["deep": nested(64, open: "[", close: "]")])) == "malformed_json")
        let objects63 = String(repeating: #"{"k":"#, count: 62) + "{}" + String(repeating: "}", count: 62)
        #expect(decodedVerdict(EventFixture.event(["deep": objects63])) == "valid")
        let objects64 = String(repeating: #"{"k":"#, count: 63) + "{}" + String(repeating: "}", count: 63)
        #expect(decodedVerdict(EventFixture.event(["deep": objects64])) == "malformed_json")
        #expect(decodedVerdict(EventFixture.event(["amount": nested(63, open: "[", close: "]")])) == "bad_type/amount")
        #expect(decodedVerdict(EventFixture.event(["amount": nested(64, open: "[", close: "]")])) == "malformed_json")
        #expect(decodedVerdict(EventFixture.event(["deep": nested(10_000, open: "[", close: "]")])) == "malformed_json")
    }
}
