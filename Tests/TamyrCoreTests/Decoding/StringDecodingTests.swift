import Testing
import TamyrCore

@Suite("Strings: escapes are decoded, raw UTF-8 passes through, lengths count decoded bytes")
struct StringDecodingTests {
    @Test(
        "escapes in id decode to the intended text",
        arguments: [
            (#"a\nb"#, "a\nb"), (#"q\"q"#, "q\"q"), (#"back\\slash"#, "back\\slash"), (#"a\/b"#, "a/b"),
            (#"\b\f\n\r\t"#, "\u{08}\u{0C}\n\r\t"), (#"caf\u00e9"#, "café"), (#"CAF\u00C9"#, "CAFÉ"),
            (#"\ud83d\ude00"#, "😀"), (#"x\uD83D\uDE00y"#, "x😀y"), (#"\u0000"#, "\u{0}"), (#"\u20AC"#, "€"),
            (#"\uFFFF"#, "\u{FFFF}"), (#"\udbff\udfff"#, "\u{10FFFF}"), (#"\u049a\u0430\u0437\u0430\u049b"#, "Қазақ"),
            (#"mixed Қ\u049a and raw 😀 \ud83d\ude00"#, "mixed ҚҚ and raw 😀 😀"),
        ] as [(String, String)]
    )
    func escapes(json: String, text: String) throws {
        let event = try #require(decodeSingleEvent(EventFixture.event(["id": "\"\(json)\""])))
        #expect(event.verdict == "valid")
        #expect(event.id == Array(text.utf8))
    }

    @Test("raw Kazakh text in id is accepted with its exact UTF-8 bytes")
    func kazakhInID() throws {
        let text = "Қазақстан Республикасы — өтініш №5"
        let event = try #require(decodeSingleEvent(EventFixture.event(["id": "\"\(text)\"", "applicant": "\"Әлия Нұрғали\""])))
        #expect(event.verdict == "valid")
        #expect(event.id == Array(text.utf8))
        #expect(event.applicant == Array("Әлия Нұрғали".utf8))
    }

    @Test("Kazakh text in service is out_of_range; escaped ASCII in service decodes to the plain name")
    func serviceText() throws {
        #expect(decodedVerdict(EventFixture.event(["service": "\"Қазақстан\""])) == "out_of_range/service")
        #expect(decodedVerdict(EventFixture.event(["service": #""\u049a""#])) == "out_of_range/service")
        let event = try #require(decodeSingleEvent(EventFixture.event(["service": #""t\u0061x-certificate""#])))
        #expect(event.verdict == "valid")
        #expect(event.serviceText == "tax-certificate")
    }

    @Test("escaped keys match the known fields")
    func escapedKeys() throws {
        let line = #"{"\u0069d":"k","t\u0073":0,"domain":"tax","\u0073ervice":"s","status":"ok","duration\u005fms":1,"# +
            #""\u0061pplicant":"app","src":"s1","se\u0071":3}"#
        let event = try #require(decodeSingleEvent(line))
        #expect(event.verdict == "valid")
        #expect(event.idText == "k")
        #expect(event.applicantText == "app")
        #expect(event.sequence == 3)
        // An escaped key longer than any known key is simply unknown.
        let long = EventFixture.event(["\\u0069d_that_is_longer_than_any_known": "1"])
        #expect(decodedVerdict(long) == "valid")
    }

    @Test("every string length from 0 to 130 bytes, raw or escaped, is measured exactly")
    func lengthsAcrossWordBoundaries() throws {
        for length in 0 ... 130 {
            let raw = String(repeating: "x", count: length)
            let rawEvent = try #require(decodeSingleEvent(EventFixture.event(["id": "\"\(raw)\""])))
            #expect(rawEvent.verdict == ((1 ... 128).contains(length) ? "valid" : "out_of_range/id"), "raw \(length)")
            if rawEvent.rejection == nil { #expect(rawEvent.id == Array(raw.utf8)) }

            // The escape sits at every position in turn.
            let escaped = String(repeating: "y", count: max(length - 1, 0) / 2) + "\\n"
                + String(repeating: "z", count: max(length - 1, 0) - max(length - 1, 0) / 2)
            let decoded = escaped.replacingEscapedNewline()
            let event = try #require(decodeSingleEvent(EventFixture.event(["applicant": "\"\(escaped)\""])))
            let expected = (1 ... 128).contains(decoded.utf8.count) ? "valid" : "out_of_range/applicant"
            #expect(event.verdict == expected, "escaped \(length)")
            if event.rejection == nil { #expect(event.applicant == Array(decoded.utf8)) }
        }
    }

    @Test("a multi-byte character at every offset relative to the 8-byte words")
    func multiByteAtEveryOffset() throws {
        for prefix in 0 ..< 20 {
            for character in ["é", "Қ", "€", "😀"] {
                let text = String(repeating: "a", count: prefix) + character + "b"
                let event = try #require(decodeSingleEvent(EventFixture.event(["id": "\"\(text)\""])))
                #expect(event.id == Array(text.utf8), "\(prefix) \(character)")
            }
        }
    }
}

extension String {
    /// Replaces the two characters `\n` by a line feed: the test's own decoding of its one escape.
    fileprivate func replacingEscapedNewline() -> String {
        var result = ""
        var previousWasBackslash = false
        for character in self {
            if previousWasBackslash {
                result.append(character == "n" ? "\n" : character)
                previousWasBackslash = false
            } else if character == "\\" {
                previousWasBackslash = true
            } else {
                result.append(character)
            }
        }
        return result
    }
}
