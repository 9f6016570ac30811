import Testing

@testable import TamyrCore

/// `KPIAccumulator.add(run:of:staging:)`, the staged flush's batch path, must give the
/// accumulator that `add(_:)` gives for the same events one by one, field by field.
@Suite("A staged run equals adding its events one by one")
struct StagedRunTests {
    @Test(arguments: [1 as UInt64, 2, 3, 4])
    func runEqualsSingleAdds(seed: UInt64) {
        var random = SketchRandom(seed: seed)
        let events: [StagedEvent] = (0 ..< 3_000).map { index in
            let duration = random.next() % 9 == 0 ? 0 : random.logNormal(medianMicros: 80_000, sigma: 1.2)
            return StagedEvent(cell: 0, event: PreparedEvent(
                status: [ServiceStatus.ok, .failed, .rejected][Int(random.next() % 3)],
                durationMicros: duration,
                slaTargetMicros: random.next() % 4 == 0 ? nil : 100_000,
                channel: [Channel.unknown, .online, .mobile, .office][Int(random.next() % 4)],
                amountTiyn: random.next() % 3 == 0 ? nil : Int64(random.next() % 10_000_000),
                applicantHash: random.next() % 5 == 0 ? nil : SketchRandom.mix(random.next() % 7_000),
                arrival: UInt64(index) + 10))
        }
        // A run picks some of the staged events, in order, as the counting sort does.
        let run: [Int32] = events.indices.filter { _ in random.next() % 3 != 0 }.map { Int32($0) }
        var batched = KPIAccumulator()
        var single = KPIAccumulator()
        // A first run into an empty accumulator, a second into a non-empty one.
        let halves = [Array(run.prefix(run.count / 2)), Array(run.dropFirst(run.count / 2))]
        let staging = PaneStaging()
        for half in halves {
            events.withUnsafeBufferPointer { staged in
                half.withUnsafeBufferPointer { batched.add(run: $0, of: staged, staging: staging) }
            }
            for index in half { single.add(events[Int(index)].event) }
            #expect(batched.count == single.count && batched.ok == single.ok && batched.failed == single.failed)
            #expect(batched.rejected == single.rejected && batched.durationSumMicros == single.durationSumMicros)
            #expect(batched.durations == single.durations && batched.applicants == single.applicants)
            #expect(batched.slaCounted == single.slaCounted && batched.slaMet == single.slaMet)
            #expect(batched.online == single.online && batched.mobile == single.mobile && batched.office == single.office)
            #expect(batched.amountSumTiyn == single.amountSumTiyn && batched.amountCount == single.amountCount)
            #expect(batched.firstArrival == single.firstArrival, "seed \(seed)")
        }
    }
}
