@testable import TamyrCore
import Testing

/// An ended pane's HyperLogLogs are packed four bits a register (`compact()`,
/// `PackedHyperLogLog`). Packing must be lossless: every register back byte for byte, the same
/// histogram and estimate, the same merges into live sketches (with and without rank counts),
/// the same checkpoint, and, fed late hashes, the same sketch as one never packed. The
/// reference throughout is the original 65,536 registers.
@Suite("A packed HyperLogLog is the same sketch in half the memory")
struct PackedHyperLogLogTests {
    /// Distinct hashes added: just past the exact limit (most registers 0, the base 0), then
    /// filled sketches whose least register is above 0.
    static let populations = [6_200, 60_000, 600_000, 3_000_000]

    static func sketch(_ population: Int, seed: UInt64) -> HyperLogLog {
        var sketch = HyperLogLog()
        var random = SketchRandom(seed: seed)
        let hashes = (0 ..< population).map { _ in random.next() }
        hashes.withUnsafeBufferPointer { sketch.insert(contentsOf: $0) }
        return sketch
    }

    /// Registers at or above the least one + 15: what packing must keep aside, counted directly.
    static func spilled(_ registers: [UInt8]) -> Int {
        let least = registers.min()!
        return registers.filter { $0 >= least + 15 }.count
    }

    static func checkpoint(_ counter: DistinctCounter) -> [UInt8] { CompactedCounterTests.checkpoint(counter) }

    @Test(arguments: populations.indices)
    func packingLosesNothing(case index: Int) throws {
        let original = Self.sketch(Self.populations[index], seed: UInt64(index) + 500)
        let packed = try #require(PackedHyperLogLog(original))
        #expect(packed.unpacked.registers == original.registers)
        var chunks = 0
        packed.unpack { offset, chunk in
            #expect(offset == chunks * PackedHyperLogLog.chunkRegisters && Array(chunk) == Array(original.registers[offset ..< offset + chunk.count]))
            chunks += 1
        }
        #expect(chunks * PackedHyperLogLog.chunkRegisters == HyperLogLog.registerCount)
        #expect(packed.base == original.registers.min()!)
        let histogram = original.registers.withUnsafeBufferPointer { HyperLogLog.rankHistogram(of: $0) }
        #expect(packed.rankHistogram == histogram)
        #expect(HyperLogLog.estimate(histogram: packed.rankHistogram) == original.estimate)
        #expect(packed.memoryBytes == 32 + HyperLogLog.registerCount / 2 + (Self.spilled(original.registers) == 0 ? 0 : 32 + 4 * Self.spilled(original.registers)))
        #expect(packed.memoryBytes * 3 < original.memoryBytes * 2)
    }

    /// Registers set directly: spread so that some lie exactly 14, 15 and more above the least
    /// one (the escape nibble's edge), at the first and last registers, and then too many.
    @Test func exceptionsAtTheEdgeAndBeyondTheLimit() throws {
        var random = SketchRandom(seed: 77)
        var sketch = HyperLogLog()
        for register in 0 ..< HyperLogLog.registerCount { sketch.registers[register] = UInt8(3 + random.next() % 12) }
        sketch.registers[0] = 3 + 15
        sketch.registers[1] = 3 + 14
        sketch.registers[HyperLogLog.registerCount - 1] = HyperLogLog.maximumRank
        for _ in 0 ..< 500 { sketch.registers[Int(random.next() % UInt64(HyperLogLog.registerCount))] = UInt8(18 + random.next() % 32) }
        let packed = try #require(PackedHyperLogLog(sketch))
        #expect(packed.base == 3 && packed.unpacked.registers == sketch.registers)

        // One register at 0 puts the base at 0: every register of 15 or more is an exception,
        // and one in eight is 16.
        var spread = sketch
        for register in stride(from: 0, to: HyperLogLog.registerCount, by: 8) { spread.registers[register] = 16 }
        spread.registers[12_345] = 0
        #expect(Self.spilled(spread.registers) > PackedHyperLogLog.exceptionLimit)
        #expect(PackedHyperLogLog(spread) == nil)
        var counter = DistinctCounter()
        counter.hyperLogLog = spread
        counter.compact()
        #expect(counter.packed == nil && counter.hyperLogLog == spread, "too spread out: left unpacked")

        // Exactly at the limit it packs; one more and it does not.
        var edge = HyperLogLog()
        for register in 0 ..< PackedHyperLogLog.exceptionLimit { edge.registers[register] = 20 }
        #expect(Self.spilled(edge.registers) == PackedHyperLogLog.exceptionLimit)
        #expect(PackedHyperLogLog(edge)?.unpacked.registers == edge.registers)
        edge.registers[PackedHyperLogLog.exceptionLimit] = 20
        #expect(PackedHyperLogLog(edge) == nil)
    }

