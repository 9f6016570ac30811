import Foundation
import Testing
import TamyrCore
import TamyrWorkload

/// The record writer checked against Foundation's JSON parser and exact decimal text.
struct JSONWriterTests {
    @Test func writesNestedObjectsThatFoundationParses() throws {
        var json = JSONWriter()
        json.beginObject()
        json.key("text")
        json.string("quote \" backslash \\ newline \n tab \t bell \u{07} Қазақстан")
        json.key("list")
        json.beginArray()
        json.integer(-42)
        json.integer(UInt64.max)
        json.bool(true)
        json.beginObject()
        json.endObject()
        json.endArray()
        json.key("amount")
        json.fixed(123_456_789, decimals: 2)
        json.endObject()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.bytes)) as? [String: Any])
        #expect(object["text"] as? String == "quote \" backslash \\ newline \n tab \t bell \u{07} Қазақстан")
        let list = try #require(object["list"] as? [Any])
        #expect((list[0] as? NSNumber)?.intValue == -42)
        #expect((list[1] as? NSNumber)?.uint64Value == UInt64.max)
        #expect(list.count == 4)
        #expect(String(decoding: json.bytes, as: UTF8.self).contains("\"amount\":1234567.89"))
    }

    @Test(arguments: [
        (Int64(0), 2, "0.00"), (5, 2, "0.05"), (-5, 2, "-0.05"), (100, 2, "1.00"), (123_456_789, 2, "1234567.89"),
        (Int64.max, 2, "92233720368547758.07"), (7, 0, "7"), (12_345, 1, "1234.5"),
    ])
    func fixedDecimalsAreExact(units: Int64, decimals: Int, expected: String) {
        var json = JSONWriter()
        json.fixed(units, decimals: decimals)
        #expect(String(decoding: json.bytes, as: UTF8.self) == expected)
    }

    @Test func doublesKeepTheRequestedSignificantDigits() throws {
        var generator = SeededGenerator(seed: 20_261_130)  // seeded: a failure must reproduce
        for _ in 0..<2_000 {
            let value = Double.random(in: -1e6...1e6, using: &generator) * (Bool.random(using: &generator) ? 1e-5 : 1)
            var json = JSONWriter()
            json.double(value, significant: 6)
            let text = String(decoding: json.bytes, as: UTF8.self)
            let parsed = try #require(Double(text), "\(text)")
            // Six significant digits: relative error at most half a unit in the sixth digit.
            #expect(abs(parsed - value) <= abs(value) * 5e-6 + 1e-300, "\(value) written as \(text)")
            #expect(!text.contains("e") && !text.contains("E"))
        }
    }
}
