import Foundation
import TamyrCore
import TamyrWorkload

/// `tamyr-measure-engine steady CASE [WARMUP_LAPS [LAPS [DENSITY]]]`: the window engine alone
/// in steady state, as the micro-benchmark measures it (Benchmarks/Micro, EngineBenchmarks):
/// 10 s of decoded events (1,000,000 at the default DENSITY of 100,000 events per second of
/// event time; `make bench-soak` sends 20,000) replayed in laps, each shifted 10 s later,
/// WARMUP_LAPS (default 30: 5 minutes, every window full) before LAPS (default 3) measured
/// ones. CASE: `default`, `5m10s` or `5m1s`. Prints ns/event and the engine's memory (by step
/// class and sketch kind: ``WindowEngine/memoryReport``), then, over LAPS more laps
/// with the clock read around every event, the time of the events that closed windows
/// (assembly and rendering included): the engine's share of close to publication.
///
/// For instruction counts, only the measured laps:
///     valgrind --tool=callgrind --collect-atstart=no --toggle-collect='*measuredLaps*' \
///         .build-measure/release/tamyr-measure-engine steady 5m1s 30 1
enum SteadyState {
    // Set by `run` from DENSITY: a lap is always 10 s of event time.
    nonisolated(unsafe) static var lapEvents = 1_000_000
    nonisolated(unsafe) static var gapMicros: Int64 = 10
    static var lapMillis: Int64 { Int64(lapEvents) * gapMicros / 1_000 }
    static let start = Int64(1_796_032_800_000)

    static func run(_ arguments: ArraySlice<String>) {
        let name = arguments.first ?? "5m1s"
        let warmup = Int(arguments.dropFirst().first ?? "") ?? 30
        let laps = Int(arguments.dropFirst(2).first ?? "") ?? 3
        let density = max(1_000, min(1_000_000, Int(arguments.dropFirst(3).first ?? "") ?? 100_000))
        gapMicros = Int64(1_000_000 / density)
        lapEvents = 10 * density
        var configuration = TamyrConfiguration()
        switch name {
        case "default": break
        case "5m10s":
            configuration.windows.tumbling = []
            configuration.windows.hopping = [WindowSpec(hopping: 300_000, every: 10_000)]
        case "5m1s":
            configuration.windows.tumbling = []
            configuration.windows.hopping = [WindowSpec(hopping: 300_000, every: 1_000)]
        default:
            print("unknown case \(name): default, 5m10s or 5m1s")
            return
        }
        var options = WorkloadOptions()
        options.seed = 7
        options.domains = configuration.kpi.domains
        var workload = Workload(options: options)
        var decoder = EventDecoder(domains: configuration.kpi.domains, maxFutureSkewMillis: .max / 4)
        let keep = EngineMeasure.Keep()
        var sink = keep
        var arrivals: [Int64] = []
        var line: [UInt8] = []
        var index = 0
        while keep.events.count < lapEvents {
            let now = start + Int64(index) * gapMicros / 1_000
            line.removeAll(keepingCapacity: true)
            workload.appendEvent(nowMillis: now, to: &line)
            let before = keep.events.count
            line.withUnsafeBytes { decoder.decode($0, nowMillis: now, into: &sink) }
            if keep.events.count > before { arrivals.append(now) }
            index += 1
        }
        var engine = WindowEngine(settings: .init(configuration, applicantKey: (1, 2)))
        var records = 0
        for lap in 0 ..< warmup { records &+= replay(&engine, keep.events, arrivals, lap: Int64(lap)) }
        let started = DispatchTime.now().uptimeNanoseconds
        records &+= measuredLaps(&engine, keep.events, arrivals, from: Int64(warmup), count: laps)
        let nanos = DispatchTime.now().uptimeNanoseconds - started
        print("\(name): \(nanos / UInt64(laps * lapEvents)) ns/event over \(laps) laps after \(warmup),"
            + " \(records) records, engine memory \(engine.memoryBytes / 1_048_576) MiB")
        print(engine.memoryReport)
        var closeTimes: [UInt64] = []
        for lap in Int64(warmup + laps) ..< Int64(warmup + 2 * laps) {
            timedReplay(&engine, keep.events, arrivals, lap: lap, into: &closeTimes)
        }
        closeTimes.sort()
        if !closeTimes.isEmpty {
            func at(_ q: Double) -> UInt64 { closeTimes[min(closeTimes.count - 1, Int(Double(closeTimes.count) * q))] / 1_000 }
            print("closing events: \(closeTimes.count), µs p50 \(at(0.5)) p90 \(at(0.9)) p99 \(at(0.99)) max \(closeTimes.last! / 1_000)")
        }
    }

    @inline(never)
    static func measuredLaps(
        _ engine: inout WindowEngine, _ events: [DecodedEvent], _ arrivals: [Int64], from first: Int64, count: Int
    ) -> Int {
        var records = 0
        for lap in first ..< first + Int64(count) { records &+= replay(&engine, events, arrivals, lap: lap) }
        return records
    }

    @inline(never)
    static func replay(_ engine: inout WindowEngine, _ events: [DecodedEvent], _ arrivals: [Int64], lap: Int64) -> Int {
        let shift = lap * lapMillis
        var records = 0
        for index in events.indices {
            var event = events[index]
            event.timestampMillis &+= shift
            engine.add(event, arrivalMillis: arrivals[index] &+ shift)
            engine.drainRecords { _, _ in records &+= 1 }
        }
        return records
    }

    /// ``replay(_:_:_:lap:)`` timing each event that closes windows, in nanoseconds.
    static func timedReplay(
        _ engine: inout WindowEngine, _ events: [DecodedEvent], _ arrivals: [Int64], lap: Int64, into times: inout [UInt64]
    ) {
        let shift = lap * lapMillis
        for index in events.indices {
            var event = events[index]
            event.timestampMillis &+= shift
            let before = DispatchTime.now().uptimeNanoseconds
            engine.add(event, arrivalMillis: arrivals[index] &+ shift)
            var closed = false
            engine.drainRecords { _, _ in closed = true }
            if closed { times.append(DispatchTime.now().uptimeNanoseconds - before) }
        }
    }
}