    @Test(arguments: populations.indices)
    func mergingPackedIsMergingTheRegisters(case index: Int) throws {
        let source = Self.sketch(Self.populations[index], seed: UInt64(index) + 600)
        let packed = try #require(PackedHyperLogLog(source))
        for targetPopulation in [6_200, 400_000] {
            let target = Self.sketch(targetPopulation, seed: UInt64(index) + 700)
            let expected = zip(target.registers, source.registers).map { Swift.max($0, $1) }
            var plain = target
            plain.merge(packed)
            #expect(plain.registers == expected)
            var counting = target
            counting.keepRankCounts()
            counting.merge(packed)
            #expect(counting.registers == expected)
            let histogram = expected.withUnsafeBufferPointer { HyperLogLog.rankHistogram(of: $0) }
            #expect(counting.rankCounts?.map(Int.init) == histogram)
        }
    }

    /// The counter's HyperLogLog mode, compacted: the same counter by every measure.
    @Test(arguments: populations.indices)
    func compactedCounterIsTheSameCounter(case index: Int) throws {
        var random = SketchRandom(seed: UInt64(index) + 800)
        let hashes = (0 ..< Self.populations[index]).map { _ in random.next() }
        var counter = DistinctCounter()
        hashes.withUnsafeBufferPointer { counter.add(hashes: $0) }
        #expect(!counter.isExact)
        var compacted = counter
        compacted.compact()
        #expect(compacted.packed != nil && compacted.hyperLogLog == nil && !compacted.isExact && !compacted.isEmpty)
        #expect(compacted == counter && counter == compacted)
        #expect(compacted.estimate == counter.estimate)
        #expect(compacted.memoryBytes * 3 < counter.memoryBytes * 2)
        #expect(Self.checkpoint(compacted) == Self.checkpoint(counter))
        var reader = CheckpointReader(Self.checkpoint(compacted), from: 0)
        #expect(try DistinctCounter(decoding: &reader) == counter)

        // Merged either way round, with an exact counter, a live HyperLogLog and another
        // packed one: the same union as without packing.
        var small = DistinctCounter()
        (0 ..< 3_000).map { _ in random.next() }.withUnsafeBufferPointer { small.add(hashes: $0) }
        var large = DistinctCounter()
        (0 ..< 90_000).map { _ in random.next() }.withUnsafeBufferPointer { large.add(hashes: $0) }
        var largePacked = large
        largePacked.compact()
        #expect(largePacked.packed != nil)
        for (other, otherAsIs) in [(small, small), (large, large), (largePacked, large)] {
            var expected = counter
            expected.merge(otherAsIs)
            var forward = compacted
            forward.merge(other)
            var backward = other
            backward.merge(compacted)
            #expect(forward == expected && backward == expected)
            #expect(forward.sketch?.registers == expected.hyperLogLog?.registers)
            #expect(forward.estimate == expected.estimate && backward.estimate == expected.estimate)
        }
        var intoEmpty = DistinctCounter()
        intoEmpty.merge(compacted)
        #expect(intoEmpty == counter)

        // Late hashes, one by one and in a run: the same sketch as a counter never packed.
        var fresh = counter
        let late = (0 ..< 2_000).map { _ in random.next() }
        late.prefix(1_000).forEach { compacted.add(hash: $0); fresh.add(hash: $0) }
        late.suffix(1_000).withUnsafeBufferPointer { compacted.add(hashes: $0); fresh.add(hashes: $0) }
        #expect(compacted.sketch?.registers == fresh.hyperLogLog?.registers && compacted == fresh)
        #expect(compacted.packed != nil, "late hashes go into the packed registers")
        compacted.keepRankCounts()
        #expect(compacted.hyperLogLog?.rankCounts != nil && compacted == fresh)

        // Emptied (a recycled pane): counts from zero, exactly.
        compacted.compact()
        compacted.removeAll()
        #expect(compacted.isEmpty && compacted.isExact && compacted.estimate == 0)
        compacted.add(hash: 42)
        #expect(compacted.estimate == 1)
    }

