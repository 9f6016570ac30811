import Benchmark

// The suite: `swift package --package-path Benchmarks/Micro benchmark` (or `make bench-micro`).
//
// Every benchmark runs N logical operations per iteration and sets `scalingFactor` to N, so
// the table's time, instruction and malloc columns (marked `*`) are per event / per operation.
// The per-event columns are integers (rounded down), so a malloc count below one per event
// shows as 0: run with `--scale` to see per-iteration totals instead, and compare them with
// the Noop benchmark's (the framework's own allocations per iteration).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: microMetrics,
        timeUnits: .nanoseconds,
        warmupIterations: 3,
        scalingFactor: .kilo,
        maxDuration: .seconds(2),
        maxIterations: 2_000
    )
    // The reference for the malloc column: the framework's own allocations inside each
    // measured iteration (16 on Linux with Swift 6.3 and the malloc interposer). A benchmark
    // whose per-iteration count (`--scale`) equals this one's allocates nothing itself.
    Benchmark("Noop: framework overhead per iteration (malloc reference)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(0) }
    }
    decoderBenchmarks()
    engineBenchmarks()
    sketchBenchmarks()
}

/// Wall clock, instructions (perf_events; reported only where the kernel lets the process
/// count them) and malloc calls (the MallocInterposer trait of package-benchmark).
let microMetrics: [BenchmarkMetric] = [.wallClock, .instructions, .mallocCountTotal]
