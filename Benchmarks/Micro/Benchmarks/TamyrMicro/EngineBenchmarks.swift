import Benchmark
import TamyrCore

/// The engine's state between iterations: 1,000,000 valid events decoded once (10 s of event
/// time at 100,000 events/s), the engine, and how many times the stream was replayed.
final class EngineState {
    static let eventsPerLap = 1_000_000
    /// Event time covered by one replay of the stream: 10 s.
    static let lapMillis = Int64(eventsPerLap / (eventsPerSecond / 1_000))

    let kept = KeptEvents.decoded(count: EngineState.eventsPerLap)
    var engine: WindowEngine
    var lap: Int64 = 0
    var records = 0

    init(_ configure: (inout TamyrConfiguration) -> Void) {
        var configuration = TamyrConfiguration()
        configure(&configuration)
        engine = WindowEngine(settings: .init(configuration, applicantKey: (1, 2)))
    }
}

/// Feeds the whole stream once more to the engine, shifted `lap` × 10 s later in event and
/// arrival time so that time keeps moving forward, and drains the records after every event
/// (as tamyrd's engine thread does). Returns the number of records drained.
@inline(never)
func replay(_ engine: inout WindowEngine, _ kept: KeptEvents, lap: Int64) -> Int {
    let shift = lap * EngineState.lapMillis
    var records = 0
    kept.events.withUnsafeBufferPointer { events in
        kept.arrivalMillis.withUnsafeBufferPointer { arrivals in
            for index in events.indices {
                var event = events[index]
                event.timestampMillis &+= shift
                engine.add(event, arrivalMillis: arrivals[index] &+ shift)
                engine.drainRecords { _, _ in records &+= 1 }
            }
        }
    }
    return records
}

func engineBenchmarks() {
    // (label, configuration, measured iterations): 5m/1s costs over ten times more per event,
    // so it gets fewer iterations to keep the suite's running time down.
    let cases: [(String, @Sendable (inout TamyrConfiguration) -> Void, Int)] = [
        ("default windows 1m, 1h, 5m/10s", { _ in }, 10),
        ("hopping 5m/10s only", { c in
            c.windows.tumbling = []
            c.windows.hopping = [WindowSpec(hopping: 300_000, every: 10_000)]
        }, 10),
        ("hopping 5m/1s only", { c in
            c.windows.tumbling = []
            c.windows.hopping = [WindowSpec(hopping: 300_000, every: 1_000)]
        }, 3),
    ]
    for (label, configure, iterations) in cases {
        // One iteration = the 1,000,000-event stream = 10 s of event time, so every iteration
        // closes the same hopping windows (one 5m/10s window, or ten 5m/1s ones; the default
        // config's 1m window closes every sixth iteration, its 1h window not while measuring)
        // and the per-event figure includes the amortised cost of assembling them. The 30
        // warm-up iterations (5 min of event time) fill the 5-minute windows before anything is
        // measured. The mallocs are those of assembling windows and their records: fewer than
        // one per event, so the scaled column shows 0; `--scale` shows them per iteration.
        Benchmark(
            "Engine: add + drainRecords, per event (\(label))",
            configuration: .init(
                warmupIterations: 30,
                scalingFactor: .mega,
                maxDuration: .seconds(60),
                maxIterations: iterations
            )
        ) { (benchmark: Benchmark, state: EngineState) in
            precondition(benchmark.scaledIterations.count == EngineState.eventsPerLap)
            state.records &+= replay(&state.engine, state.kept, lap: state.lap)
            state.lap += 1
        } setup: {
            EngineState(configure)
        }
    }
}
