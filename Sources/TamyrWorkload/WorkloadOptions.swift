/// Everything that shapes a generated stream. Two `Workload`s built from equal options and fed
/// the same sequence of `nowMillis` values produce byte-identical output.
package struct WorkloadOptions: Sendable {
    /// Seed of the `SeededGenerator` behind every random choice.
    package var seed: UInt64 = 1
    /// The daemon's configured domains; events are spread over them. `customs`, `tax` and
    /// `ecommerce` get their own service catalogs and weights (25/45/30); any other name gets a
    /// generic catalog of government-service names and the weight of an average domain.
    package var domains: [String] = ["customs", "tax", "ecommerce"]
    /// When set (1-64 bytes), every event carries `"src": source` and `"seq": n`, where `n`
    /// counts every generated event, valid or invalid, starting at `firstSeq`. Invalid events
    /// consume a number too (a malformed line's `seq` cannot even be read), so a daemon that
    /// does no seq accounting for rejected events reports them as gaps.
    package var source: String? = nil
    /// The `seq` of the first generated event when `source` is set.
    package var firstSeq: Int64 = 1
    /// Event times jitter backwards from `nowMillis` by a uniform amount up to this.
    package var maxDisorder: Duration = .seconds(2)
    /// Share of events whose `ts` lies 30 s to 10 min before `nowMillis`, so they arrive late.
    package var lateFraction: Double = 0.001
    /// Share of events that are invalid, each of a kind chosen uniformly from `invalidKinds`.
    package var invalidFraction: Double = 0
    /// The kinds of invalid events to generate; must not be empty when `invalidFraction > 0`.
    package var invalidKinds: [InvalidKind] = InvalidKind.allCases
    /// The daemon's `max_future_skew`; `futureTs` events are one hour beyond it.
    package var futureSkew: Duration = .seconds(300)
    /// How `ts` is written.
    package var timestampStyle: TimestampStyle = .mixed
    /// How many distinct applicants (IIN-like ids) the stream draws from, so that distinct
    /// counts over long windows saturate at a known ceiling. At least 1.
    package var applicantPopulation: Int = 50_000
    /// Share of valid events carrying an extra field the contract does not define (a trace id,
    /// a nested client object, non-ASCII text...), to exercise "unknown fields are ignored".
    package var extraFieldFraction: Double = 0.01

    package init() {}

    /// Human-readable reasons these options cannot be used; empty when they are fine.
    /// `Workload.init` traps on a non-empty list, so callers taking user input (the CLI) should
    /// check this first and report the problems instead.
    package var problems: [String] {
        var result: [String] = []
        if domains.isEmpty { result.append("at least one domain is required") }
        if domains.contains(where: \.isEmpty) { result.append("domain names must not be empty") }
        if let source {
            let length = source.utf8.count
            if length < 1 || length > 64 { result.append("source must be 1-64 bytes, got \(length)") }
        }
        if !(0...1).contains(lateFraction) { result.append("lateFraction must be within 0...1") }
        if !(0...1).contains(invalidFraction) { result.append("invalidFraction must be within 0...1") }
        if !(0...1).contains(extraFieldFraction) { result.append("extraFieldFraction must be within 0...1") }
        if invalidFraction > 0 && invalidKinds.isEmpty {
            result.append("invalidKinds must not be empty when invalidFraction > 0")
        }
        if maxDisorder < .zero { result.append("maxDisorder must not be negative") }
        if futureSkew < .zero { result.append("futureSkew must not be negative") }
        if applicantPopulation < 1 { result.append("applicantPopulation must be at least 1") }
        return result
    }
}

extension Duration {
    /// Whole milliseconds, truncated toward zero; saturates instead of trapping on huge values.
    var wholeMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        let (ms, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        if overflow { return seconds < 0 ? Int64.min / 2 : Int64.max / 2 }
        return ms &+ attoseconds / 1_000_000_000_000_000
    }
}
