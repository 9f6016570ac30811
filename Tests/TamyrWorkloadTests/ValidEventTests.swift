import Foundation
import Testing
import TamyrWorkload

@Suite("Valid events")
struct ValidEventTests {
    static var configurations: [(String, WorkloadOptions)] {
        var base = WorkloadOptions()
        base.lateFraction = 0.02
        base.extraFieldFraction = 0.05

        var rfc = base
        rfc.timestampStyle = .rfc3339
        rfc.seed = 77

        var epoch = base
        epoch.timestampStyle = .epochMillis
        epoch.maxDisorder = .zero
        epoch.seed = 3

        var sourced = base
        sourced.source = "kz-gw-\"01\"\\"
        sourced.firstSeq = 500
        sourced.maxDisorder = .milliseconds(7_500)
        sourced.seed = 11

        var extraDomains = base
        extraDomains.domains = ["tax", "health", "space"]
        extraDomains.seed = 12
        return [("defaults", base), ("rfc3339", rfc), ("epoch, no disorder", epoch),
                ("source with escapes", sourced), ("other domains", extraDomains)]
    }

    @Test("every valid line satisfies every rule of contract section 2",
          arguments: configurations.map(\.0))
    func validLinesFollowTheContract(name: String) throws {
        let options = try #require(Self.configurations.first { $0.0 == name }?.1)
        let disorder = options.maxDisorder.components.seconds * 1000
            + options.maxDisorder.components.attoseconds / 1_000_000_000_000_000
        var ids = Set<String>()
        var lateCount = 0, rfcCount = 0, extraCount = 0, spacedCount = 0
        for sample in generate(options, count: 8_000) {
            #expect(sample.event.invalid == nil)
            #expect(!sample.line.contains(0x0A) && !sample.line.contains(0x0D))
            let object = try #require(ContractChecker.parse(sample.line), "not JSON: \(sample.text)")
            var checker = ContractChecker(nowMillis: sample.nowMillis)
            checker.domains = Set(options.domains)
            #expect(checker.reasons(for: sample.line).isEmpty, "\(checker.reasons(for: sample.line)): \(sample.text)")

            // id: unique, and built from the source when there is one.
            let id = try #require(object["id"] as? String)
            #expect(ids.insert(id).inserted, "duplicate id \(id)")
            if let source = options.source { #expect(id.hasPrefix(source + "-")) }

            // ts: what the generator reports, within the disorder or the late bounds of now.
            let millis: Int64
            if let text = object["ts"] as? String {
                rfcCount += 1
                #expect(options.timestampStyle != .epochMillis)
                millis = try #require(ContractChecker.rfc3339Millis(text), "bad RFC 3339 \(text)")
                #expect(text.hasSuffix("Z") || text.hasSuffix("+05:00") || text.hasSuffix("+06:00"))
            } else {
                #expect(options.timestampStyle != .rfc3339)
                millis = try #require(Int64(ContractChecker.rawToken("ts", in: sample.text) ?? ""))
            }
            #expect(millis == sample.event.timestampMillis)
            if sample.event.isLate {
                lateCount += 1
                #expect((sample.nowMillis - 600_000...sample.nowMillis - 30_000).contains(millis))
            } else {
                #expect((sample.nowMillis - disorder...sample.nowMillis).contains(millis), "ts \(millis) now \(sample.nowMillis)")
            }

            // duration_ms: integer or up to 3 decimals, exactly the reported value.
            let durationToken = try #require(ContractChecker.rawToken("duration_ms", in: sample.text))
            #expect(ContractChecker.isPlainDecimal(durationToken, maxFractionDigits: 3), "\(durationToken)")
            let micros = try #require(sample.event.durationMicros)
            #expect(Decimal(string: durationToken) == Decimal(micros) / 1000)

            // amount: only on payment-like services, printed exactly.
            let service = try #require(object["service"] as? String)
            if let amountToken = ContractChecker.rawToken("amount", in: sample.text) {
                #expect(paymentServices.contains(service), "amount on \(service)")
                let tiyn = try #require(sample.event.amountTiyn)
                #expect(Decimal(string: amountToken) == Decimal(tiyn) / 100, "\(amountToken) vs \(tiyn) tiyn")
                #expect(tiyn >= 10_000 && tiyn <= 100_000_000_000, "implausible amount \(amountToken)")
            } else {
                #expect(!paymentServices.contains(service), "no amount on \(service)")
                #expect(sample.event.amountTiyn == nil)
            }

            if let applicant = object["applicant"] as? String {
                #expect(applicant.utf8.count == 12 && ContractChecker.isDigits(Substring(applicant)), "\(applicant)")
            }

            if let source = options.source {
                #expect(object["src"] as? String == source)
                #expect(sample.event.seq != nil)
                #expect(ContractChecker.rawToken("seq", in: sample.text) == sample.event.seq.map { String($0) })
            } else {
                #expect(object["src"] == nil && object["seq"] == nil && sample.event.seq == nil)
            }

            let known: Set<String> = ["id", "ts", "domain", "service", "status", "duration_ms", "region",
                                      "channel", "amount", "applicant", "src", "seq"]
            if !Set(object.keys).isSubset(of: known) { extraCount += 1 }
            if sample.text.contains("\": ") { spacedCount += 1 }
        }
        // Expected 160, 400 and 160 of 8,000; binomial sd 13, 20 and 13.
        #expect((100...230).contains(lateCount), "late \(lateCount)")
        #expect((300...500).contains(extraCount), "unknown fields \(extraCount)")
        #expect((100...230).contains(spacedCount), "spaced \(spacedCount)")
        switch options.timestampStyle {
        case .epochMillis: #expect(rfcCount == 0)
        case .rfc3339: #expect(rfcCount == 8_000)
        case .mixed: #expect((680...920).contains(rfcCount), "rfc3339 \(rfcCount)")
        }
    }

    @Test("applicants come from a bounded population that the stream nearly exhausts")
    func boundedApplicants() throws {
        var options = WorkloadOptions()
        options.applicantPopulation = 500
        var distinct = Set<String>()
        for sample in generate(options, count: 20_000) {
            let object = try #require(ContractChecker.parse(sample.line))
            if let applicant = object["applicant"] as? String { distinct.insert(applicant) }
        }
        #expect((480...500).contains(distinct.count), "distinct \(distinct.count)")
    }

    @Test("seq counts every event, valid or not, from firstSeq; ids stay unique")
    func sequenceNumbers() throws {
        var options = WorkloadOptions()
        options.source = "producer-7"
        options.firstSeq = 41
        options.invalidFraction = 0.3
        var ids = Set<String>()
        for (index, sample) in generate(options, count: 3_000).enumerated() {
            let expected = 41 + Int64(index)
            #expect(sample.event.seq == expected)
            guard sample.event.invalid != .malformedJSON, let object = ContractChecker.parse(sample.line) else { continue }
            if sample.event.variant.description != "id missing" && sample.event.variant.description != "id as number" {
                let id = try #require(object["id"] as? String)
                #expect(ids.insert(id).inserted)
            }
            #expect(object["src"] as? String == "producer-7")
            #expect(ContractChecker.rawToken("seq", in: sample.text) == String(expected))
        }
        var plain = Workload(options: WorkloadOptions())
        var buffer: [UInt8] = []
        #expect(plain.appendEvent(nowMillis: testEpochMillis, to: &buffer).seq == nil)
    }

    @Test("options problems are reported, not ignored")
    func optionProblems() {
        var options = WorkloadOptions()
        #expect(options.problems.isEmpty)
        options.source = String(repeating: "x", count: 65)
        options.domains = []
        options.invalidFraction = 1.5
        #expect(options.problems.count == 3, "\(options.problems)")
    }
}
