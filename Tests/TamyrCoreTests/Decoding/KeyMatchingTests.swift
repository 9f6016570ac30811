import Foundation
import Testing
import TamyrCore

@Suite("Keys are recognised by their exact decoded bytes, however they are written")
struct KeyMatchingTests {
    static let wireNames = ["id", "ts", "domain", "service", "status", "duration_ms", "region", "channel", "amount",
        "applicant", "src", "seq"]

    /// `name` with every character written as a `\u` escape.
    private static func escaped(_ name: String) -> String {
        name.unicodeScalars.map { scalar in
            let hex = String(scalar.value, radix: 16)
            return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        }.joined()
    }

    @Test("a fully escaped key means the same field as the plain key", arguments: wireNames)
    func escapedKey(name: String) throws {
        let plain = try #require(decodeSingleEvent(EventFixture.event()))
        let line = EventFixture.event().replacingFirst("\"\(name)\":", with: "\"\(Self.escaped(name))\":")
        #expect(line != EventFixture.event())
        let event = try #require(decodeSingleEvent(line))
        #expect(event == plain, "\(line)")
    }

    @Test("a key at the very end of the payload is recognised too", arguments: wireNames)
    func keyNearTheEnd(name: String) throws {
        // The member is moved to the end, so fewer than 16 bytes follow its key.
        let member = EventFixture.members.first { $0.key == name }!
        var replacing: [String: String?] = [name: nil]
        replacing["zz"] = "0"  // keeps the object non-empty when `name` was the only member
        let line = String(EventFixture.event(replacing).dropLast()) + ",\"\(name)\":\(member.value)}"
        let event = try #require(decodeSingleEvent(line))
        #expect(event == decodeSingleEvent(EventFixture.event()), "\(line)")
    }

    @Test(
        "keys that differ from a known key in any byte are unknown",
        arguments: ["i", "idd", "Id", "ID", "id ", " id", #"id\u0000"#, "ie", "jd", "iD"]
    )
    func nearMissesOfID(key: String) {
        let line = EventFixture.event().replacingFirst("\"id\":", with: "\"\(key)\":")
        #expect(decodedVerdict(line) == "missing_field/id", "\(line)")
    }

    @Test(
        "near misses of the longer keys are unknown too",
        arguments: ["duration_m", "duration_mss", "duration-ms", "Duration_ms", "durationms", "duration_ms\u{7F}"]
    )
    func nearMissesOfDuration(key: String) {
        let line = EventFixture.event().replacingFirst("\"duration_ms\":", with: "\"\(key)\":")
        #expect(decodedVerdict(line) == "missing_field/duration_ms", "\(line)")
    }

    @Test("near misses of optional keys leave the field absent")
    func nearMissesOfOptionalKeys() throws {
        let line = EventFixture.event()
            .replacingFirst("\"applicant\":", with: "\"applicants\":")
            .replacingFirst("\"seq\":", with: "\"se\":")
            .replacingFirst("\"amount\":", with: "\"amounT\":")
        let event = try #require(decodeSingleEvent(line))
        #expect(event.verdict == "valid")
        #expect(event.applicant == nil)
        #expect(event.sequence == nil)
        #expect(event.amountTiyn == nil)
    }
}

extension String {
    /// This string with the first occurrence of `target` replaced.
    fileprivate func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}
