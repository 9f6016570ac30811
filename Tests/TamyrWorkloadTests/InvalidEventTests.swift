import Foundation
import Testing
import TamyrWorkload

@Suite("Invalid events")
struct InvalidEventTests {
    @Test("each invalid kind breaks exactly its own rule", arguments: InvalidKind.allCases)
    func breaksExactlyTheNamedRule(kind: InvalidKind) throws {
        var options = WorkloadOptions()
        options.seed = 99
        options.invalidFraction = 1
        options.invalidKinds = [kind]
        options.source = "inv"
        var variants = Set<String>()
        for sample in generate(options, count: 2_000) {
            #expect(sample.event.invalid == kind)
            #expect(!sample.line.isEmpty && !sample.line.contains(0x0A) && !sample.line.contains(0x0D))
            variants.insert(sample.event.variant.description)
            let parsed = try? JSONSerialization.jsonObject(with: Data(sample.line))
            if kind == .malformedJSON {
                #expect(parsed == nil, "parses: \(sample.text)")
                continue
            }
            #expect(parsed is [String: Any], "\(kind) line must still be a JSON object: \(sample.text)")
            let checker = ContractChecker(nowMillis: sample.nowMillis)
            #expect(checker.reasons(for: sample.line) == [kind.rawValue],
                    "\(sample.event.variant): \(checker.reasons(for: sample.line)) \(sample.text)")
        }
        // Every way of breaking the rule shows up, so the daemon is exercised on all of them.
        let expectedVariants: [InvalidKind: Int] = [
            .malformedJSON: 3, .missingField: 6, .badType: 9, .outOfRange: 6, .unknownDomain: 1, .futureTs: 1,
        ]
        #expect(variants.count == expectedVariants[kind], "\(variants.sorted())")
    }

    @Test("missing_field drops each required field in turn")
    func missingFieldCoversEveryRequiredField() throws {
        var options = WorkloadOptions()
        options.invalidFraction = 1
        options.invalidKinds = [.missingField]
        var dropped = Set<String>()
        for sample in generate(options, count: 600) {
            let object = try #require(ContractChecker.parse(sample.line))
            let missing = ["id", "ts", "domain", "service", "status", "duration_ms"].filter { object[$0] == nil }
            #expect(missing.count == 1, "\(sample.text)")
            dropped.formUnion(missing)
        }
        #expect(dropped.count == 6)
    }

    @Test("future_ts lies one hour beyond the configured skew")
    func futureTimestamps() throws {
        var options = WorkloadOptions()
        options.invalidFraction = 1
        options.invalidKinds = [.futureTs]
        options.futureSkew = .seconds(60)
        for sample in generate(options, count: 500) {
            let object = try #require(ContractChecker.parse(sample.line))
            let millis: Int64
            if let text = object["ts"] as? String {
                millis = try #require(ContractChecker.rfc3339Millis(text))
            } else {
                millis = try #require(Int64(ContractChecker.rawToken("ts", in: sample.text) ?? ""))
            }
            #expect(millis == sample.event.timestampMillis)
            #expect(millis >= sample.nowMillis + 60_000 + 3_600_000)
            #expect(millis <= sample.nowMillis + 60_000 + 3_600_000 + 60_000)
            var checker = ContractChecker(nowMillis: sample.nowMillis)
            checker.maxFutureSkewMillis = 60_000
            #expect(checker.reasons(for: sample.line) == ["future_ts"])
        }
    }

    @Test("invalidFraction 0.1 makes about 10% of 10,000 events invalid, spread over the kinds")
    func invalidShare() {
        var options = WorkloadOptions()
        options.invalidFraction = 0.1
        options.seed = 4242
        let samples = generate(options, count: 10_000)
        let invalid = samples.compactMap(\.event.invalid)
        // Binomial sd is 30; 4 sd either side.
        #expect((880...1_120).contains(invalid.count), "invalid \(invalid.count)")
        for kind in InvalidKind.allCases {
            let count = invalid.filter { $0 == kind }.count
            #expect((100...240).contains(count), "\(kind): \(count)")
        }
        // The lines agree with what the generator reports.
        for sample in samples {
            let reasons = ContractChecker(nowMillis: sample.nowMillis).reasons(for: sample.line)
            #expect(reasons == (sample.event.invalid.map { [$0.rawValue] } ?? []), "\(sample.text)")
        }
    }

    @Test("unknown_domain avoids every configured name")
    func unknownDomainIsNeverConfigured() throws {
        var options = WorkloadOptions()
        options.domains = ["space", "space-1", "tax"]
        options.invalidFraction = 1
        options.invalidKinds = [.unknownDomain]
        for sample in generate(options, count: 200) {
            let object = try #require(ContractChecker.parse(sample.line))
            let domain = try #require(object["domain"] as? String)
            #expect(!options.domains.contains(domain))
        }
    }
}
