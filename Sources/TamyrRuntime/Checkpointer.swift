import Glibc
import Dispatch
import Logging
import Synchronization
import TamyrCore
import TamyrPipeline

/// Writes checkpoints on the thread `tamyr-checkpoint`, so that aggregation
/// (and behind it, ingest) never waits for encoding or for the disk.
///
/// Aggregation hands over a *copy* of its pipeline (``offer(_:writtenAtMillis:)``):
/// the engine's state is value types all the way down (arrays and
/// dictionaries of structs), so the copy costs a few retains, and the first
/// write aggregation makes afterwards to each pane, accumulator or sketch
/// copies that part (copy on write) while this thread encodes the untouched
/// original. That is the asynchronous snapshot of Flink's checkpoints, for
/// free from Swift's value semantics. The handoff is one slot under a mutex,
/// taken once per `state.checkpoint_every`, never per event.
final class Checkpointer: Sendable {
    /// A pipeline copy on its way to the writer thread (or, restored at start,
    /// to the aggregation thread).
    ///
    /// `@unchecked`: the engine holds one reference type, its staging scratch
    /// space (`PaneStaging`), which only the aggregation thread ever touches;
    /// encoding reads only the panes, which are values (``WindowEngine/prepareForCheckpoint()``
    /// has emptied the stage). Every other part is a value, copied on write.
    struct Snapshot: @unchecked Sendable {
        var pipeline: EventPipeline
        var writtenAtMillis: Int64
    }

    /// Figures of the last checkpoint, for `status.tamyrd`.
    struct Figures: Sendable {
        var writtenAtMillis: Int64
        var bytes: Int
        var encodeMicros: Int64
        var writeMicros: Int64
    }

    private let store: CheckpointStore
    private let layout: String
    private let logger: Logger
    private let slot = Mutex<Snapshot?>(nil)
    private let wakeUp = DispatchSemaphore(value: 0)
    private let busy = Atomic<Bool>(false)
    private let stopping = Atomic<Bool>(false)
    private let last = Mutex<Figures?>(nil)
    private let failures = Atomic<Int>(0)

    init(store: CheckpointStore, layout: String, logger: Logger) {
        self.store = store
        self.layout = layout
        self.logger = logger
    }

    /// Hands `pipeline` (staged events flushed, records drained) to the writer
    /// thread; `false` when the previous checkpoint is still being written
    /// (the caller tries again a little later).
    func offer(_ pipeline: EventPipeline, writtenAtMillis: Int64) -> Bool {
        // acquiring: the writer's release below published its last figures.
        guard !busy.load(ordering: .acquiring) else { return false }
        busy.store(true, ordering: .relaxed)
        slot.withLock { $0 = Snapshot(pipeline: pipeline, writtenAtMillis: writtenAtMillis) }
        wakeUp.signal()
        return true
    }

    /// Writes `pipeline` on the calling thread, after any checkpoint in
    /// progress: the last checkpoint of a graceful stop. Then stops the writer thread.
    func writeFinal(_ pipeline: EventPipeline, writtenAtMillis: Int64) -> Bool {
        var backoff = IdleBackoff(maximumMicros: 1_000)
        while busy.load(ordering: .acquiring) { backoff.wait() }
        let written = write(Snapshot(pipeline: pipeline, writtenAtMillis: writtenAtMillis))
        stop()
        return written
    }

    /// Ends ``run()`` once the checkpoint in progress, if any, is written.
    func stop() {
        stopping.store(true, ordering: .releasing)
        wakeUp.signal()
    }

    /// The writer thread's loop; returns after ``stop()``.
    func run() {
        while true {
            wakeUp.wait()
            if let snapshot = slot.withLock({ slot in defer { slot = nil }; return slot }) {
                _ = write(snapshot)
                busy.store(false, ordering: .releasing)
            }
            if stopping.load(ordering: .acquiring) { return }
        }
    }

    var figures: Figures? { last.withLock { $0 } }
    var failureCount: Int { failures.load(ordering: .relaxed) }

    /// Encodes `snapshot` straight into the file, a chunk at a time: the whole
    /// encoded checkpoint is never in memory (see ``CheckpointWriter``).
    private func write(_ snapshot: Snapshot) -> Bool {
        let started = WallClock.monotonicNanos()
        var encoded = started
        do {
            let path = store.path
            var bytes = 0
            try store.write(streaming: { descriptor throws(DurableFile.Failure) in
                var failure: Int32?
                var writer = CheckpointWriter(streamingTo: { chunk in
                    failure = DurableFile.writeAll(descriptor, chunk)
                    return failure == nil
                })
                CheckpointFormat.encode(snapshot.pipeline, layout: layout, writtenAtMillis: snapshot.writtenAtMillis, into: &writer)
                if !writer.finish() { throw DurableFile.Failure(operation: "write", path: path + ".tmp", code: failure ?? EIO) }
                bytes = writer.count
                encoded = WallClock.monotonicNanos()
            })
            let done = WallClock.monotonicNanos()
            last.withLock {
                $0 = Figures(
                    writtenAtMillis: snapshot.writtenAtMillis, bytes: bytes,
                    encodeMicros: Int64((encoded - started) / 1_000), writeMicros: Int64((done - encoded) / 1_000))
            }
            return true
        } catch {
            // Logged each time: a failing disk is worth an operator's attention at once.
            failures.add(1, ordering: .relaxed)
            logger.error("cannot write checkpoint: \(error); the previous one is kept")
            return false
        }
    }
}
