/// A bounded population of applicants identified by 12-digit IIN-like strings.
///
/// Contract: index `i` in `0..<size` always maps to the same string, and distinct indices map
/// to distinct strings, so the number of distinct applicants in a window is meaningful and
/// never exceeds `size`. The strings look like Kazakh IINs (birth date `YYMMDD`, a
/// century/sex digit, a 4-digit serial, a check digit computed with the official weights) but
/// belong to no one: the daemon treats applicant ids as opaque.
package struct ApplicantPopulation: Sendable {
    package let size: UInt64
    /// The first `regulars` indices are frequent users (accountants, customs brokers, shops)
    /// who account for a large share of transactions, as in real service logs.
    private let regulars: UInt64

    // Birth dates span 1945-01-01 ... 2004-12-31: 21,915 days, starting 9,131 days before 1970.
    private static let daySpan: UInt64 = 21_915
    private static let firstDay: Int64 = -9_131
    // Stepping through the days by a prime coprime to the span is a bijection on them, so
    // neighbouring indices get unrelated birth dates while the map stays injective.
    private static let dayStride: UInt64 = 7_919

    /// The largest population the id scheme keeps distinct (days in the span x 4-digit serials).
    package static let maximumSize = 219_150_000

    /// `size` is clamped to `1...maximumSize`.
    package init(size: Int) {
        self.size = UInt64(min(max(1, size), Self.maximumSize))
        self.regulars = max(1, self.size / 50)
    }

    /// An index: 30% of draws come from the regulars, the rest uniformly from everyone.
    package func draw(using generator: inout SeededGenerator) -> UInt64 {
        generator.chance(0.3) ? generator.below(regulars) : generator.below(size)
    }

    /// Appends the quoted 12-digit id of applicant `index`.
    package func appendID(of index: UInt64, to buffer: inout [UInt8]) {
        // (day, serial) is injective in the index for index < 21,915 * 10,000; larger
        // populations would need a wider serial, far beyond anything a workload needs.
        let day = index % Self.daySpan * Self.dayStride % Self.daySpan
        // Multiplying by 3,137 (coprime to 10,000) permutes the serials, so small populations
        // do not all get serial 0000, 0001, ...
        let serial = index / Self.daySpan % 10_000 * 3_137 % 10_000
        let date = CivilTime.civil(fromDays: Self.firstDay + Int64(day))
        let female = (index &* 0x9E37_79B9_7F4A_7C15) >> 63 == 1
        let centuryDigit: UInt64 = (date.year < 2000 ? 3 : 5) + (female ? 1 : 0)

        buffer.append(UInt8(ascii: "\""))
        let first = buffer.count
        JSONText.appendUnsigned(UInt64(date.year % 100), minimumDigits: 2, to: &buffer)
        JSONText.appendUnsigned(UInt64(date.month), minimumDigits: 2, to: &buffer)
        JSONText.appendUnsigned(UInt64(date.day), minimumDigits: 2, to: &buffer)
        JSONText.appendUnsigned(centuryDigit, minimumDigits: 1, to: &buffer)
        JSONText.appendUnsigned(serial, minimumDigits: 4, to: &buffer)
        // The check digit is computed from the 11 ASCII digits just written, so no scratch
        // array is needed.
        var sum: UInt64 = 0
        for i in 0..<11 { sum += UInt64(buffer[first + i] &- UInt8(ascii: "0")) * UInt64(i + 1) }
        if sum % 11 == 10 {
            // Second pass with weights 3, 4, ..., 11, 1, 2, as the IIN standard prescribes.
            sum = 0
            for i in 0..<11 { sum += UInt64(buffer[first + i] &- UInt8(ascii: "0")) * UInt64((i + 2) % 11 + 1) }
        }
        // Real IINs never use a serial whose check is 10 twice; an IIN-like id may, with 0.
        let check = sum % 11 == 10 ? 0 : sum % 11
        buffer.append(UInt8(ascii: "0") &+ UInt8(check))
        buffer.append(UInt8(ascii: "\""))
    }
}
