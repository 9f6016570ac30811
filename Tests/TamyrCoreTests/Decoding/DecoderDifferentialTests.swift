import Foundation
import Testing
import TamyrCore

@Suite("The decoder agrees with Foundation and an independent reference on generated lines")
struct DecoderDifferentialTests {
    static let nowMillis: Int64 = 1_790_000_000_000  // 2026-09-21: some generated times lie beyond it
    static let skewMillis: Int64 = 300_000
    static let reference = ReferenceValidator(
        domains: EventLineGenerator.domains,
        nowMillis: nowMillis,
        skewMillis: skewMillis
    )

    /// Tallies across one seed, so the test can insist that every outcome was exercised.
    struct Tally {
        var compared = 0
        var excluded = 0
        var verdicts: [String: Int] = [:]
    }

    @Test("per line and per batch, verdicts and values match", arguments: 0 ..< UInt64(8))
    func differential(seed: UInt64) throws {
        var generator = EventLineGenerator(seed: seed)
        var lines: [[UInt8]] = []
        var expectations: [ReferenceValidator.Expectation] = []
        var tally = Tally()

        for _ in 0 ..< 1_000 {
            let line = generator.line(mutationRate: 0.4)
            guard let expected = Self.reference.expectation(for: line) else {
                tally.excluded += 1
                continue
            }
            let decoded = decodeEvents(
                line,
                domains: EventLineGenerator.domains,
                nowMillis: Self.nowMillis,
                skewMillis: Self.skewMillis
            )
            try #require(decoded.count == 1, "seed \(seed): \(decoded.count) events for \(Self.show(line))")
            Self.compare(decoded[0], expected, line: line, seed: seed)
            tally.compared += 1
            tally.verdicts[expected.verdict.split(separator: "/").first.map(String.init) ?? "", default: 0] += 1
            // Blank lines are no record in a batch, so they stay out of it.
            if line.contains(where: { ![0x20, 0x09, 0x0D].contains($0) }) {
                lines.append(line)
                expectations.append(expected)
            }
        }

        // The same lines as one NDJSON payload give the same events, in order.
        let batch = decodeEvents(
            Array(lines.joined(separator: [0x0A])),
            domains: EventLineGenerator.domains,
            nowMillis: Self.nowMillis,
            skewMillis: Self.skewMillis
        )
        try #require(batch.count == lines.count, "seed \(seed)")
        for (index, event) in batch.enumerated() {
            Self.compare(event, expectations[index], line: lines[index], seed: seed)
        }

        // The generator must reach every outcome, or the comparison proves little.
        #expect(tally.excluded * 50 < tally.compared, "seed \(seed): \(tally.excluded) lines excluded")
        #expect(tally.verdicts["valid", default: 0] >= 100, "seed \(seed): \(tally.verdicts)")
        for reason in ["malformed_json", "missing_field", "bad_type", "out_of_range", "unknown_domain", "future_ts"] {
            #expect(tally.verdicts[reason, default: 0] >= 10, "seed \(seed): \(tally.verdicts)")
        }
    }

    static func compare(_ event: DecodedOutcome, _ expected: ReferenceValidator.Expectation, line: [UInt8], seed: UInt64) {
        let context: Comment = "seed \(seed): \(show(line))\n  decoded:  \(event)\n  expected: \(expected)"
        #expect(event.verdict == expected.verdict, context)
        guard event.verdict == expected.verdict, expected.verdict != "malformed_json" else { return }
        #expect(event.source == expected.source, context)
        #expect(event.sequence == expected.sequence, context)
        guard expected.verdict == "valid" || expected.verdict == "future_ts/ts" else { return }
        #expect(event.id == expected.id, context)
        #expect(event.timestampMillis == expected.timestampMillis, context)
        #expect(event.domain == expected.domain, context)
        #expect(event.service == expected.service, context)
        #expect(event.status.name == expected.status, context)
        #expect(Decimal(event.durationMicros) == expected.durationMicros, context)
        #expect(RegionCode.name(event.region) == expected.region, context)
        #expect(event.channel.name == expected.channel, context)
        #expect(event.amountTiyn.map { Decimal($0) } == expected.amountTiyn, context)
        #expect(event.applicant == expected.applicant, context)
    }

    /// The line as text, with invalid UTF-8 shown as `\xNN`.
    static func show(_ line: [UInt8]) -> String {
        var text = ""
        var index = 0
        while index < line.count {
            if let (scalar, length) = Self.scalar(in: line, at: index), scalar.value >= 0x20 {
                text.unicodeScalars.append(scalar)
                index += length
            } else {
                text += "\\x" + String(line[index], radix: 16)
                index += 1
            }
        }
        return text
    }

    private static func scalar(in bytes: [UInt8], at index: Int) -> (Unicode.Scalar, Int)? {
        var iterator = bytes[index...].makeIterator()
        var decoder = UTF8()
        guard case .scalarValue(let scalar) = decoder.decode(&iterator) else { return nil }
        return (scalar, String(scalar).utf8.count)
    }
}
