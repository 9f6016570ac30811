import Foundation
import TamyrCore
import Testing

/// Memory bounds, derived rather than measured: an array's header is 32 bytes; a duration sketch
/// grows its count array to an eighth more than the span it needs, and never otherwise, so its
/// capacity is at most span + span / 8 (the span only grows); glibc's malloc rounds a request up
/// to 16 bytes, which the array takes as at most one more 8-byte element.
@Suite("Sketch memory: nothing when empty, small for narrow data")
struct SketchMemoryTests {
    static let header = 32

    /// The most buckets values between `low` and `high` (both > 512 µs) can span: ⌈log_γ(high/low)⌉ + 1.
    static func bucketSpan(from low: Int64, to high: Int64) -> Int {
        Int((log(Double(high) / Double(low)) / log(DurationBuckets.gamma)).rounded(.up)) + 1
    }

    static func countArrayBound(span: Int) -> Int {
        header + 8 * (span + span / 8 + 1)
    }

    @Test("an empty duration sketch, or one of zeros only, holds no heap memory")
    func emptyDurationSketch() {
        #expect(DurationSketch().memoryBytes == 0)
        var zeros = DurationSketch()
        for _ in 0 ..< 1_000 { zeros.add(micros: 0) }
        #expect(zeros.memoryBytes == 0)
    }

    @Test("200 ms ± 5 %, 10,000 values: at most 7 buckets, so at most 96 bytes")
    func narrowDurationSketch() {
        var random = SketchRandom(seed: 1)
        let sketch = DurationSketch((0 ..< 10_000).map { _ in Int64.random(in: 190_000 ... 210_000, using: &random) })
        let span = Self.bucketSpan(from: 190_000, to: 210_000)
        #expect(span == 7)
        #expect(sketch.memoryBytes <= Self.countArrayBound(span: span), "\(sketch.memoryBytes) bytes")
    }

    @Test("log-normal, median 200 ms, σ = 0.5, 10,000 values: within the bound of its min and max", arguments: UInt64(1) ... 3)
    func logNormalDurationSketch(seed: UInt64) throws {
        var random = SketchRandom(seed: seed)
        let sketch = DurationSketch((0 ..< 10_000).map { _ in random.logNormal(medianMicros: 200_000, sigma: 0.5) })
        let span = Self.bucketSpan(from: try #require(sketch.minMicros), to: try #require(sketch.maxMicros))
        // About 3.8 σ each way for 10,000 values: e^(±1.9), about 210 buckets, so about 2 KB.
        #expect(span < 240, "span \(span)")
        #expect(sketch.memoryBytes <= Self.countArrayBound(span: span), "\(sketch.memoryBytes) bytes, span \(span)")
    }

    @Test("a sketch of 1 µs to a day stays within the bound of its 1,565 keys: 14 KB")
    func widestDurationSketch() {
        var sketch = DurationSketch()
        var value: Int64 = 1
        while value <= 86_400_000_000 {
            sketch.add(micros: value)
            value = value * 3 / 2 + 1
        }
        sketch.add(micros: 86_400_000_000)
        let keys = DurationBuckets.key(for: 86_400_000_000)
        #expect(sketch.memoryBytes <= Self.countArrayBound(span: keys), "\(sketch.memoryBytes) bytes")
    }

    @Test("an empty distinct counter holds no heap memory; one hash, 8 slots: at most 104 bytes")
    func smallDistinctCounter() {
        #expect(DistinctCounter().memoryBytes == 0)
        var one = DistinctCounter()
        one.add(hash: 12_345)
        #expect(one.memoryBytes <= Self.header + 8 * (8 + 1), "\(one.memoryBytes) bytes")
        var zero = DistinctCounter()
        zero.add(hash: 0)
        #expect(zero.memoryBytes == 0)
    }

    @Test("1,000 distinct hashes: 2,048 slots at most three quarters full, about 16 KB")
    func thousandDistinctHashes() {
        var counter = DistinctCounter()
        for index in UInt64(1) ... 1_000 { counter.add(hash: SketchRandom.mix(index)) }
        // Slots: the smallest power of two of at least 1,000 × 4/3 = 1,334.
        #expect(counter.memoryBytes <= Self.header + 8 * (2_048 + 1), "\(counter.memoryBytes) bytes")
        #expect(counter.memoryBytes > 8 * 1_334)
    }

    @Test("in HyperLogLog mode: the 64 KiB of registers, and the exact table at its largest is no bigger")
    func hyperLogLogCounter() {
        var counter = DistinctCounter()
        for index in UInt64(1) ... UInt64(DistinctCounter.exactLimit) { counter.add(hash: SketchRandom.mix(index)) }
        let largestTable = counter.memoryBytes
        #expect(largestTable <= Self.header + 8 * (8_192 + 1), "\(largestTable) bytes")
        counter.add(hash: 0)
        #expect(!counter.isExact)
        #expect(counter.memoryBytes >= 65_536 && counter.memoryBytes <= Self.header + 65_536 + 15, "\(counter.memoryBytes) bytes")
        #expect(largestTable <= counter.memoryBytes + 16)
    }
}
