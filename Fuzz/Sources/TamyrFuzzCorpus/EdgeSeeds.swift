/// Hand-written seeds at the edges of the wire contract (docs/protocol.md):
/// numbers, timestamps, escapes, UTF-8, framing, nesting, `src`/`seq`, and
/// event times that make the window engine jump, wait or count late.
enum EdgeSeeds {
    /// A valid event with `fields` (raw JSON members) appended; a repeated key's last value wins.
    static func event(_ fields: String = "", ts: String = "1796032800000") -> String {
        #"{"id":"e-1","ts":\#(ts),"domain":"tax","service":"vat-return","status":"ok","duration_ms":12.5\#(fields)}"#
    }

    static let all: [(name: String, text: String)] = [
        // Numbers.
        ("number-duration-max.json", event(#","duration_ms":86400000"#)),
        ("number-duration-above-max.json", event(#","duration_ms":86400000.001"#)),
        ("number-duration-rounding.json", event(#","duration_ms":0.0005,"amount":0.0"#)),
        ("number-negative-zero.json", event(#","duration_ms":-0,"amount":-0.0"#)),
        ("number-exponents.json", event(#","duration_ms":1.5E+3,"amount":1e-2,"seq":1e2"#)),
        ("number-huge-exponent.json", event(#","duration_ms":1e999999999999,"amount":1e-999999999"#)),
        ("number-amount-int64-max.json", event(#","amount":92233720368547758.07"#)),
        ("number-amount-overflow.json", event(#","amount":92233720368547758.08"#)),
        ("number-amount-sub-tiyn.json", event(#","amount":1.005"#)),
        ("number-long-digits.json", event(#","duration_ms":000.1,"amount":123456789012345678901234567890"#)),
        ("number-seq-int64-max.json", event(#","src":"p","seq":9223372036854775807"#)),
        ("number-seq-overflow.json", event(#","src":"p","seq":9223372036854775808"#)),
        ("number-grammar.json", #"{"a":[01,+1,.5,1.,-,1e,NaN,Infinity]}"#),
        // Timestamps.
        ("ts-epoch-zero.json", event(ts: "0")),
        ("ts-year-9999.json", event(ts: "253402300799999")),
        ("ts-beyond-9999.json", event(ts: "253402300800000")),
        ("ts-negative.json", event(ts: "-1")),
        ("ts-fraction.json", event(ts: "1796032800000.5")),
        ("ts-rfc3339-offset.json", event(ts: #""2026-11-30T15:00:00.123456789+05:00""#)),
        ("ts-rfc3339-lowercase.json", event(ts: #""2026-11-30t10:00:00z""#)),
        ("ts-rfc3339-leap-second.json", event(ts: #""2016-12-31T23:59:60Z""#)),
        ("ts-rfc3339-feb-29.json", event(ts: #""2024-02-29T00:00:00-23:59""#) + "\n" + event(ts: #""2023-02-29T00:00:00Z""#)),
        ("ts-rfc3339-bad-fields.json", event(ts: #""2026-13-01T24:60:00+24:00""#)),
        ("ts-rfc3339-before-1970.json", event(ts: #""1969-12-31T23:59:59.999Z""#)),
        ("ts-rfc3339-year-9999.json", event(ts: #""9999-12-31T23:59:59.999-00:00""#)),
        // Strings: escapes and UTF-8.
        ("string-escapes.json", event(#","applicant":"\"\\\/\b\f\n\r\t","src":"\u0000\u001f""#)),
        ("string-surrogate-pair.json", event(#","id":"\ud83d\ude00","applicant":"\uD834\uDD1E""#)),
        ("string-lone-surrogate.json", event(#","id":"\ud83d""#) + "\n" + event(#","id":"\ude00x""#)),
        ("string-escaped-keys.json", #"{"\u0069d":"a","t\u0073":1796032800000,"domain":"t\u0061x","service":"s","status":"\u006fk","duration_ms":1}"#),
        ("string-kazakh.json", event(#","id":"Қазақстан-€-😀","applicant":"ӘҒҚҢӨҰҮҺІ""#)),
        ("string-service-charset.json", event(#","service":"a.b_c-d0123456789","region":"KZ-75","channel":"mobile""#)),
        ("string-lengths.json", event(#","src":"\#(String(repeating: "s", count: 64))","applicant":"\#(String(repeating: "a", count: 129))""#)),
        ("string-unknown-domain.json", event(#","domain":"taxes""#)),
        // Framing.
        ("framing-crlf-batch.ndjson", event() + "\r\n" + event(#","status":"failed""#) + "\r\n"),
        ("framing-blank-lines.ndjson", "\n\n  \t\n" + event() + "\n\n"),
        ("framing-trailing-garbage.json", event() + " x\n" + event() + "{}"),
        ("framing-pretty-printed.json", "{\n  \"id\": \"p\",\n  \"ts\": 1796032800000,\n  \"domain\": \"customs\",\n  \"service\": \"import\",\n  \"status\": \"rejected\",\n  \"duration_ms\": 3\n}\n"),
        ("framing-top-level-values.ndjson", "[]\n\"s\"\n1\ntrue\nnull\n{}"),
        ("framing-whitespace-only.json", " \t\r\n "),
        ("nesting-depth-63.json", event(#","x":\#(String(repeating: "[", count: 63))\#(String(repeating: "]", count: 63))"#)),
        ("nesting-depth-64.json", event(#","x":\#(String(repeating: "[", count: 64))\#(String(repeating: "]", count: 64))"#)),
        ("fields-nulls-and-types.json", event(#","region":null,"channel":null,"amount":null,"applicant":null,"src":null,"seq":null"#)
            + "\n" + event(#","region":1,"channel":true,"amount":"1","applicant":[],"src":{},"seq":"1""#)),
        // Sequence accounting: duplicates, gaps, more producers than tracked.
        ("seq-duplicates-and-gaps.ndjson", [1, 2, 2, 5, 3, 9].map { event(#","src":"gw","seq":\#($0)"#) }.joined(separator: "\n")),
        ("seq-many-producers.ndjson", (0 ..< 10).map { event(#","src":"p\#($0)","seq":\#($0)"#) }.joined(separator: "\n")),
        // Event time: late events, a jump of decades, one event per window edge.
        ("time-late-events.ndjson", ["1796032800000", "1796032900000", "1796032700000", "1796032000000"]
            .map { event(ts: $0) }.joined(separator: "\n")),
        ("time-jump-decades.ndjson", ["0", "1796032800000", "253402300799999", "86400000"].map { event(ts: $0) }.joined(separator: "\n")),
        ("time-window-edges.ndjson", ["1796032799999", "1796032800000", "1796032809999", "1796032810000", "1796036400000"]
            .map { event(ts: $0) }.joined(separator: "\n")),
        ("groups-many-services.ndjson", (0 ..< 6).map { event(#","service":"s\#($0)","region":"KZ-\#($0)\#($0)","channel":"office""#) }
            .joined(separator: "\n")),
    ]

    /// Seeds that are not UTF-8 text.
    static let bytes: [(String, [UInt8])] = [
        ("utf8-invalid-sequences.ndjson", utf8Cases.flatMap { Array(event(#","id":""#).utf8).dropLast(2) + $0 + Array("\"}\n".utf8) }),
        ("bytes-nul-and-high.json", Array(event().utf8.prefix(20)) + [0x00, 0xFF, 0x7F, 0x80] + Array(event().utf8.dropFirst(20))),
    ]

    /// An overlong `/`, a UTF-8-encoded surrogate, a code point above U+10FFFF,
    /// a truncated 3-byte sequence, a lone continuation byte, and one valid 4-byte sequence.
    static let utf8Cases: [[UInt8]] = [[0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x80], [0xF0, 0x9F, 0x98, 0x80]]
}
