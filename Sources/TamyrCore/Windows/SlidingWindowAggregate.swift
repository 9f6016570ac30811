/// The windows of one hopping window spec of many panes, assembled with a
/// constant number of merges per window (two stacks, in the manner of
/// Tangwongsan, Hirzel and Schneider's sliding-window aggregation), where
/// ``PaneBlock`` needs about `√n` blocks and loose panes.
///
/// Merging is not invertible here (distinct counters, minima and maxima), so
/// a pane leaving the window cannot be subtracted. Instead the panes are split
/// at a point `frontEnd`:
///
/// - the *front*, panes `[frontStart, frontEnd)`, holds suffix aggregates:
///   for the head block (the block of `blockSize` panes holding the window's
///   first pane) one per pane, each the merge of that pane through the end of
///   the head block (``PaneBlock``-sized), and one per later block, the merge of
///   that block's first pane through `frontEnd - 1`;
/// - the *back*, panes `[frontEnd, backThrough]`, is one prefix aggregate that
///   takes in each new pane as the windows slide, and beside it the back's
///   panes merged per block, from which the next front's block suffixes are
///   built.
///
/// Window `k` (panes `k ..< k + span`) is then the head suffix of pane `k`, the
/// suffix of the block after the head block, and the back: three aggregates.
/// When the window's first pane reaches `frontEnd`, the window's panes become
/// the new front (a "flip", once per `span` windows: its block suffixes are
/// built from the back's blocks, about `√span` merges, so that no one window
/// pays for `span` pane merges), and the back starts empty after them. Per
/// window that is, amortised, three pane merges (into the back, its block and
/// a head suffix) and two window-sized merges, whatever `span` is; a window of
/// 300 panes (5m/1s) merged about 37 panes and blocks before. The price is
/// memory: a flip keeps up to `span / blockSize` window-sized aggregates, so
/// this is used only from ``minimumSpan`` panes, not for the default 5m/10s
/// (30 panes).
///
/// Merging is exact for counts and sums, and the sketches' merged state
/// depends only on the values merged, so a window assembled here equals one
/// assembled from its panes (the property tests compare every record with a
/// brute-force reference). Aggregates are built only from panes that end at
/// or before the watermark; an event older than the watermark that updates
/// such a pane updates every aggregate holding it too
/// (``add(_:pane:keys:serviceName:)``).
struct SlidingWindowAggregate {
    /// Window spans (in panes) from which windows are assembled here rather than
    /// from ``PaneBlock``s: 300 for 5m/1s; the default 5m/10s (30) keeps its blocks
    /// and its memory.
    static let minimumSpan: Int64 = 100

    /// Panes per window.
    let span: Int64
    /// Panes per block of the front: about `√span`, so a flip keeps about `√span`
    /// window-sized block suffixes and a head block about `√span` smaller ones.
    let blockSize: Int64

    /// Whether a front was built (nothing is, after creation or ``reset()``).
    private(set) var isBuilt = false
    private(set) var frontStart: Int64 = 0
    /// The first pane after the front; the first pane of the back.
    private(set) var frontEnd: Int64 = 0
    /// By block number, for the blocks of the front after its first: the merge of
    /// panes `max(frontStart, block * blockSize) ..< frontEnd`.
    private var blockSuffixes: [Int64: PaneBlock] = [:]
    /// The block the head suffixes are for; `.min`: none built.
    private var headBlock: Int64 = .min
    /// By pane index `i` in the head block: the merge of panes `i ..< headEnd`.
    private var headSuffixes: [Int64: PaneBlock] = [:]
    /// The end (exclusive) of the head suffixes: the head block's end, or `frontEnd`.
    private var headEnd: Int64 = 0
    /// The merge of panes `frontEnd ... backThrough`.
    private var back = PaneBlock()
    private(set) var backThrough: Int64 = 0
    /// By block number: the merge of that block's panes in `frontEnd ... backThrough`.
    private var backBlocks: [Int64: PaneBlock] = [:]

    init(span: Int64) {
        self.span = span
        blockSize = max(1, Int64(Double(span).squareRoot().rounded()))
    }

    /// Forgets every aggregate (they are rebuilt from the panes when needed).
    mutating func reset() {
        isBuilt = false
        blockSuffixes = [:]
        headBlock = .min
        headSuffixes = [:]
        back = PaneBlock()
        backBlocks = [:]
    }

