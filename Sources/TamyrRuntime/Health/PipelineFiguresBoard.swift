import Synchronization

/// Where the aggregation thread leaves its latest ``PipelineFigures`` for the
/// HTTP endpoint, off the per-event path: aggregation stores a new value about
/// once a second (and on request), scrapes read the last one.
///
/// The value sits behind a `Mutex`, held only to swap or copy it (a copy is a
/// few retains: the figures are copy-on-write). The request flag and the
/// generation are atomics the aggregation loop reads once per turn, relaxed:
/// a request seen one turn late costs a millisecond.
package final class PipelineFiguresBoard: Sendable {
    private let latestFigures = Mutex<PipelineFigures?>(nil)
    private let requested = Atomic<Bool>(false)
    private let generationCount = Atomic<UInt64>(0)

    package init() {}

    // MARK: - Aggregation side

    /// Replaces the figures; the generation then counts one more.
    package func publish(_ figures: PipelineFigures) {
        latestFigures.withLock { $0 = figures }
        generationCount.add(1, ordering: .releasing)
    }

    /// Whether a reader asked for fresh figures since the last call; clears the request.
    package func takeRequest() -> Bool {
        requested.load(ordering: .relaxed) && requested.exchange(false, ordering: .relaxed)
    }

    // MARK: - Reader side

    /// The figures last published, nil before the first.
    package var latest: PipelineFigures? { latestFigures.withLock { $0 } }

    /// How many times figures were published; acquiring, so figures read after
    /// seeing a new generation are at least that new.
    package var generation: UInt64 { generationCount.load(ordering: .acquiring) }

    /// Asks aggregation to publish at its next loop turn.
    package func request() { requested.store(true, ordering: .relaxed) }
}
