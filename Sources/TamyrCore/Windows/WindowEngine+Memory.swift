/// The engine's memory, for `tamyr-measure-engine` and docs/performance.md (Memory).
extension WindowEngine {
    /// Approximate heap bytes held by open panes, blocks and partial windows.
    package var memoryBytes: Int {
        var total = 0
        for stepClass in classes {
            total += stepClass.panes.memoryBytes + stepClass.blockBytes
        }
        for partial in partials { total += partial?.merged.sketchBytes ?? 0 }
        return total
    }

    /// Where ``memoryBytes`` goes, one line per step class and per partial window: panes,
    /// groups, and the sketches' bytes by kind (duration sketches, exact distinct sets with
    /// how many are compacted, HyperLogLogs with how many are packed), then the blocks'.
    package var memoryReport: String {
        func mebibytes(_ bytes: Int) -> String { String(Double(bytes / 10_486) / 100) + " MiB" }
        var lines: [String] = []
        for stepClass in classes {
            var tally = SketchTally()
            var panes = 0
            stepClass.panes.forEach { pane in
                panes += 1
                for accumulator in pane.accumulators.prefix(pane.keys.count) { tally.add(accumulator) }
            }
            lines.append("step \(stepClass.step / 1_000) s: \(panes) panes, \(tally.groups) groups, durations "
                + "\(mebibytes(tally.durationBytes)), exact sets \(tally.exactSets) (\(tally.compactedSets) compacted) "
                + "\(mebibytes(tally.exactBytes)), HyperLogLogs \(tally.hyperLogLogs) (\(tally.packedSketches) packed) "
                + "\(mebibytes(tally.hyperLogLogBytes)); "
                + "\(stepClass.blocks.count) blocks \(mebibytes(stepClass.blockBytes))")
        }
        for (spec, partial) in partials.enumerated() {
            guard let partial else { continue }
            lines.append("partial \(windowNames[spec]): \(partial.merged.groups.count) groups \(mebibytes(partial.merged.sketchBytes))")
        }
        return lines.joined(separator: "\n")
    }
}

/// Sketch bytes by kind, summed over accumulators.
private struct SketchTally {
    var groups = 0
    var durationBytes = 0
    var exactSets = 0
    var compactedSets = 0
    var exactBytes = 0
    var hyperLogLogs = 0
    var packedSketches = 0
    var hyperLogLogBytes = 0

    mutating func add(_ accumulator: KPIAccumulator) {
        groups += 1
        durationBytes += accumulator.durations.memoryBytes
        if accumulator.applicants.isExact {
            exactSets += 1
            if accumulator.applicants.exact.isCompact { compactedSets += 1 }
            exactBytes += accumulator.applicants.memoryBytes
        } else {
            hyperLogLogs += 1
            if accumulator.applicants.packed != nil { packedSketches += 1 }
            hyperLogLogBytes += accumulator.applicants.memoryBytes
        }
    }
}

extension WindowEngine.StepClass {
    /// Heap bytes of the built blocks' sketches.
    var blockBytes: Int { blocks.values.reduce(0) { $0 + $1.sketchBytes } }
}

extension PaneBlock {
    /// Heap bytes of the groups' sketches (shared storage counted in full).
    var sketchBytes: Int {
        groups.values.reduce(0) { $0 + $1.durations.memoryBytes + $1.applicants.memoryBytes }
    }
}
