import Foundation
import Testing
import TamyrWorkload

@Suite("JSONText and DeterministicMath")
struct JSONTextTests {
    @Test("escaped strings parse back to the original", arguments: [
        "plain", "quote \" and backslash \\", "tab\tnewline\ncr\rbell\u{07}nul\u{00}esc\u{1B}",
        "Өтініш қабылданды", "emoji 🇰🇿", "\u{08}\u{0C}\u{1F}", "",
    ])
    func escaperRoundTrip(original: String) throws {
        var bytes: [UInt8] = Array("[".utf8)
        JSONText.appendString(original, to: &bytes)
        bytes.append(UInt8(ascii: "]"))
        #expect(!bytes.contains(0x0A) && !bytes.contains(0x0D), "raw line breaks must be escaped")
        let parsed = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String]
        #expect(parsed == [original])
    }

    @Test("integers and fixed-point numbers are printed exactly", arguments: [
        (Int64(0), 0, "0"), (Int64(7), 0, "7"), (Int64(-42), 0, "-42"),
        (Int64.max, 0, "9223372036854775807"), (Int64.min, 0, "-9223372036854775808"),
        (Int64(123456), 2, "1234.56"), (Int64(5), 2, "0.05"), (Int64(-5), 3, "-0.005"),
        (Int64(100), 2, "1.00"), (Int64(1005), 3, "1.005"), (Int64(86_400_000_000), 3, "86400000.000"),
    ])
    func numbers(value: Int64, digits: Int, expected: String) {
        var bytes: [UInt8] = []
        if digits == 0 {
            JSONText.appendInteger(value, to: &bytes)
        } else {
            JSONText.appendFixed(value, fractionDigits: digits, to: &bytes)
        }
        #expect(String(decoding: bytes, as: UTF8.self) == expected)
    }

    @Test("exp and log agree with the platform libm to about 1e-14")
    func mathAccuracy() {
        var x = -30.0
        while x <= 30 {
            let mine = DeterministicMath.exp(x)
            #expect(abs(mine - Foundation.exp(x)) <= 1e-14 * Foundation.exp(x), "exp(\(x))")
            x += 0.173
        }
        for value in [1e-300, 1e-9, 0.001, 0.5, 0.999, 1, 1.5, 2, 3.14159, 1e6, 1.7e300] {
            let mine = DeterministicMath.log(value)
            #expect(abs(mine - Foundation.log(value)) <= 1e-14 * max(1, abs(Foundation.log(value))), "log(\(value))")
        }
        #expect(DeterministicMath.log(1) == 0)
    }

    @Test("applicant ids are 12 digits, distinct per index, with valid IIN check digits")
    func applicantIDs() {
        let population = ApplicantPopulation(size: 120_000)
        var seen = Set<String>()
        var buffer: [UInt8] = []
        for index in stride(from: UInt64(0), to: 120_000, by: 1) {
            buffer.removeAll(keepingCapacity: true)
            population.appendID(of: index, to: &buffer)
            let id = String(decoding: buffer.dropFirst().dropLast(), as: UTF8.self)
            #expect(buffer.first == UInt8(ascii: "\"") && buffer.last == UInt8(ascii: "\""))
            #expect(id.count == 12 && id.allSatisfy(\.isASCII) && id.allSatisfy(\.isNumber), "\(id)")
            seen.insert(id)
            // The IIN check digit, computed here independently.
            let digits = id.map { Int(String($0))! }
            var sum = (0..<11).reduce(0) { $0 + digits[$1] * ($1 + 1) } % 11
            if sum == 10 { sum = (0..<11).reduce(0) { $0 + digits[$1] * (($1 + 2) % 11 + 1) } % 11 }
            #expect(digits[11] == (sum == 10 ? 0 : sum), "\(id)")
            let month = digits[2] * 10 + digits[3], day = digits[4] * 10 + digits[5]
            #expect((1...12).contains(month) && (1...31).contains(day) && (3...6).contains(digits[6]), "\(id)")
        }
        #expect(seen.count == 120_000)
    }
}
