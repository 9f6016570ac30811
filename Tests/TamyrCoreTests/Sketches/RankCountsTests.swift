import TamyrCore
import Testing

/// A HyperLogLog that keeps its rank counts (``HyperLogLog/keepRankCounts()``) updates them in
/// every insert and merge instead of recounting its registers. After every operation of a
/// random sequence the counts must equal a plain count of the registers, and the estimate
/// must equal, to the bit, that of a sketch with the same registers and no counts kept.
@Suite("Kept rank counts equal a plain count of the registers")
struct RankCountsTests {
    /// The registers counted one by one, 50 ranks.
    static func plainCount(_ sketch: HyperLogLog) -> [Int32] {
        var counts = [Int32](repeating: 0, count: 50)
        for register in sketch.registers { counts[Int(register)] += 1 }
        return counts
    }

    /// The same registers, without kept counts: its estimate reads the registers.
    static func uncounted(_ sketch: HyperLogLog) -> HyperLogLog {
        var copy = HyperLogLog()
        copy.merge(sketch)
        return copy
    }

    @Test(arguments: [0 as UInt64, 1, 2, 3, 4, 5])
    func everyOperationKeepsTheCounts(seed: UInt64) {
        var random = SketchRandom(seed: seed)
        var sketch = HyperLogLog()
        for _ in 0 ..< Int(random.next() % 20_000) { sketch.insert(random.next()) }
        sketch.keepRankCounts()
        #expect(sketch.rankCounts == Self.plainCount(sketch))
        for step in 0 ..< 40 {
            switch random.next() % 4 {
            case 0:
                // Single inserts, some of hashes with long runs of zeros (high ranks).
                for _ in 0 ..< Int(random.next() % 3_000) {
                    let hash = random.next()
                    // Keep the register bits, clear the top `zeros` of the other 48: rank zeros + 1 (49 at most).
                    let zeros = random.next() % 49
                    let rest: UInt64 = ((1 << 48) - 1) >> zeros
                    sketch.insert(random.next() % 8 == 0 ? hash & (0xFFFF_0000_0000_0000 | rest) : hash)
                }
            case 1:
                let hashes = (0 ..< Int(random.next() % 8_000)).map { _ in random.next() }
                hashes.withUnsafeBufferPointer { sketch.insert(contentsOf: $0) }
            case 2:
                // A pane merged into a window: mostly smaller registers, some larger.
                var other = HyperLogLog()
                for _ in 0 ..< Int(random.next() % 50_000) { other.insert(random.next()) }
                sketch.merge(other)
            default:
                // A much fuller sketch: most words have a larger byte.
                var other = HyperLogLog()
                for _ in 0 ..< 400_000 { other.insert(random.next()) }
                sketch.merge(other)
            }
            #expect(sketch.rankCounts == Self.plainCount(sketch), "seed \(seed), step \(step)")
            #expect(sketch.estimate == Self.uncounted(sketch).estimate, "seed \(seed), step \(step)")
        }
        // The counts are a cache: they are not part of the value.
        #expect(sketch == Self.uncounted(sketch))
    }

    /// Through the counter's merge paths (a HyperLogLog window merging an exact pane or a
    /// HyperLogLog pane), against a counter fed the same hashes with no counts kept.
    @Test(arguments: [0 as UInt64, 1, 2])
    func countersMergeWithKeptCounts(seed: UInt64) {
        var random = SketchRandom(seed: seed)
        var window = DistinctCounter()
        var reference = DistinctCounter()
        for _ in 0 ..< 20_000 {
            let hash = random.next()
            window.add(hash: hash)
            reference.add(hash: hash)
        }
        window.keepRankCounts()
        for _ in 0 ..< 6 {
            var pane = DistinctCounter()
            // Exact panes (a few thousand) and HyperLogLog panes (past 6,144).
            for _ in 0 ..< (random.next() % 2 == 0 ? 3_000 : 9_000) {
                let hash = random.next()
                pane.add(hash: hash)
                reference.add(hash: hash)
            }
            window.merge(pane)
            #expect(window == reference)
            #expect(window.estimate == reference.estimate)
        }
    }
}
