import Testing
import TamyrWorkload

@Suite("SeededGenerator")
struct SeededGeneratorTests {
    // Reference values from an independent Python implementation of SplitMix64 seeding and
    // xoshiro256**: the sequence must never change, or recorded benchmark streams would.
    @Test("matches reference xoshiro256** output", arguments: [
        (UInt64(0), [UInt64(0x99ec5f36cb75f2b4), 0xbf6e1f784956452a, 0x1a5f849d4933e6e0, 0x6aa594f1262d2d2c]),
        (UInt64(1), [UInt64(0xb3f2af6d0fc710c5), 0x853b559647364cea, 0x92f89756082a4514, 0x642e1c7bc266a3a7]),
        (UInt64(42), [UInt64(0x15780b2e0c2ec716), 0x6104d9866d113a7e, 0xae17533239e499a1, 0xecb8ad4703b360a1]),
    ])
    func referenceSequence(seed: UInt64, expected: [UInt64]) {
        var generator = SeededGenerator(seed: seed)
        #expect((0..<4).map { _ in generator.next() } == expected)
    }

    @Test("below(n) stays in range and covers it evenly")
    func boundedDraws() {
        var generator = SeededGenerator(seed: 7)
        var counts = [Int](repeating: 0, count: 6)
        for _ in 0..<60_000 {
            let value = generator.below(6)
            #expect(value < 6)
            counts[Int(value)] += 1
        }
        for count in counts { #expect((9_400...10_600).contains(count), "counts \(counts)") }
        #expect(generator.below(0) == 0)
        #expect(generator.below(1) == 0)
    }

    @Test("int(in:) honours both bounds and unitInterval stays in [0, 1)")
    func rangesAndUnitInterval() {
        var generator = SeededGenerator(seed: 9)
        var sawLow = false, sawHigh = false
        for _ in 0..<10_000 {
            let value = generator.int(in: -3...3)
            #expect((-3...3).contains(value))
            sawLow = sawLow || value == -3
            sawHigh = sawHigh || value == 3
            let unit = generator.unitInterval()
            #expect(unit >= 0 && unit < 1)
        }
        #expect(sawLow && sawHigh)
        #expect(generator.int(in: 5...5) == 5)
    }

    @Test("WeightedTable never draws a zero weight and follows the others")
    func weightedTable() {
        let table = WeightedTable(weights: [1, 0, 3, 0])
        var generator = SeededGenerator(seed: 3)
        var counts = [0, 0, 0, 0]
        for _ in 0..<40_000 { counts[table.sample(using: &generator)] += 1 }
        #expect(counts[1] == 0 && counts[3] == 0, "\(counts)")
        #expect((9_400...10_600).contains(counts[0]), "\(counts)")
        #expect(table.count == 4)
    }
}
