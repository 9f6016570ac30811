import Foundation
import Testing
import TamyrCore
import TamyrWorkload

struct DeadLetterMaskTests {
    func masked(_ text: String) -> String {
        var bytes = Array(text.utf8)
        DeadLetterMask.mask(&bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func theApplicantValueIsMasked() {
        #expect(masked(#"{"applicant":"880101300123","ts":1}"#) == #"{"applicant":"************","ts":1}"#)
        #expect(masked(#"{"applicant" : "AB-77" , "x":2}"#) == #"{"applicant" : "*****" , "x":2}"#)
        // A value of the wrong type is still masked, to the next delimiter.
        #expect(masked(#"{"applicant":880101300123,"ts":1}"#) == #"{"applicant":************,"ts":1}"#)
        #expect(masked(#"{"applicant":"a\"b","id":"x"}"#) == #"{"applicant":"****","id":"x"}"#)
    }

    @Test func aKeyWrittenWithEscapesHasItsValueMasked() {
        #expect(masked(#"{"applic\u0061nt":"ID-42","id":"x"}"#) == #"{"applic\u0061nt":"*****","id":"x"}"#)
    }

    @Test func twelveDigitRunsAreMaskedAnywhereButLongerRunsAreKept() {
        #expect(masked(#"{"id":"880101300123", "ts":1796024519340} 990202400456"#)
            == #"{"id":"************", "ts":1796024519340} ************"#)
        #expect(masked("12345678901") == "12345678901")
    }

    @Test func otherFieldsAreKept() {
        let text = #"{"id":"e-1","ts":1796024519340,"domain":"tax","service":"vat-return","status":"ok","duration_ms":12}"#
        #expect(masked(text) == text)
    }

    /// Broken input of every shape: no trap, same length.
    @Test func randomBytesNeverTrapAndKeepTheLength() {
        var random = SeededGenerator(seed: 21)
        let alphabet = Array(#""\:{},][ 0123456789applicant"#.utf8) + [0x0A, 0xFF, 0xC3]
        for _ in 0 ..< 20_000 {
            var bytes = (0 ..< Int(random.below(60))).map { _ in alphabet[Int(random.below(UInt64(alphabet.count)))] }
            let count = bytes.count
            DeadLetterMask.mask(&bytes)
            #expect(bytes.count == count)
        }
    }

    /// Every invalid kind the workload generates (written apart from the decoder),
    /// with its applicant id: the id never survives the mask.
    @Test func theWorkloadsInvalidEventsLoseTheirApplicantIds() {
        var options = WorkloadOptions()
        options.seed = 9
        options.invalidFraction = 1
        var workload = Workload(options: options)
        var checked = 0
        for index in 0 ..< 3_000 {
            var line: [UInt8] = []
            workload.appendEvent(nowMillis: 1_796_032_800_000 + Int64(index), to: &line)
            let text = String(decoding: line, as: UTF8.self)
            guard let range = text.range(of: #""applicant":""#) ?? text.range(of: #""applicant": ""#) else { continue }
            let id = text[range.upperBound...].prefix { $0 != "\"" }
            guard id.count >= 4 else { continue }
            checked += 1
            #expect(!masked(text).contains(id), "\(text)")
        }
        #expect(checked > 500)
    }
}