    /// The merged groups of window `k`: panes `k ..< k + span` of `panes`. Windows
    /// are asked for in increasing `k`; each pane of the window must have ended at
    /// or before the watermark.
    mutating func window(_ k: Int64, panes: borrowing PaneStore) -> PaneBlock {
        if !isBuilt || k < frontStart || k >= frontEnd { flip(at: k, panes: panes) }
        // The back takes in the panes the window reaches beyond the front.
        let last = k + span - 1
        while backThrough < last {
            backThrough += 1
            if let pane = panes[backThrough] {
                back.absorb(pane)
                backBlocks[floorDivide(backThrough, blockSize), default: PaneBlock()].absorb(pane)
            }
        }
        let head = floorDivide(k, blockSize)
        if head != headBlock { buildHead(head, from: k, panes: panes) }
        // Moved out, not copied: the window's merges then write to storage of its own
        // only where the other aggregates share it (copy on write), and the head
        // suffix is not needed again (windows come in increasing `k`).
        var window = headSuffixes.removeValue(forKey: k) ?? PaneBlock()
        if let middle = blockSuffixes[head + 1] { window.absorb(middle) }
        window.absorb(back)
        // Block suffixes of the head block and before are inside no later window's middle.
        if blockSuffixes[head] != nil { blockSuffixes[head] = nil }
        return window
    }

    /// Adds an event older than the watermark, already added to pane `pane`, to
    /// every aggregate that holds that pane; `keys` are the groups the pane used.
    mutating func add(_ event: PreparedEvent, pane: Int64, keys: [GroupKey], serviceName: String?) {
        guard isBuilt else { return }
        if pane >= frontStart && pane < frontEnd {
            for block in Array(blockSuffixes.keys) where max(frontStart, block * blockSize) <= pane {
                blockSuffixes[block]!.add(event, keys: keys, serviceName: serviceName)
            }
            if pane < headEnd {
                for start in Array(headSuffixes.keys) where start <= pane {
                    headSuffixes[start]!.add(event, keys: keys, serviceName: serviceName)
                }
            }
        } else if pane >= frontEnd && pane <= backThrough {
            back.add(event, keys: keys, serviceName: serviceName)
            backBlocks[floorDivide(pane, blockSize), default: PaneBlock()].add(event, keys: keys, serviceName: serviceName)
        }
    }

    /// Makes panes `k ..< k + span` the front, with its block suffixes, and empties the back.
    private mutating func flip(at k: Int64, panes: borrowing PaneStore) {
        // The back's blocks hold panes `previousFront ... previousBack`: whole blocks
        // of the new front after its first block (which starts at or after k) come
        // from them instead of from their panes.
        let previous = isBuilt ? (blocks: backBlocks, frontEnd: frontEnd, backThrough: backThrough) : nil
        reset()
        isBuilt = true
        frontStart = k
        frontEnd = k + span
        backThrough = frontEnd - 1
        let firstBlock = floorDivide(k, blockSize)
        var block = floorDivide(frontEnd - 1, blockSize)
        var suffix = PaneBlock()
        // Backwards, so that each block's suffix is the next one's plus its own panes.
        // The first block needs none: its windows use head suffixes.
        while block > firstBlock {
            let first = block * blockSize
            var index = min(frontEnd - 1, first + blockSize - 1)
            if let previous, first >= previous.frontEnd {
                // Panes first ... previous.backThrough are in the old back's block (or had no events).
                // (A block wholly after the old back has no block there: all from its panes.)
                while index >= first && index > previous.backThrough {
                    if let pane = panes[index] { suffix.absorb(pane) }
                    index -= 1
                }
                if index >= first, let built = previous.blocks[block] { suffix.absorb(built) }
                index = first - 1
            }
            while index >= first {
                if let pane = panes[index] { suffix.absorb(pane) }
                index -= 1
            }
            blockSuffixes[block] = suffix
            block -= 1
        }
    }

    /// Builds the head suffixes of block `head` for panes `from ..< headEnd`.
    private mutating func buildHead(_ head: Int64, from k: Int64, panes: borrowing PaneStore) {
        headBlock = head
        headSuffixes = [:]
        headEnd = min((head + 1) * blockSize, frontEnd)
        var suffix = PaneBlock()
        var index = headEnd - 1
        while index >= k {
            if let pane = panes[index] { suffix.absorb(pane) }
            headSuffixes[index] = suffix
            index -= 1
        }
    }
}
