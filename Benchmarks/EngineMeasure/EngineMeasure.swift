import Foundation
import TamyrCore
import TamyrWorkload

/// Measures the decoder and the window engine on one core, in process, on a
/// pre-generated synthetic stream: ns per event for decode only and for
/// decode + engine, and the engine's memory per open window.
///
/// Built only by `make measure-engine` (TAMYR_MEASURE=1 adds the target), in
/// release. Wall-clock figures on a shared 2-core VM: run it a few times.
@main
struct EngineMeasure {
    struct Count: DecodedEventSink {
        var events = 0
        mutating func consume(_ event: borrowing DecodedEvent) { events += 1 }
    }

    /// Keeps decoded events with their bytes copied into one arena, so the
    /// engine can be timed alone (no decoding in the loop).
    final class Keep: DecodedEventSink {
        var events: [DecodedEvent] = []
        let arena = UnsafeMutableRawPointer.allocate(byteCount: 256 << 20, alignment: 8)
        var used = 0
        func copy(_ bytes: UnsafeRawBufferPointer?) -> UnsafeRawBufferPointer? {
            guard let bytes, let base = bytes.baseAddress else { return bytes }
            (arena + used).copyMemory(from: base, byteCount: bytes.count)
            defer { used += bytes.count }
            return UnsafeRawBufferPointer(start: arena + used, count: bytes.count)
        }
        func consume(_ event: borrowing DecodedEvent) {
            guard event.rejection == nil else { return }
            var kept = copy event
            kept.service = copy(event.service)!
            kept.applicant = copy(event.applicant)
            kept.source = copy(event.source)
            kept.id = UnsafeRawBufferPointer(start: nil, count: 0)
            events.append(kept)
        }
    }

