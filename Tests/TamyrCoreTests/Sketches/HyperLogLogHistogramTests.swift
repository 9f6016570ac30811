import TamyrCore
import Testing

/// ``HyperLogLog/rankHistogram(of:)`` reads eight registers per load into eight partial
/// tables; the estimate is only as exact as that histogram, so it is checked against a
/// plain count, register by register, on lengths that leave every possible tail.
@Suite("HyperLogLog rank histogram equals a plain count")
struct HyperLogLogHistogramTests {
    @Test(arguments: [0, 1, 7, 8, 9, 15, 1_003, HyperLogLog.registerCount])
    func histogramMatchesCount(length: Int) {
        var random = SketchRandom(seed: UInt64(length))
        let ranks = 50
        let registers: [UInt8] = (0 ..< length).map { index in
            // Mostly small ranks, as a sketch holds; long runs of one rank (the tables'
            // store-to-load case); now and then a byte no sketch holds, which is not counted.
            switch random.next() % 16 {
            case 0: UInt8(truncatingIfNeeded: random.next())
            case 1, 2, 3: UInt8(index / 64 % ranks)
            default: UInt8(random.next() % 8)
            }
        }
        var expected = [Int](repeating: 0, count: ranks)
        for register in registers where Int(register) < ranks { expected[Int(register)] += 1 }
        let histogram = registers.withUnsafeBufferPointer { HyperLogLog.rankHistogram(of: $0) }
        #expect(histogram == expected, "length \(length)")
    }
}
