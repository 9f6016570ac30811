import Testing
import TamyrCore
import TamyrRuntime

/// Bad input is summed up at most once a minute, by reason, counts only.
@Suite("Rejection warnings are rate-limited summaries")
struct RejectionWarningsTests {
    private func totals(_ pairs: [RejectionReason: UInt64]) -> [UInt64] {
        RejectionReason.allCases.map { pairs[$0] ?? 0 }
    }

    @Test("the first rejections are reported at once, later ones a minute after")
    func oncePerMinute() {
        var warnings = RejectionWarnings(baseline: totals([:]), nowMillis: 0)
        let quiet = warnings.due(nowMillis: 0, rejected: totals([:]))
        #expect(quiet == nil)
        let first = warnings.due(nowMillis: 1_000, rejected: totals([.malformedJSON: 5, .unknownDomain: 2]))
        #expect(first == .init(counts: [(.malformedJSON, 5), (.unknownDomain, 2)], periodMillis: 1_000))
        // A flood afterwards, checked on every turn: nothing for a minute.
        var during: [RejectionWarnings.Digest] = []
        for now in stride(from: Int64(1_001), to: 61_000, by: 1) {
            if let digest = warnings.due(nowMillis: now, rejected: totals([.malformedJSON: UInt64(now)])) { during.append(digest) }
        }
        #expect(during.isEmpty)
        let second = warnings.due(nowMillis: 61_000, rejected: totals([.malformedJSON: 70_000, .unknownDomain: 2]))
        #expect(second == .init(counts: [(.malformedJSON, 69_995)], periodMillis: 60_000))
    }

    @Test("totals restored from a checkpoint are not reported again")
    func baseline() {
        var warnings = RejectionWarnings(baseline: totals([.badType: 900]), nowMillis: 0)
        let restored = warnings.due(nowMillis: 5_000, rejected: totals([.badType: 900]))
        let fresh = warnings.due(nowMillis: 6_000, rejected: totals([.badType: 901]))
        #expect(restored == nil)
        #expect(fresh?.total == 1)
    }

    @Test("at a stop, what is left is reported regardless of the minute")
    func remaining() {
        var warnings = RejectionWarnings(baseline: totals([:]), nowMillis: 0)
        _ = warnings.due(nowMillis: 0, rejected: totals([.missingField: 1]))
        let left = warnings.remaining(nowMillis: 2_000, rejected: totals([.missingField: 4]))
        let nothing = warnings.remaining(nowMillis: 3_000, rejected: totals([.missingField: 4]))
        #expect(left == .init(counts: [(.missingField, 3)], periodMillis: 2_000))
        #expect(nothing == nil)
    }
}
