import TamyrCore

/// Every invariant the decoder fuzzer checks on one input (`Fuzz/`, `make fuzz`).
///
/// The input is one ZeroMQ message payload, as tamyrd receives it. It is
/// decoded and aggregated four ways, each from fresh state, so the result
/// depends on the input alone:
///
/// 1. decoded with and without the fast path, and again by the primed decoder
///    (``DecoderPathCheck``), and by a decode worker with a tiny buffer
///    followed by aggregation's catching-up (``DecodeWorkerCheck``);
/// 2. as one message through the daemon's pipeline (decoder, accounting,
///    window engine; ``FuzzSettings/rolledUpWindows``); its totals must agree
///    with step 1 and with counting alone from fresh state;
/// 3. line by line, each line a message read a little later than the last,
///    with idle ticks in between, through an engine that takes the general
///    path and folds groups (``FuzzSettings/generalPathWindows``).
///
/// After each pipeline run every window is closed and ``RecordCheck`` applies.
/// Every check can fail; none allocates more than a small multiple of the input.
package enum FuzzChecks {
    /// The invariants `input` breaks, one line each; empty when all hold.
    package static func violations(in input: UnsafeRawBufferPointer) -> [String] {
        var violations: [String] = []
        let events = DecoderPathCheck.run(input, into: &violations)
        DecodeWorkerCheck.run(input, into: &violations)

        var whole = wholeMessageRun(input)
        checkAccounting(whole.pipeline.accounting.totals, "one message", into: &violations)
        let totals = whole.pipeline.accounting.totals
        if totals.received != UInt64(events.count) {
            violations.append("one message: \(totals.received) events received, \(events.count) decoded")
        }
        // Counting alone, from fresh state, must give the totals the pipeline gave:
        // decoding is deterministic and the engine does not feed back into accounting.
        var countOnly = IngestAccounting(maxProducers: FuzzSettings.maxProducers)
        var decoder = EventDecoder(domains: FuzzSettings.domains, maxFutureSkewMillis: FuzzSettings.maxFutureSkewMillis)
        decoder.decode(input, nowMillis: FuzzSettings.nowMillis, into: &countOnly)
        countOnly.totals.messages = 1
        if countOnly.totals != totals {
            violations.append("one message: counting alone gave \(countOnly.totals), the pipeline \(totals)")
        }
        RecordCheck.check(&whole, "one message", into: &violations)

        var lines = lineByLineRun(input)
        checkAccounting(lines.pipeline.accounting.totals, "line by line", into: &violations)
        RecordCheck.check(&lines, "line by line", into: &violations)
        return violations
    }

    /// `received == accepted + sum(rejected) + duplicates`: every event ends in exactly one of them.
    private static func checkAccounting(_ totals: IngestTotals, _ label: String, into violations: inout [String]) {
        let sum = totals.accepted + totals.rejectedTotal + totals.duplicates
        if totals.received != sum {
            violations.append(
                "\(label): received \(totals.received) != accepted \(totals.accepted) + rejected "
                    + "\(totals.rejectedTotal) + duplicates \(totals.duplicates)")
        }
    }

    private static func wholeMessageRun(_ input: UnsafeRawBufferPointer) -> PipelineRun {
        var run = PipelineRun(FuzzSettings.rolledUpWindows, startMillis: FuzzSettings.nowMillis)
        run.receive(input, at: FuzzSettings.nowMillis)
        run.closeEverything()
        return run
    }

    /// Each line a message; 400 ms between messages, and a pause longer than
    /// the idle timeout after every eighth, so the idle watermark moves too.
    private static func lineByLineRun(_ input: UnsafeRawBufferPointer) -> PipelineRun {
        let configuration = FuzzSettings.generalPathWindows
        var run = PipelineRun(configuration, startMillis: FuzzSettings.nowMillis)
        var now = FuzzSettings.nowMillis
        var start = 0
        var index = 0
        while start <= input.count {
            let end = input[start...].firstIndex(of: 0x0A) ?? input.count
            run.receive(UnsafeRawBufferPointer(rebasing: input[start ..< end]), at: now)
            index += 1
            now += index % 8 == 0 ? configuration.windows.idleTimeoutMillis + 1_000 : 400
            run.tick(at: now)
            start = end + 1
        }
        run.closeEverything()
        return run
    }
}
