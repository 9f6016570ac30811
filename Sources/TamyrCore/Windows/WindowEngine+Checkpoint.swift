extension WindowEngine {
    /// Applies every staged event, so that the panes hold all of the engine's
    /// state (staging is a cache of pending work; see Pane+Staging). Called on
    /// the aggregation thread just before the engine is copied for a checkpoint.
    package mutating func prepareForCheckpoint() {
        if preparePending { prepareAfterClose() }
        guard rollsUp else { return }
        let staging = staging
        classes[0].panes.updateAll { $0.flushStaged(staging) }
    }

    /// Writes the engine's state for a checkpoint: the watermark and its
    /// inputs, which windows have closed, late and folded counts, and every
    /// open pane. Blocks and partial merges are not written: they are rebuilt
    /// from the panes when a window needs them. Records not yet drained are not written either: the
    /// caller drains them first.
    package func encode(into writer: inout CheckpointWriter) {
        precondition(outbox.isEmpty, "an engine is checkpointed with records not drained")
        precondition(!preparePending, "an engine is checkpointed before prepareForCheckpoint()")
        writer.write(optional: watermarkMillis)
        writer.write(optional: maxTimestamp)
        writer.write(signed: watermarkAfterLastEvent)
        writer.write(varint: arrivals)
        writer.write(signed: rolledThrough)
        writer.write(optional: closedThroughStep)
        for spec in settings.windows.indices {
            writer.write(signed: nextWindow[spec])
            writer.write(varint: lateBySpec[spec])
            writer.write(varint: foldedBySpec[spec])
        }
        writer.write(count: classes.count)
        for stepClass in classes {
            writer.write(signed: stepClass.step)
            writer.write(count: stepClass.panes.count)
            for index in stepClass.panes.indices.sorted() {
                writer.write(signed: index)
                stepClass.panes[index]!.encode(into: &writer)
            }
        }
    }

    /// Restores the state written by ``encode(into:)`` into this engine, which
    /// must be new and built from the same windows (the checkpoint's header
    /// says so; the step classes are checked again here). The idle timeout
    /// counts from `nowMillis`: the time the daemon was down is not idle time
    /// of the stream, and counting it would close open windows before the
    /// producers' next events arrive.
    package mutating func restore(from reader: inout CheckpointReader, nowMillis: Int64) throws(CheckpointError) {
        precondition(arrivals == 0 && classes.allSatisfy { $0.panes.isEmpty }, "restore into a used engine")
        watermarkMillis = try reader.readOptionalSigned()
        maxTimestamp = try reader.readOptionalSigned()
        watermarkAfterLastEvent = try reader.readSigned()
        arrivals = try reader.readVarint()
        let rolled = try reader.readSigned()
        guard rollsUp || rolled == .max else { throw .corrupt("roll-up state for an engine that does not roll up") }
        rolledThrough = rolled
        rolledInto = Array(repeating: rolled, count: classes.count)
        closedThroughStep = try reader.readOptionalSigned()
        for spec in settings.windows.indices {
            nextWindow[spec] = try reader.readSigned()
            lateBySpec[spec] = try reader.readVarint()
            foldedBySpec[spec] = try reader.readVarint()
        }
        guard try reader.readCount() == classes.count else { throw .incompatible("step classes") }
        for index in classes.indices {
            guard try reader.readSigned() == classes[index].step else { throw .incompatible("window steps") }
            let paneCount = try reader.readCount()
            for _ in 0 ..< paneCount {
                let paneIndex = try reader.readSigned()
                guard classes[index].panes[paneIndex] == nil else { throw .corrupt("a repeated pane") }
                let pane = try Pane(decoding: &reader, safetyCap: paneSafetyCap)
                classes[index].panes.update(paneIndex) { $0 = pane }
            }
        }
        if (watermarkMillis == nil) != (maxTimestamp == nil) { throw .corrupt("a watermark without events") }
        lastArrivalMillis = nowMillis
    }
}