    /// A hash that offers rank `rank` (1 ... 49) to register `register`.
    static func hash(register: Int, rank: Int) -> UInt64 {
        UInt64(register) << 48 | (rank > 48 ? 0 : 1 << UInt64(48 - rank))
    }

    /// Late hashes go into the packed registers in place: no change below a register, a
    /// nibble raised, a new exception, an exception raised; past the exception limit the
    /// counter unpacks. After every step the registers are those of a sketch never packed.
    @Test func lateHashesGoIntoThePackedRegisters() throws {
        var counter = DistinctCounter()
        var random = SketchRandom(seed: 900)
        (0 ..< 3_000_000).map { _ in random.next() }.withUnsafeBufferPointer { counter.add(hashes: $0) }
        var reference = try #require(counter.hyperLogLog)
        counter.compact()
        let base = Int(try #require(counter.packed).base)
        #expect(base > 0, "a filled sketch has no register at 0")
        let steps: [(String, [UInt64])] = [
            ("below every register", (0 ..< 200).map { _ in Self.hash(register: Int(random.next() % 65_536), rank: base) }),
            ("nibbles raised", (0 ..< 200).map { _ in Self.hash(register: Int(random.next() % 65_536), rank: base + 1 + Int(random.next() % 13)) }),
            ("new exceptions", (0 ..< 200).map { _ in Self.hash(register: Int(random.next() % 65_536), rank: base + 15 + Int(random.next() % 10)) }),
            ("exceptions raised", (0 ..< 200).map { _ in Self.hash(register: Int(random.next() % 65_536), rank: 49) }),
            ("random", (0 ..< 5_000).map { _ in random.next() }),
        ]
        for (name, hashes) in steps {
            hashes.prefix(hashes.count / 2).forEach { counter.add(hash: $0) }
            hashes.suffix(from: hashes.count / 2).withUnsafeBufferPointer { counter.add(hashes: $0) }
            hashes.forEach { reference.insert($0) }
            #expect(counter.packed != nil, "\(name)")
            #expect(counter.sketch?.registers == reference.registers, "\(name)")
            #expect(counter.estimate == UInt64(reference.estimate.rounded()), "\(name)")
        }
        // Exceptions up to the limit, and one more: the counter unpacks and stays right.
        let room = PackedHyperLogLog.exceptionLimit - Self.spilled(reference.registers)
        let spill = (0 ..< room + 40).map { Self.hash(register: $0 * 16, rank: base + 16) }
        spill.withUnsafeBufferPointer { counter.add(hashes: $0) }
        spill.forEach { reference.insert($0) }
        #expect(Self.spilled(reference.registers) > PackedHyperLogLog.exceptionLimit)
        #expect(counter.packed == nil && counter.hyperLogLog?.registers == reference.registers)
    }
}
