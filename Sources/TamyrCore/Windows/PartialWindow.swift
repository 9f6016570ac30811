/// The merge of the panes of the next window of one window spec that ended
/// before the last close: panes `window ..< through`, built by
/// ``WindowEngine/prepareAfterClose()`` so that closing the window merges only
/// the panes after `through` (in the steady state, its last one).
///
/// Merging is exact for counts and sums, and the sketches' merged state depends
/// only on the values merged, so a window assembled from its partial merge
/// equals one assembled from its panes. An event older than the watermark that
/// updates one of the partial's panes updates the partial too, as it does a
/// ``PaneBlock``.
struct PartialWindow {
    /// The window index `k` (its first pane).
    var window: Int64
    /// The first pane not merged.
    var through: Int64
    var merged = PaneBlock()

    /// Whether pane `pane` is merged in.
    func covers(_ pane: Int64) -> Bool { pane >= window && pane < through }
}

extension WindowEngine {
    /// Runs the work the last close left (see Deferred work in ``WindowEngine``):
    /// rolls the base panes up into every class, then merges, for each window spec
    /// assembled from panes or blocks, the next window's panes that have ended, and
    /// keeps the histograms of the HyperLogLogs the next windows will estimate, and
    /// compacts the distinct counters of the panes that have ended.
    /// Called first by ``add(_:arrivalMillis:)``, ``tick(nowMillis:)`` and
    /// ``prepareForCheckpoint()``; idempotent.
    mutating func prepareAfterClose() {
        let closedAt = pendingWatermark
        pendingWatermark = nil
        for target in classes.indices.dropFirst() { rollUp(into: target) }
        guard let watermark = closedAt else { return }
        // Panes that have ended take only late events from now on: their exact distinct
        // counters move into denser tables (in the steady state of the default windows at
        // 20,000 events per second of event time, a sixth of the engine's memory).
        for index in classes.indices {
            classes[index].panes.updateAll(below: floorDivide(watermark, classes[index].step)) { $0.compactDistinctCounters() }
        }
        for spec in settings.windows.indices where sliding[spec] == nil {
            preparePartial(spec: spec, watermark: watermark)
            prepareSinglePane(spec: spec)
        }
    }

    /// Builds or extends the partial merge of spec `spec`'s next window with events.
    private mutating func preparePartial(spec: Int, watermark: Int64) {
        let classIndex = classOfSpec[spec]
        let step = classes[classIndex].step
        let span = settings.windows[spec].sizeMillis / step
        // A window of one pane merges nothing; before the first close no window is known.
        guard span > 1, nextWindow[spec] != .min else { return }
        // The window nextDueWindow will choose, and its panes that have ended.
        guard let k = nextWindowWithEvents(spec: spec) else { return }
        let through = min(k + span, floorDivide(watermark, step))
        var partial = partials[spec].take().flatMap { $0.window == k ? $0 : nil } ?? PartialWindow(window: k, through: k)
        defer { partials[spec] = partial }
        guard through > partial.through else { return }
        // Blocks only from ended panes: `through` is at most the first pane not ended.
        absorbPanes(partial.through ..< through, of: classIndex, into: &partial.merged)
        partial.through = through
        // The window's estimates are most of its close: keep its HyperLogLogs' histograms
        // now, off the close (the last pane's merge keeps them up to date).
        for key in Array(partial.merged.groups.keys) { partial.merged.groups[key]!.applicants.keepRankCounts() }
    }

    /// For a window of one pane of a class that takes its events by roll-up (a tumbling
    /// window coarser than the base step), keeps the HyperLogLog histograms of the pane
    /// the next window will be, as ``preparePartial(spec:watermark:)`` does for a partial
    /// merge: the roll-ups still to come keep them up to date.
    private mutating func prepareSinglePane(spec: Int) {
        let classIndex = classOfSpec[spec]
        guard rollsUp, classIndex != 0, nextWindow[spec] != .min,
              settings.windows[spec].sizeMillis == classes[classIndex].step,
              classes[classIndex].panes[nextWindow[spec]] != nil else { return }
        classes[classIndex].panes.update(nextWindow[spec]) { $0.keepRankCounts() }
    }
}
