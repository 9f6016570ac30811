import TamyrCore
import TamyrWorkload
import _TamyrTestSupport

/// A random configuration and stream for the property tests: windows drawn
/// from a pool, lateness, idle timeout, breakdowns, group cap and SLA
/// targets; the synthetic workload with invalid, late, disordered and
/// replayed events, and idle gaps with wall-clock ticks inside them.
struct RandomScenario {
    enum Step {
        case event(atMillis: Int64, line: String)
        case tick(atMillis: Int64)
    }

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

    var configuration = TamyrConfiguration()
    var reference = ReferenceConfig()
    var steps: [Step] = []

    /// Windows of 100 panes or more, assembled by SlidingWindowAggregate: steps of
    /// 100-250 ms so that a stream of a minute flips their fronts several times; a
    /// shared step (10 s and 12 s every 100 ms), and classes rolled up from a
    /// 100 ms base (the 250 ms and 10 s steps).
    static let slidingWindowPool: [(tumbling: Bool, size: Int64, every: Int64)] = [
        (false, 10_000, 100), (false, 12_000, 100), (false, 30_000, 250), (false, 20_000, 200),
        (true, 10_000, 10_000), (false, 30_000, 10_000),
    ]

    /// A scenario drawing its windows from `pool` (by default ``windowPool``).
    init(seed: Int, pool: [(tumbling: Bool, size: Int64, every: Int64)] = Self.windowPool) {
        var random = SeededGenerator(seed: UInt64(seed) &* 0x9E37_79B9 &+ 17)
        var picked = pool.filter { _ in random.chance(0.45) }
        if picked.isEmpty { picked = [pool[Int(random.below(UInt64(pool.count)))]] }
        let tumbling = picked.filter(\.tumbling)
        let hopping = picked.filter { !$0.tumbling }
        let lateness: Int64 = [0, 1_000, 3_000, 10_000][Int(random.below(4))]
        let idle: Int64 = [1_000, 5_000][Int(random.below(2))]
        let breakdowns = [TamyrConfiguration.Breakdown.service, .region, .channel].filter { _ in random.chance(0.6) }.shuffled(using: &random)
        let maxGroups = [1_000, 2, 3, 5][Int(random.below(4))]
        let slaDefault: Int64? = random.chance(0.8) ? 800 : nil
        let slaDomains: [String: Int64] = random.chance(0.5) ? ["tax": 300, "customs": 1_500] : [:]
        let slaServices: [String: Int64] = random.chance(0.5) ? ["vat-return": 200, "import-declaration": 2_500] : [:]

        configuration.windows.tumbling = tumbling.map { WindowSpec(tumbling: $0.size) }
        configuration.windows.hopping = hopping.map { WindowSpec(hopping: $0.size, every: $0.every) }
        configuration.windows.allowedLatenessMillis = lateness
        configuration.windows.idleTimeoutMillis = idle
        configuration.kpi.breakdowns = breakdowns
        configuration.kpi.maxGroups = maxGroups
        configuration.sla.defaultMillis = slaDefault
        configuration.sla.domainMillis = slaDomains
        configuration.sla.serviceMillis = slaServices

        reference.windows = tumbling.map { .tumbling($0.size) } + hopping.map { .hopping($0.size, every: $0.every) }
        reference.allowedLatenessMillis = lateness
        reference.idleTimeoutMillis = idle
        reference.breakdowns = breakdowns.map(\.rawValue)
        reference.maxGroups = maxGroups
        reference.slaDefaultMillis = slaDefault
        reference.slaDomainMillis = slaDomains
        reference.slaServiceMillis = slaServices

        var options = WorkloadOptions()
        options.seed = UInt64(seed) + 1
        options.source = "prop"
        options.invalidFraction = 0.03
        options.lateFraction = 0.03
        options.maxDisorder = .milliseconds([500, 3_000, 8_000][Int(random.below(3))])
        options.applicantPopulation = random.chance(0.3) ? 20 : 3_000
        var workload = Workload(options: options)
        var now: Int64 = 1_796_032_800_000 + Int64(random.below(60_000))
        var previousLine: String?
        for _ in 0..<(1_500 + Int(random.below(1_500))) {
            if random.chance(0.004) {
                // An idle gap with wall-clock checks inside it.
                let gap = Int64(2_000 + random.below(40_000))
                var t = now
                while t + 700 < now + gap {
                    t += 700
                    steps.append(.tick(atMillis: t))
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
            steps.append(.event(atMillis: now, line: line))
        }
        // Let every window close.
        steps.append(.tick(atMillis: now + 10 * 60_000))
    }

    /// The arrivals and ticks in the reference's terms.
    var arrivals: [(atMillis: Int64, line: String)] {
        steps.compactMap { if case .event(let at, let line) = $0 { (at, line) } else { nil } }
    }

    var ticks: [Int64] {
        steps.compactMap { if case .tick(let at) = $0 { at } else { nil } }
    }

    /// Feeds one step to `driver`.
    static func apply(_ step: Step, to driver: inout EngineDriver) {
        switch step {
        case .event(let at, let line): driver.send(line, at: at)
        case .tick(let at): driver.tick(at)
        }
    }

    /// The wall-clock time of a step.
    static func time(of step: Step) -> Int64 {
        switch step {
        case .event(let at, _), .tick(let at): at
        }
    }
}
