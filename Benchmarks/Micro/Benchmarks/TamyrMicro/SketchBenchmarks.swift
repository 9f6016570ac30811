import Benchmark
import TamyrCore

/// Durations in microseconds: a log-normal of median 200 ms and σ = 0.5 (the distribution
/// DurationSketch's documentation sizes itself with: about 216 buckets for 10,000 values).
func logNormalMicros(count: Int, seed: UInt64) -> [Int64] {
    var random = SplitMix64(seed: seed)
    return (0..<count).map { _ in Int64(random.logNormal(median: 200_000, sigma: 0.5).rounded()) }
}

func sketch(of values: [Int64]) -> DurationSketch {
    var sketch = DurationSketch()
    for value in values { sketch.add(micros: value) }
    return sketch
}

/// `count` uniformly random 64-bit hashes (what ApplicantHasher produces).
func randomHashes(count: Int, seed: UInt64) -> [UInt64] {
    var random = SplitMix64(seed: seed)
    return (0..<count).map { _ in random.next() }
}

func counter(of hashes: [UInt64]) -> DistinctCounter {
    var counter = DistinctCounter()
    for hash in hashes { counter.add(hash: hash) }
    return counter
}

/// State of the benchmarks that keep one sketch or counter across iterations and feed it
/// from a pool of inputs, `scaledIterations.count` at a time.
final class Fed<Target, Input> {
    var target: Target
    let pool: [Input]
    var next = 0
    init(_ target: Target, pool: [Input]) {
        self.target = target
        self.pool = pool
    }

    /// The next `count` inputs of the pool, wrapping; `count` divides the pool's size.
    func take(_ count: Int) -> ArraySlice<Input> {
        defer { next = (next + count) % pool.count }
        return pool[next ..< next + count]
    }
}

// The loops take the sketch `inout`, so they work on it in place (one exclusivity check per
// iteration, no copy-on-write copy).

@inline(never)
func addAll(_ sketch: inout DurationSketch, _ values: ArraySlice<Int64>) {
    for value in values { sketch.add(micros: value) }
}

@inline(never)
func mergeRepeatedly(_ sketch: inout DurationSketch, _ other: DurationSketch, times: Int) {
    for _ in 0..<times { sketch.merge(other) }
}

@inline(never)
func addAll(_ counter: inout DistinctCounter, _ hashes: ArraySlice<UInt64>) {
    for hash in hashes { counter.add(hash: hash) }
}

@inline(never)
func mergeRepeatedly(_ counter: inout DistinctCounter, _ other: DistinctCounter, times: Int) {
    for _ in 0..<times { counter.merge(other) }
}

@inline(never)
func hashAll(_ hasher: ApplicantHasher, _ ids: [UnsafeRawBufferPointer], from first: Int, count: Int) -> UInt64 {
    var sum: UInt64 = 0
    for index in first ..< first + count { sum &+= hasher.hash(ids[index]) }
    return sum
}

