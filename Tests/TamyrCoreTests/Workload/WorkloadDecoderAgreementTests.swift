import Testing
import TamyrCore
import TamyrWorkload

/// The synthetic stream and the decoder were written independently from the
/// contract; here each checks the other. Every generated event must be
/// decoded to exactly what the generator says it is: valid with the same
/// time, duration and amount, or rejected for the reason the generator broke.
struct WorkloadDecoderAgreementTests {
    private struct Collect: DecodedEventSink {
        var results: [(reason: RejectionReason?, ts: Int64, micros: Int64, tiyn: Int64?, seq: Int64?)] = []

        mutating func consume(_ event: borrowing DecodedEvent) {
            results.append((event.rejection, event.timestampMillis, event.durationMicros, event.amountTiyn, event.sequence))
        }
    }

    @Test(arguments: [TimestampStyle.epochMillis, .rfc3339, .mixed])
    func everyGeneratedEventDecodesAsGenerated(style: TimestampStyle) {
        var options = WorkloadOptions()
        options.seed = 2_026
        options.source = "agree"
        options.invalidFraction = 0.2
        options.lateFraction = 0.01
        options.extraFieldFraction = 0.05
        options.timestampStyle = style
        var workload = Workload(options: options)
        var decoder = EventDecoder(domains: options.domains, maxFutureSkewMillis: 300_000)
        let now: Int64 = 1_796_032_860_123
        var disagreements: [String] = []
        for _ in 0..<20_000 {
            var line: [UInt8] = []
            let generated = workload.appendEvent(nowMillis: now, to: &line)
            var sink = Collect()
            line.withUnsafeBytes { decoder.decode($0, nowMillis: now, into: &sink) }
            guard sink.results.count == 1, let decoded = sink.results.first else {
                disagreements.append("\(sink.results.count) events from: \(String(decoding: line, as: UTF8.self))")
                continue
            }
            let text = String(decoding: line, as: UTF8.self)
            if let kind = generated.invalid {
                if decoded.reason?.name != kind.rawValue {
                    disagreements.append("expected \(kind.rawValue) (\(generated.variant)), got \(decoded.reason?.name ?? "valid"): \(text)")
                }
            } else if let reason = decoded.reason {
                disagreements.append("expected valid, got \(reason.name): \(text)")
            } else {
                if decoded.ts != generated.timestampMillis { disagreements.append("ts \(decoded.ts) != \(generated.timestampMillis): \(text)") }
                if decoded.micros != generated.durationMicros { disagreements.append("duration: \(text)") }
                if decoded.tiyn != generated.amountTiyn { disagreements.append("amount: \(text)") }
            }
            if generated.invalid != .malformedJSON, decoded.seq != generated.seq {
                disagreements.append("seq \(String(describing: decoded.seq)) != \(String(describing: generated.seq)): \(text)")
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.count) disagreements, first: \(disagreements.prefix(5))")
    }
}
