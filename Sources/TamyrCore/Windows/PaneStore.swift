/// The panes of one step class, by pane index (event time / step).
///
/// Panes live in an array and a dictionary maps a pane index to its place,
/// with the last pane used cached: in-order streams put nearly every event in
/// the same pane as the one before, so the per-event path skips the
/// dictionary. A freed pane's place is reused.
struct PaneStore {
    private var placeOf: [Int64: Int] = [:]
    private var panes: [Pane] = []
    private var freePlaces: [Int] = []
    private var cachedIndex: Int64 = .min
    private var cachedPlace = -1

    var isEmpty: Bool { placeOf.isEmpty }
    var count: Int { placeOf.count }
    /// The indices of the panes held, in no particular order.
    var indices: Dictionary<Int64, Int>.Keys { placeOf.keys }

    subscript(index: Int64) -> Pane? {
        placeOf[index].map { panes[$0] }
    }

    /// Runs `body` on pane `index`, creating it empty first if needed.
    @inline(__always)
    mutating func update<Result>(_ index: Int64, _ body: (inout Pane) -> Result) -> Result {
        if index != cachedIndex { cache(index) }
        return body(&panes[cachedPlace])
    }

    /// Runs `body` on every pane held.
    mutating func updateAll(_ body: (inout Pane) -> Void) {
        for place in placeOf.values { body(&panes[place]) }
    }

    /// Runs `body` on every pane held whose index is below `end`.
    mutating func updateAll(below end: Int64, _ body: (inout Pane) -> Void) {
        for (index, place) in placeOf where index < end { body(&panes[place]) }
    }

    /// Frees every pane whose index is below `oldest`.
    mutating func free(below oldest: Int64) {
        // Checked first so the common case (nothing to free) allocates nothing.
        guard placeOf.keys.contains(where: { $0 < oldest }) else { return }
        for (index, place) in placeOf where index < oldest {
            placeOf[index] = nil
            panes[place].recycle()
            freePlaces.append(place)
            if index == cachedIndex { cachedIndex = .min }
        }
    }

    var memoryBytes: Int { placeOf.values.reduce(0) { $0 + panes[$1].memoryBytes } }

    /// Runs `body` on every pane held, in no particular order.
    func forEach(_ body: (Pane) -> Void) {
        for place in placeOf.values { body(panes[place]) }
    }

    private mutating func cache(_ index: Int64) {
        if let place = placeOf[index] {
            cachedPlace = place
        } else if let place = freePlaces.popLast() {
            placeOf[index] = place
            cachedPlace = place
        } else {
            panes.append(Pane())
            placeOf[index] = panes.count - 1
            cachedPlace = panes.count - 1
        }
        cachedIndex = index
    }
}
