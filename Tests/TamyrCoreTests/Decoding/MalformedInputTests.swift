import Testing
import TamyrCore

/// A named byte sequence for parameterised tests.
struct NamedBytes: Sendable, CustomTestStringConvertible {
    let name: String
    let bytes: [UInt8]

    init(_ name: String, _ bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }

    var testDescription: String { name }
}

@Suite("Malformed JSON is recognised wherever it appears")
struct MalformedInputTests {
    static let invalidUTF8: [NamedBytes] = [
        NamedBytes("overlong slash C0 AF", [0xC0, 0xAF]),
        NamedBytes("overlong C1 BF", [0xC1, 0xBF]),
        NamedBytes("overlong 3-byte E0 80 AF", [0xE0, 0x80, 0xAF]),
        NamedBytes("overlong 4-byte F0 80 80 AF", [0xF0, 0x80, 0x80, 0xAF]),
        NamedBytes("surrogate D800 as UTF-8", [0xED, 0xA0, 0x80]),
        NamedBytes("surrogate DFFF as UTF-8", [0xED, 0xBF, 0xBF]),
        NamedBytes("above U+10FFFF F4 90", [0xF4, 0x90, 0x80, 0x80]),
        NamedBytes("F5 lead", [0xF5, 0x80, 0x80, 0x80]),
        NamedBytes("FF byte", [0xFF]),
        NamedBytes("lone continuation", [0x80]),
        NamedBytes("truncated 2-byte", [0xD0]),
        NamedBytes("truncated 3-byte", [0xE2, 0x82]),
        NamedBytes("truncated 4-byte", [0xF0, 0x9F, 0x98]),
        NamedBytes("lead then ASCII", [0xC3, 0x41]),
    ]

    static let valid: [UInt8] = Array(EventFixture.event().utf8)

    /// `bytes` spliced in as string content at several places: id, an unknown field, a key, after escapes.
    static func placements(of bytes: [UInt8]) -> [[UInt8]] {
        let id = Array(#"{"id":"ab"#.utf8) + bytes + Array(#"cd","#.utf8) + valid.dropFirst(14)  // drops {"id":"evt-1",
        let unknown = valid.dropLast() + Array(#","note":"x"#.utf8) + bytes + Array(#""}"#.utf8)
        let key = valid.dropLast() + Array(#",""#.utf8) + bytes + Array(#"":1}"#.utf8)
        let escaped = valid.dropLast() + Array(#","src":"\n"#.utf8) + bytes + Array(#""}"#.utf8)
        let long = valid.dropLast() + Array(#","note":"0123456789abcdef"#.utf8) + bytes + Array("0123456789\"}".utf8)
        return [id, unknown, key, escaped, long]
    }

    @Test("invalid UTF-8 in any string is malformed_json", arguments: invalidUTF8)
    func invalidUTF8InStrings(_ example: NamedBytes) {
        for (index, line) in Self.placements(of: example.bytes).enumerated() {
            #expect(decodeEvents(line).map(\.verdict) == ["malformed_json"], "placement \(index)")
        }
    }

    @Test("valid multi-byte UTF-8 is accepted in the same places")
    func validUTF8InStrings() {
        for sequence in [[0xC2, 0x80], [0xDF, 0xBF], [0xE0, 0xA0, 0x80], [0xED, 0x9F, 0xBF], [0xEE, 0x80, 0x80],
            [0xF0, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF]] as [[UInt8]]
        {
            for (index, line) in Self.placements(of: sequence).enumerated() {
                #expect(decodeEvents(line).map(\.verdict) == ["valid"], "\(sequence) placement \(index)")
            }
        }
    }

    @Test("raw bytes outside strings, including non-ASCII, are malformed_json")
    func invalidBytesOutsideStrings() {
        for byte: UInt8 in [0x00, 0x01, 0x0B, 0x0C, 0x7F, 0x80, 0xC3, 0xFF] {
            let line = Self.valid.dropLast() + [UInt8(ascii: ","), byte] + Array(#""k":1}"#.utf8)
            #expect(decodeEvents(line).map(\.verdict) == ["malformed_json"], "byte \(byte)")
        }
    }

    @Test("raw control characters inside strings are malformed_json, DEL is not")
    func controlCharacters() {
        for byte in UInt8(0) ..< 0x20 where byte != 0x0A {
            let line = Array(#"{"id":"a"#.utf8) + [byte] + Array(EventFixture.event().utf8.dropFirst(12))
            #expect(decodeEvents(line).map(\.verdict) == ["malformed_json"], "byte \(byte)")
        }
        #expect(decodedVerdict(EventFixture.event(["id": "\"a\u{7F}b\""])) == "valid")
    }

    @Test(
        "grammar violations are malformed_json",
        arguments: [
            #"{"id":"\x"}"#, #"{"id":"\u12"}"#, #"{"id":"\u12G4"}"#, #"{"id":"\ud800"}"#, #"{"id":"\udc00"}"#,
            #"{"id":"\ud800\u0041"}"#, #"{"id":"\ud800\ud800"}"#, #"{"id":"\ude00\ud83d"}"#, #"{"id":"\ud83d\n"}"#,
            #"{"id":"\"#, #"{"id":"abc"#, #"{"id""#, #"{"id":}"#, #"{"id" "x"}"#, #"{id:"x"}"#, #"{'id':'x'}"#,
            #"{"a":01}"#, #"{"a":-01}"#, #"{"a":+1}"#, #"{"a":.5}"#, #"{"a":1.}"#, #"{"a":1.e5}"#, #"{"a":1e}"#,
            #"{"a":1e+}"#, #"{"a":-}"#, #"{"a":--1}"#, #"{"a":NaN}"#, #"{"a":Infinity}"#, #"{"a":0x10}"#,
            #"{"a":tru}"#, #"{"a":nul}"#, #"{"a":falsey}"#, #"{"a":True}"#, #"{"a":1,}"#, #"{"a":[1,]}"#,
            #"{"a":[,1]}"#, #"{"a":{"b":1,}}"#, #"{"a":{"b"}}"#, #"{"a":[1 2]}"#, #"{"a":1"b":2}"#, #"{,}"#, "{",
            "}", #"{"a":1}}"#, #"{"a":[}"#, #"{"a":{]}"#, #"{"a":/*c*/1}"#, #"{"a":1 // c"#,
            #"{"amount":01}"#, #"{"ts":1e}"#, #"{"seq":-}"#, #"{"status":tru}"#, #"{"region":[1,]}"#,
            #"{"\u0069d":"\ud800"}"#,
        ]
    )
    func grammarViolations(text: String) {
        #expect(decodeEvents(text + "\n" + EventFixture.event()).map(\.verdict) == ["malformed_json", "valid"])
    }

    @Test("every strict prefix of a valid event is malformed_json")
    func truncations() {
        let line = Array(EventFixture.event(["id": #""\u00e9\ud83d\ude00 Қ""#, "extra": #"[{"a":-1.5e+3},true,null]"#]).utf8)
        for length in 1 ..< line.count {
            #expect(decodeEvents(Array(line[..<length])).map(\.verdict) == ["malformed_json"], "length \(length)")
        }
        #expect(decodeEvents(line).map(\.verdict) == ["valid"])
    }
}
