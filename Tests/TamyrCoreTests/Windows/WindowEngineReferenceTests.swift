import Foundation
import Testing
import TamyrCore
import TamyrWorkload
import _TamyrTestSupport

/// The property test of issue 3: the real decoder and engine against the
/// brute-force reference in _TamyrTestSupport (sorting, sets, exact
/// arithmetic, no code shared with the engine), on random streams with
/// disorder, late events, invalid and duplicate events, idle gaps, several
/// tumbling and hopping windows, every breakdown and the group cap. Every
/// field of every record is compared with the contract's tolerances.
struct WindowEngineReferenceTests {
    /// Windows to draw from: steps dividing sizes, shared and distinct steps; step
    /// sets whose greatest common divisor is one of them (base panes of a window),
    /// is none of them (base panes kept only to roll up: 10 s and 15 s give 5 s), or
    /// is below a second and none of them (no rolling up: 1.5 s and 10 s give 0.5 s);
    /// and a window of 60 panes, assembled from blocks of 8 (PaneBlock).
    static let windowPool: [(tumbling: Bool, size: Int64, every: Int64)] = [
        (true, 10_000, 10_000), (true, 30_000, 30_000), (true, 60_000, 60_000),
        (false, 30_000, 10_000), (false, 60_000, 10_000), (false, 20_000, 20_000), (false, 60_000, 15_000),
        (false, 45_000, 5_000), (false, 4_500, 1_500), (false, 60_000, 1_000),
    ]

    @Test(arguments: 0..<24)
    func everyRecordMatchesTheReference(seed: Int) {
        var random = SeededGenerator(seed: UInt64(seed) &* 0x9E37_79B9 &+ 17)
        // Configuration.
        var picked = Self.windowPool.filter { _ in random.chance(0.45) }
        if picked.isEmpty { picked = [Self.windowPool[Int(random.below(UInt64(Self.windowPool.count)))]] }
        let tumbling = picked.filter(\.tumbling)
        let hopping = picked.filter { !$0.tumbling }
        let lateness: Int64 = [0, 1_000, 3_000, 10_000][Int(random.below(4))]
        let idle: Int64 = [1_000, 5_000][Int(random.below(2))]
        let breakdowns = [TamyrConfiguration.Breakdown.service, .region, .channel].filter { _ in random.chance(0.6) }.shuffled(using: &random)
        let maxGroups = [1_000, 2, 3, 5][Int(random.below(4))]
        let slaDefault: Int64? = random.chance(0.8) ? 800 : nil
        let slaDomains: [String: Int64] = random.chance(0.5) ? ["tax": 300, "customs": 1_500] : [:]
        let slaServices: [String: Int64] = random.chance(0.5) ? ["vat-return": 200, "import-declaration": 2_500] : [:]

        var engine = EngineDriver(futureSkewMillis: 300_000) {
            $0.windows.tumbling = tumbling.map { WindowSpec(tumbling: $0.size) }
            $0.windows.hopping = hopping.map { WindowSpec(hopping: $0.size, every: $0.every) }
            $0.windows.allowedLatenessMillis = lateness
            $0.windows.idleTimeoutMillis = idle
            $0.kpi.breakdowns = breakdowns
            $0.kpi.maxGroups = maxGroups
            $0.sla.defaultMillis = slaDefault
            $0.sla.domainMillis = slaDomains
            $0.sla.serviceMillis = slaServices
        }
        var config = ReferenceConfig()
        config.windows = tumbling.map { .tumbling($0.size) } + hopping.map { .hopping($0.size, every: $0.every) }
        config.allowedLatenessMillis = lateness
        config.idleTimeoutMillis = idle
        config.breakdowns = breakdowns.map(\.rawValue)
        config.maxGroups = maxGroups
        config.slaDefaultMillis = slaDefault
        config.slaDomainMillis = slaDomains
        config.slaServiceMillis = slaServices

        // Stream: the synthetic workload (written apart from the engine), with invalid
        // events, late events, disorder, src/seq with a few replays, and idle gaps.
        var options = WorkloadOptions()
        options.seed = UInt64(seed) + 1
        options.source = "prop"
        options.invalidFraction = 0.03
        options.lateFraction = 0.03
        options.maxDisorder = .milliseconds([500, 3_000, 8_000][Int(random.below(3))])
        options.applicantPopulation = random.chance(0.3) ? 20 : 3_000
        var workload = Workload(options: options)
        var now: Int64 = 1_796_032_800_000 + Int64(random.below(60_000))
        var arrivals: [(atMillis: Int64, line: String)] = []
        var ticks: [Int64] = []
        var previousLine: String?
        for _ in 0..<(1_500 + Int(random.below(1_500))) {
            if random.chance(0.004) {
                // An idle gap with wall-clock checks inside it.
                let gap = Int64(2_000 + random.below(40_000))
                var t = now
                while t + 700 < now + gap {
                    t += 700
                    ticks.append(t)
                    engine.tick(t)
                }
                now += gap
            }
            now += Int64(random.below(40))
            let line: String
            if let previous = previousLine, random.chance(0.01) {
                line = previous  // a replayed event: a duplicate seq
            } else {
                var bytes: [UInt8] = []
                workload.appendEvent(nowMillis: now, to: &bytes)
                line = String(decoding: bytes, as: UTF8.self)
            }
            previousLine = line
            arrivals.append((now, line))
            engine.send(line, at: now)
        }
        // Let every window close.
        let end = now + 10 * 60_000
        ticks.append(end)
        engine.tick(end)

        let expected = ReferenceKPI.run(arrivals: arrivals, ticks: ticks, config: config)
        let mismatches = ReferenceKPI.compare(publishedPayloads: engine.payloads, expected: expected)
        #expect(mismatches.isEmpty, "seed \(seed): \(mismatches.count) mismatches, first: \(mismatches.prefix(6))")
        #expect(!expected.records.isEmpty)
        #expect(engine.records.count == expected.records.count, "seed \(seed)")
        for (window, count) in engine.late {
            #expect(Int(count) == expected.late[window, default: 0], "seed \(seed): late[\(window)]")
        }
        #expect(engine.pipeline.engine.watermarkMillis == expected.watermark, "seed \(seed): watermark")
        #expect(Int(engine.pipeline.accounting.totals.accepted) == expected.accepted, "seed \(seed): accepted")
        #expect(Int(engine.pipeline.accounting.totals.duplicates) == expected.duplicates, "seed \(seed): duplicates")
    }
}
