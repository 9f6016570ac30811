import TamyrCore
import TamyrWorkload

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Epoch milliseconds of the first generated event: 2026-12-01T00:00:00Z, aligned to every
/// window size and step used here (1 s, 10 s, 1 min, 5 min, 1 h).
let streamStartMillis: Int64 = 1_796_032_800_000

/// Event-time density of every generated stream: 100,000 events per second of event time,
/// one every 10 µs (the generator's `nowMillis` advances by 1 ms every 100 events).
let eventsPerSecond = 100_000

/// The wall-clock / generator time of the `index`-th event of a stream.
@inline(__always)
func nowMillis(ofEvent index: Int) -> Int64 {
    streamStartMillis + Int64(index / (eventsPerSecond / 1_000))
}

/// The domains of ``TamyrConfiguration``'s default KPI section, used by every decoder here.
let benchmarkDomains = ["customs", "tax", "ecommerce"]

/// A decoder as `tamyrd` builds one, with the future-skew rule out of the way so that the
/// pre-generated stream never turns into `future_ts` rejections.
func makeDecoder() -> EventDecoder {
    EventDecoder(domains: benchmarkDomains, maxFutureSkewMillis: .max / 4)
}

/// `count` synthetic events from `TamyrWorkload` (seed 7, default options: no invalid events,
/// 0.1 % late ones), one JSON line each, packed back to back in one buffer that lives as long
/// as the process (benchmark state is never freed before exit).
struct EventStream {
    let bytes: UnsafeMutableRawBufferPointer
    let offsets: [Int]
    let lengths: [Int]
    var count: Int { offsets.count }

    init(count: Int, seed: UInt64 = 7) {
        var options = WorkloadOptions()
        options.seed = seed
        options.domains = benchmarkDomains
        var workload = Workload(options: options)
        var all: [UInt8] = []
        var offsets: [Int] = []
        var lengths: [Int] = []
        offsets.reserveCapacity(count)
        lengths.reserveCapacity(count)
        var line: [UInt8] = []
        for index in 0..<count {
            line.removeAll(keepingCapacity: true)
            workload.appendEvent(nowMillis: nowMillis(ofEvent: index), to: &line)
            offsets.append(all.count)
            lengths.append(line.count)
            all.append(contentsOf: line)
        }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(all.count, 1), alignment: 64)
        all.withUnsafeBytes { buffer.copyMemory(from: $0) }
        self.bytes = buffer
        self.offsets = offsets
        self.lengths = lengths
    }

    /// The `index`-th line.
    @inline(__always)
    func line(_ index: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[offsets[index] ..< offsets[index] + lengths[index]])
    }
}

/// Counts decoded events; allocates nothing.
struct CountingSink: DecodedEventSink {
    var events = 0
    var rejected = 0
    @inline(__always)
    mutating func consume(_ event: borrowing DecodedEvent) {
        events &+= 1
        if event.rejection != nil { rejected &+= 1 }
    }
}

/// Keeps the valid decoded events with the bytes they point to (service, applicant, source)
/// copied into arena chunks that are never freed, so that the window engine can be timed on
/// its own, without decoding in the loop (as `Keep` in Benchmarks/EngineMeasure). The event
/// id is dropped: the engine does not read it.
final class KeptEvents: DecodedEventSink {
    private(set) var events: [DecodedEvent] = []
    /// The generator's `nowMillis` of each kept event: its arrival time.
    private(set) var arrivalMillis: [Int64] = []
    private var chunk = UnsafeMutableRawPointer.allocate(byteCount: KeptEvents.chunkBytes, alignment: 16)
    private var used = 0
    private var currentArrival: Int64 = 0
    private static let chunkBytes = 16 << 20

    init(reservingCapacity capacity: Int) {
        events.reserveCapacity(capacity)
        arrivalMillis.reserveCapacity(capacity)
    }

    private func copy(_ bytes: UnsafeRawBufferPointer?) -> UnsafeRawBufferPointer? {
        guard let bytes, let base = bytes.baseAddress else { return bytes }
        if used + bytes.count > Self.chunkBytes {
            chunk = UnsafeMutableRawPointer.allocate(byteCount: Self.chunkBytes, alignment: 16)
            used = 0
        }
        (chunk + used).copyMemory(from: base, byteCount: bytes.count)
        defer { used += bytes.count }
        return UnsafeRawBufferPointer(start: chunk + used, count: bytes.count)
    }

    func consume(_ event: borrowing DecodedEvent) {
        guard event.rejection == nil else { return }
        var kept = copy event
        kept.service = copy(event.service)!
        kept.applicant = copy(event.applicant)
        kept.source = copy(event.source)
        kept.id = UnsafeRawBufferPointer(start: nil, count: 0)
        events.append(kept)
        arrivalMillis.append(currentArrival)
    }

    /// Exactly `count` valid events of the synthetic stream, decoded once.
    static func decoded(count: Int, seed: UInt64 = 7) -> KeptEvents {
        var options = WorkloadOptions()
        options.seed = seed
        options.domains = benchmarkDomains
        var workload = Workload(options: options)
        var decoder = makeDecoder()
        var kept = KeptEvents(reservingCapacity: count)
        var line: [UInt8] = []
        var index = 0
        while kept.events.count < count {
            let now = nowMillis(ofEvent: index)
            line.removeAll(keepingCapacity: true)
            workload.appendEvent(nowMillis: now, to: &line)
            kept.currentArrival = now
            line.withUnsafeBytes { decoder.decode($0, nowMillis: now, into: &kept) }
            index += 1
        }
        return kept
    }
}

/// SplitMix64: a small seeded generator, so the sketch inputs do not depend on anything but
/// this file.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in (0, 1].
    mutating func unit() -> Double { (Double(next() >> 11) + 1) / Double(1 << 53) }
    /// Log-normal (Box–Muller) with the given median and σ of the underlying normal.
    mutating func logNormal(median: Double, sigma: Double) -> Double {
        let normal = (-2 * log(unit())).squareRoot() * cos(2 * Double.pi * unit())
        return median * exp(sigma * normal)
    }
}
