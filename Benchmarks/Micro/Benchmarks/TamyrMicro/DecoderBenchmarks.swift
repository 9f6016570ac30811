import Benchmark
import TamyrCore

/// The decoder's state between iterations: the stream, the decoder, where the next iteration
/// starts.
final class DecoderState {
    let stream = EventStream(count: 10_000)
    var decoder = makeDecoder()
    var next = 0
}

/// Decodes `count` lines of `stream` from `first` on (wrapping) into a counting sink.
/// Takes the decoder `inout` so that the loop works on it in place, with one exclusivity
/// check per iteration rather than one per event.
@inline(never)
func decode(_ decoder: inout EventDecoder, _ stream: EventStream, from first: Int, count: Int) -> CountingSink {
    var sink = CountingSink()
    var index = first
    for _ in 0..<count {
        decoder.decode(stream.line(index), nowMillis: nowMillis(ofEvent: index), into: &sink)
        index += 1
        if index == stream.count { index = 0 }
    }
    return sink
}

func decoderBenchmarks() {
    // 10,000 pre-generated events; each iteration decodes the next 1,000 (one message per
    // event, as tamyrd receives them), so the table reads ns, instructions and mallocs per event.
    Benchmark(
        "Decoder: decode, per event (10k-event stream)",
        configuration: .init(scalingFactor: .kilo, maxDuration: .seconds(2))
    ) { (benchmark: Benchmark, state: DecoderState) in
        let count = benchmark.scaledIterations.count
        let sink = decode(&state.decoder, state.stream, from: state.next, count: count)
        state.next = (state.next + count) % state.stream.count
        precondition(sink.events == count && sink.rejected == 0, "the synthetic stream must decode cleanly")
        blackHole(sink.events)
    } setup: {
        let state = DecoderState()
        // One pass before measuring: whatever the decoder sets up lazily is set up.
        _ = decode(&state.decoder, state.stream, from: 0, count: state.stream.count)
        return state
    }
}