func sketchBenchmarks() {
    // MARK: DurationSketch

    // A sketch already holding 10,000 values takes 1,000 more per iteration from a pool of
    // 10,000 others: the steady state of a busy group (no growth of the bucket array).
    Benchmark("DurationSketch: add(micros:), per value (log-normal 200 ms, σ 0.5)") { (benchmark: Benchmark, state: Fed<DurationSketch, Int64>) in
        addAll(&state.target, state.take(benchmark.scaledIterations.count))
    } setup: {
        Fed(sketch(of: logNormalMicros(count: 10_000, seed: 1)), pool: logNormalMicros(count: 10_000, seed: 2))
    }

    // Merging a sketch of 10,000 values into another of 10,000 (same distribution, other
    // seed), 1,000 times per iteration into the same accumulator: the cost of one merge,
    // in place (the copy-on-write copy happens once, in warm-up).
    Benchmark("DurationSketch: merge, per merge (10k + 10k values)") { (benchmark: Benchmark, state: Fed<DurationSketch, DurationSketch>) in
        mergeRepeatedly(&state.target, state.pool[0], times: benchmark.scaledIterations.count)
    } setup: {
        Fed(sketch(of: logNormalMicros(count: 10_000, seed: 3)), pool: [sketch(of: logNormalMicros(count: 10_000, seed: 4))])
    }

    // MARK: DistinctCounter

    // Exact mode, filling: each iteration counts 1,000 new distinct hashes into an empty
    // counter (a small group's pane), so it includes the exact table's doublings and the
    // counter's release; mallocs per hash show them.
    Benchmark("DistinctCounter: add(hash:), per hash (exact, 1k distinct into an empty counter)") { (benchmark: Benchmark, state: Fed<DistinctCounter, UInt64>) in
        var counter = DistinctCounter()
        addAll(&counter, state.take(benchmark.scaledIterations.count))
        precondition(counter.isExact)
        blackHole(counter.estimate)
    } setup: {
        Fed(DistinctCounter(), pool: randomHashes(count: 100_000, seed: 5))
    }

    // Exact mode, steady: a counter holding 4,000 distinct hashes sees them again (the hit
    // path of the exact set: no growth, no allocation).
    Benchmark("DistinctCounter: add(hash:), per hash (exact, 4k held, repeats)") { (benchmark: Benchmark, state: Fed<DistinctCounter, UInt64>) in
        addAll(&state.target, state.take(benchmark.scaledIterations.count))
        precondition(state.target.isExact)
    } setup: {
        let hashes = randomHashes(count: 4_000, seed: 6)
        return Fed(counter(of: hashes), pool: hashes)
    }

    // HyperLogLog mode: a counter past the exact limit (20,000 distinct) takes 1,000 new
    // hashes per iteration from a pool of 1,000,000.
    Benchmark("DistinctCounter: add(hash:), per hash (HyperLogLog mode)") { (benchmark: Benchmark, state: Fed<DistinctCounter, UInt64>) in
        addAll(&state.target, state.take(benchmark.scaledIterations.count))
    } setup: {
        let full = counter(of: randomHashes(count: 20_000, seed: 7))
        precondition(!full.isExact && DistinctCounter.exactLimit < 20_000)
        return Fed(full, pool: randomHashes(count: 1_000_000, seed: 8))
    }

    // Two HyperLogLog-mode counters (20,000 distinct hashes each): the register-wise maximum
    // of 64 KiB, in place into the same accumulator, 1,000 times per iteration.
    Benchmark(
        "DistinctCounter: merge, per merge (two HyperLogLog-mode counters)",
        configuration: .init(scalingFactor: .kilo, maxDuration: .seconds(3))
    ) { (benchmark: Benchmark, state: Fed<DistinctCounter, DistinctCounter>) in
        mergeRepeatedly(&state.target, state.pool[0], times: benchmark.scaledIterations.count)
        precondition(!state.target.isExact)
    } setup: {
        Fed(counter(of: randomHashes(count: 20_000, seed: 9)), pool: [counter(of: randomHashes(count: 20_000, seed: 10))])
    }

    // MARK: ApplicantHasher

    // SipHash-2-4 of the applicant ids of 10,000 synthetic events, 1,000 per iteration.
    Benchmark("ApplicantHasher: hash, per applicant id (synthetic ids)") { (benchmark: Benchmark, state: Fed<ApplicantHasher, UnsafeRawBufferPointer>) in
        let count = benchmark.scaledIterations.count
        blackHole(hashAll(state.target, state.pool, from: state.next, count: count))
        state.next = (state.next + count) % state.pool.count
    } setup: {
        let kept = KeptEvents.decoded(count: 20_000)
        let ids = Array(kept.events.lazy.compactMap(\.applicant).prefix(10_000))
        precondition(ids.count == 10_000, "the synthetic stream must carry applicant ids")
        return Fed(ApplicantHasher(key0: 1, key1: 2), pool: ids)
    }
}
