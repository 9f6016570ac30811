/// The KPI fields an alert rule can test: those of a domain or all-domain
/// record (contract section 4), named as in the record's JSON.
package enum AlertField: String, Sendable, CaseIterable {
    case count, ok, failed, rejected
    case successRatio = "success_ratio"
    case ratePerSecond = "rate_per_s"
    case durationMean = "duration_ms.mean"
    case durationP50 = "duration_ms.p50"
    case durationP90 = "duration_ms.p90"
    case durationP95 = "duration_ms.p95"
    case durationP99 = "duration_ms.p99"
    case durationMax = "duration_ms.max"
    case slaRatio = "sla_ratio"
    case digitalShare = "digital_share"
    case amountSum = "amount_sum"
    case amountMean = "amount_mean"
    case uniqueApplicants = "unique_applicants"

    /// The field's value for a window of `windowMillis` whose events `accumulator`
    /// holds, computed as the record computes it but unrounded; nil where the
    /// record leaves the field out (no event had an SLA target, a known channel,
    /// an amount or an applicant). An empty accumulator stands for a window in
    /// which the domain had no event: its counts and rate are 0 and the rest is absent.
    package func value(_ accumulator: KPIAccumulator, windowMillis: Int64) -> Double? {
        let a = accumulator
        switch self {
        case .count: return Double(a.count)
        case .ok: return Double(a.ok)
        case .failed: return Double(a.failed)
        case .rejected: return Double(a.rejected)
        case .ratePerSecond: return Double(a.count) * 1_000 / Double(windowMillis)
        default: break
        }
        guard a.count > 0 else { return nil }
        switch self {
        case .successRatio: return Double(a.ok) / Double(a.count)
        case .durationMean: return Double(a.durationSumMicros) / Double(a.count) / 1_000
        case .durationP50: return a.durations.quantile(0.5).map { Double($0) / 1_000 }
        case .durationP90: return a.durations.quantile(0.9).map { Double($0) / 1_000 }
        case .durationP95: return a.durations.quantile(0.95).map { Double($0) / 1_000 }
        case .durationP99: return a.durations.quantile(0.99).map { Double($0) / 1_000 }
        case .durationMax: return a.durations.maxMicros.map { Double($0) / 1_000 }
        case .slaRatio: return a.slaCounted > 0 ? Double(a.slaMet) / Double(a.slaCounted) : nil
        case .digitalShare:
            let known = a.online + a.mobile + a.office
            return known > 0 ? Double(a.online + a.mobile) / Double(known) : nil
        case .amountSum: return a.amountCount > 0 ? Double(a.amountSumTiyn) / 100 : nil
        case .amountMean: return a.amountCount > 0 ? Double(a.amountSumTiyn) / Double(a.amountCount) / 100 : nil
        case .uniqueApplicants: return a.applicants.isEmpty ? nil : Double(a.applicants.estimate)
        case .count, .ok, .failed, .rejected, .ratePerSecond: return nil  // answered above
        }
    }

    /// True for fields measured in milliseconds, the unit `sla_ms` is in.
    package var isDuration: Bool { rawValue.hasPrefix("duration_ms.") }
}