    static func main() {
        if CommandLine.arguments.dropFirst().first == "steady" {
            SteadyState.run(CommandLine.arguments.dropFirst(2))
            return
        }
        let events = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 1_000_000
        // Microseconds of event time between events (default 2,000: 500 events/s of event time).
        let gapMicros = Int64(CommandLine.arguments.dropFirst(2).first ?? "") ?? 2_000
        var options = WorkloadOptions()
        options.seed = 7
        var workload = Workload(options: options)
        let start = Int64(1_796_032_800_000)
        // One event per 2 ms of event time: 500 events/s of event time, so the stream spans windows.
        var lines: [[UInt8]] = []
        lines.reserveCapacity(events)
        for index in 0..<events {
            var line: [UInt8] = []
            workload.appendEvent(nowMillis: start + Int64(index) * gapMicros / 1_000, to: &line)
            lines.append(line)
        }
        let bytes = lines.reduce(0) { $0 + $1.count }
        print("stream: \(events) events, \(bytes / events) bytes per event on average")

        for (label, configure) in [
            ("default windows [1m, 1h, 5m/10s]", { (c: inout TamyrConfiguration) in }),
            ("hopping 5m/10s only", { (c: inout TamyrConfiguration) in c.windows.tumbling = []; c.windows.hopping = [WindowSpec(hopping: 300_000, every: 10_000)] }),
            ("hopping 5m/1s only", { (c: inout TamyrConfiguration) in c.windows.tumbling = []; c.windows.hopping = [WindowSpec(hopping: 300_000, every: 1_000)] }),
        ] as [(String, (inout TamyrConfiguration) -> Void)]
        // Optional third argument: run only the case whose label starts with it ("default", "hopping 5m/1s").
        where CommandLine.arguments.count < 4 || label.hasPrefix(CommandLine.arguments[3]) {
            var configuration = TamyrConfiguration()
            configure(&configuration)
            var decoder = EventDecoder(domains: configuration.kpi.domains, maxFutureSkewMillis: .max / 4)
            var count = Count()
            let decodeStart = DispatchTime.now().uptimeNanoseconds
            for (index, line) in lines.enumerated() {
                line.withUnsafeBytes { decoder.decode($0, nowMillis: start + Int64(index) * gapMicros / 1_000, into: &count) }
            }
            let decodeNanos = DispatchTime.now().uptimeNanoseconds - decodeStart
            var pipeline = EventPipeline(
                accounting: IngestAccounting(maxProducers: 100),
                engine: WindowEngine(settings: .init(configuration, applicantKey: (1, 2)))
            )
            var peakMemory = 0
            var peakOpen = 0
            var records = 0
            let engineStart = DispatchTime.now().uptimeNanoseconds
            for (index, line) in lines.enumerated() {
                pipeline.arrivalMillis = start + Int64(index) * gapMicros / 1_000
                line.withUnsafeBytes { decoder.decode($0, nowMillis: pipeline.arrivalMillis, into: &pipeline) }
                pipeline.engine.drainRecords { _, _ in records += 1 }
                if index % 50_000 == 49_999 {
                    peakMemory = max(peakMemory, pipeline.engine.memoryBytes)
                    peakOpen = max(peakOpen, pipeline.engine.openWindows)
                }
            }
            let engineNanos = DispatchTime.now().uptimeNanoseconds - engineStart
            // A checkpoint of the state the stream left, as the daemon writes one (issue 5).
            pipeline.engine.prepareForCheckpoint()
            let layout = CheckpointFormat.layout(of: configuration)
            var writer = CheckpointWriter()
            var encodeNanos = UInt64.max
            for _ in 0 ..< 3 {  // the daemon reuses its buffer: the best of three
                let started = DispatchTime.now().uptimeNanoseconds
                CheckpointFormat.encode(pipeline, layout: layout, writtenAtMillis: 0, into: &writer)
                encodeNanos = min(encodeNanos, DispatchTime.now().uptimeNanoseconds - started)
            }
            var restored = EventPipeline(
                accounting: IngestAccounting(maxProducers: 100),
                engine: WindowEngine(settings: .init(configuration, applicantKey: (1, 2)))
            )
            let restoreStart = DispatchTime.now().uptimeNanoseconds
            let restoredOK = (try? CheckpointFormat.restore(writer.bytes, layout: layout, nowMillis: 0, into: &restored)) != nil
            let restoreNanos = DispatchTime.now().uptimeNanoseconds - restoreStart
            // The engine alone, on the same events decoded beforehand.
            let keep = Keep()
            var keepSink = keep
            for (index, line) in lines.enumerated() {
                line.withUnsafeBytes { decoder.decode($0, nowMillis: start + Int64(index) * gapMicros / 1_000, into: &keepSink) }
            }
            var engine = WindowEngine(settings: .init(configuration, applicantKey: (1, 2)))
            let aloneStart = DispatchTime.now().uptimeNanoseconds
            for (index, event) in keep.events.enumerated() {
                engine.add(event, arrivalMillis: start + Int64(index) * gapMicros / 1_000)
                engine.drainRecords { _, _ in }
            }
            let aloneNanos = DispatchTime.now().uptimeNanoseconds - aloneStart
            print("\(label):")
            print("  engine alone:      \(aloneNanos / UInt64(max(keep.events.count, 1))) ns/event (\(keep.events.count) valid events)")
            print("  decode only:       \(decodeNanos / UInt64(events)) ns/event (\(count.events) events)")
            print("  decode + engine:   \(engineNanos / UInt64(events)) ns/event, \(records) records")
            let megabytes = Double(writer.bytes.count) / 1e6
            print("  checkpoint:        \(String(format: "%.1f", megabytes)) MB at the end, encode \(encodeNanos / 1_000_000) ms"
                + " (\(Int(megabytes / (Double(encodeNanos) / 1e9))) MB/s), restore \(restoreNanos / 1_000_000) ms"
                + (restoredOK ? "" : " FAILED"))
            print("  engine memory:     peak \(peakMemory / 1_024) KiB over \(peakOpen) open windows"
                + " (\(peakOpen > 0 ? peakMemory / peakOpen / 1_024 : 0) KiB per open window)")
        }
    }
}
