import Foundation
import Testing
import TamyrWorkload

@Suite("Distributions")
struct DistributionTests {
    /// The fields of one parsed event that the distributions are about.
    struct Row: Sendable {
        var strings: [String: String]
        var duration: Double
        var amount: Double?
    }

    /// 50,000 default events, parsed once for all the tests of this suite.
    static let samples: [Row] = {
        var options = WorkloadOptions()
        options.seed = 31337
        return generate(options, count: 50_000).compactMap { sample -> Row? in
            guard let object = ContractChecker.parse(sample.line) else { return nil }
            return Row(strings: object.compactMapValues { $0 as? String },
                       duration: (object["duration_ms"] as? NSNumber)?.doubleValue ?? -1,
                       amount: (object["amount"] as? NSNumber)?.doubleValue)
        }
    }()

    /// Shares of each value of `field` (`nil` = field absent).
    static func shares(_ field: String) -> [String?: Double] {
        var counts: [String?: Int] = [:]
        for row in samples { counts[row.strings[field], default: 0] += 1 }
        return counts.mapValues { Double($0) / Double(samples.count) }
    }

    @Test("domains follow 25/45/30")
    func domains() {
        let shares = Self.shares("domain")
        #expect(shares.count == 3)
        #expect(abs((shares["customs"] ?? 0) - 0.25) < 0.02, "\(shares)")
        #expect(abs((shares["tax"] ?? 0) - 0.45) < 0.02, "\(shares)")
        #expect(abs((shares["ecommerce"] ?? 0) - 0.30) < 0.02, "\(shares)")
    }

    @Test("channels follow 45/40/15 with about 3% absent")
    func channels() {
        let shares = Self.shares("channel")
        let absent = shares[nil as String?] ?? 0
        #expect(abs(absent - 0.03) < 0.006, "\(shares)")
        let known = 1 - absent
        #expect(abs((shares["online"] ?? 0) / known - 0.45) < 0.02, "\(shares)")
        #expect(abs((shares["mobile"] ?? 0) / known - 0.40) < 0.02, "\(shares)")
        #expect(abs((shares["office"] ?? 0) / known - 0.15) < 0.015, "\(shares)")
        #expect(shares.count == 4)
    }

    @Test("regions follow population with about 2% absent")
    func regions() {
        let shares = Self.shares("region")
        let absent = shares[nil as String?] ?? 0
        #expect(abs(absent - 0.02) < 0.005, "absent \(absent)")
        // Population in thousands, from the 2024 statistics, independently of the generator.
        let population: [String: Double] = [
            "KZ-ALA": 2230, "KZ-AST": 1420, "KZ-SHY": 1220, "KZ-ALM": 2200, "KZ-YUZ": 2120, "KZ-KAR": 1340,
            "KZ-VOS": 1330, "KZ-ZHA": 1220, "KZ-AKT": 920, "KZ-KUS": 830, "KZ-PAV": 750, "KZ-AKM": 790,
            "KZ-ZAP": 690, "KZ-SEV": 530, "KZ-ATY": 700, "KZ-MAN": 770, "KZ-KZY": 840,
        ]
        let total = population.values.reduce(0, +)
        #expect(shares.count == population.count + 1, "\(shares.keys)")
        for (code, people) in population {
            let expected = people / total
            let actual = (shares[code] ?? 0) / (1 - absent)
            #expect(abs(actual - expected) < max(0.008, expected * 0.15), "\(code): \(actual) vs \(expected)")
        }
        // The largest cities and regions outrank the smallest.
        #expect((shares["KZ-ALA"] ?? 0) > 3 * (shares["KZ-SEV"] ?? 1))
    }

    @Test("statuses are about 94% ok, 4% failed, 2% rejected")
    func statuses() {
        let shares = Self.shares("status")
        #expect(shares.count == 3)
        #expect(abs((shares["ok"] ?? 0) - 0.94) < 0.015, "\(shares)")
        #expect(abs((shares["failed"] ?? 0) - 0.04) < 0.01, "\(shares)")
        #expect(abs((shares["rejected"] ?? 0) - 0.02) < 0.01, "\(shares)")
    }

    @Test("services: 5-8 per domain, Zipf-like popularity, kebab-case names")
    func services() {
        var perDomain: [String: [String: Int]] = [:]
        for row in Self.samples {
            perDomain[row.strings["domain"]!, default: [:]][row.strings["service"]!, default: 0] += 1
        }
        for (domain, counts) in perDomain {
            #expect((5...8).contains(counts.count), "\(domain): \(counts)")
            let sorted = counts.values.sorted(by: >)
            let total = Double(sorted.reduce(0, +))
            // Zipf with exponent 1 over n services: the top one has 1/H(n) of the traffic.
            let harmonic = (1...counts.count).reduce(0.0) { $0 + 1 / Double($1) }
            #expect(abs(Double(sorted[0]) / total - 1 / harmonic) < 0.03, "\(domain): \(counts)")
            #expect(Double(sorted[0]) > 4 * Double(sorted[sorted.count - 1]), "\(domain): \(counts)")
            for name in counts.keys {
                #expect(name.wholeMatch(of: /[a-z][a-z0-9]*(-[a-z0-9]+)*/) != nil, "\(name)")
            }
        }
    }

    @Test("durations: per-service medians between tens of ms and seconds, heavy right tail")
    func durations() {
        #expect(Self.samples.count == 50_000)
        var perService: [String: [Double]] = [:]
        for row in Self.samples {
            perService[row.strings["service"]!, default: []].append(row.duration)
        }
        var medians: [Double] = []
        for (service, values) in perService {
            let sorted = values.sorted()
            let median = sorted[sorted.count / 2]
            let p99 = sorted[sorted.count * 99 / 100]
            medians.append(median)
            #expect((20...6_000).contains(median), "\(service) median \(median)")
            #expect(p99 > 1.8 * median, "\(service) p99 \(p99) median \(median)")
            #expect(sorted.last! <= 600_000)
        }
        #expect(medians.min()! < 100 && medians.max()! > 2_000, "\(medians.sorted())")
    }

    @Test("amounts span hundreds to millions of tenge")
    func amounts() {
        let amounts = Self.samples.compactMap(\.amount).sorted()
        #expect(amounts.count > 5_000)
        #expect(amounts[amounts.count / 100] < 2_000, "p1 \(amounts[amounts.count / 100])")
        #expect(amounts[amounts.count * 999 / 1000] > 1_000_000, "p99.9 \(amounts[amounts.count * 999 / 1000])")
    }
}
