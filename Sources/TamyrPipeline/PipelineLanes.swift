import Synchronization

/// Everything the stages of tamyrd share, and nothing else: the pooled
/// batches, the rings that move their handles, and the "finished" flags.
///
/// ```
///            toDecode[w]            toAggregate[w]                 fullRecords
/// ingest ──────────────▶ decode w ─────────────────▶ aggregation ────────────▶ ingest
/// (sockets)  (batch k goes to                        (accounting,  ◀──────────── (PUB send)
///             worker k mod W)                         windows)      freeRecords
///    ▲                                                    │
///    └──────────────────── freeMessages ◀────────────────┘
/// ```
///
/// With no decode workers (W = 0) the ingest stage pushes straight into
/// `toAggregate[0]` and aggregation decodes. Batches are numbered in the
/// order the ingest stage hands them over; with W workers, batch k travels
/// through `toDecode[k mod W]` and `toAggregate[k mod W]`, and aggregation
/// takes them in k order, so events reach the accounting and the windows in
/// exactly the order they were read (lateness and `seq` duplicates depend on it).
///
/// Every ring has one producer thread and one consumer thread (the arrows).
/// A handle is in exactly one ring or held by exactly one stage at a time, so
/// a batch is never touched by two threads at once; the rings' release/acquire
/// pairs publish a batch's contents with its handle (see ``SPSCRing``). Every
/// ring is as large as the pool, so a push never fails.
///
/// The pools are fixed at start-up: when aggregation falls behind, the ingest
/// stage finds no free message batch, stops reading, and ZeroMQ's receive
/// high-water mark then pushes back on producers. Memory stays bounded by
/// the pools, whatever the input rate.
package final class PipelineLanes: Sendable {
    package let messageBatches: [MessageBatch]
    package let recordBatches: [RecordBatch]
    /// Decode worker threads (W); 0 when aggregation decodes.
    package let decodeWorkers: Int
    /// ingest → decode worker w; empty without workers.
    package let toDecode: [SPSCRing]
    /// decode worker w → aggregation; without workers one ring, ingest → aggregation.
    package let toAggregate: [SPSCRing]
    /// aggregation → ingest.
    package let freeMessages: SPSCRing
    /// aggregation → ingest.
    package let fullRecords: SPSCRing
    /// ingest → aggregation.
    package let freeRecords: SPSCRing

    /// Set (release) by the ingest stage after it pushed its last batch; read
    /// (acquire) by aggregation, which then drains `fullMessages` and stops.
    private let ingestFinishedFlag = Atomic<Bool>(false)
    /// Set (release) by aggregation after it pushed its last records; read
    /// (acquire) by the ingest stage, which then sends them and closes.
    private let aggregationFinishedFlag = Atomic<Bool>(false)
    /// Set by the ingest stage when it sends nothing more (its sockets are
    /// closing), so aggregation never waits for a record batch that cannot return.
    private let ingestClosedFlag = Atomic<Bool>(false)

    /// Decode workers that have handed over their last batch (each adds one with
    /// release; aggregation reads it with acquire).
    private let decodersFinishedCount = Atomic<Int>(0)

    /// The quiet the ingest stage has watched since it last read a message (see
    /// ``markIngestQuiet(forMillis:handedOver:)``): milliseconds in the high 40
    /// bits (34 years), the number of batches handed over by then, modulo 2^24,
    /// in the low 24. One word, so that the two are never read torn.
    private let ingestQuietMark = Atomic<UInt64>(0)
    private static let quietBatchBits: UInt64 = 24
    private static let quietBatchMask: UInt64 = (1 << quietBatchBits) - 1

    /// Pools of `messageBatchCount` message batches of `batchBytes` bytes and
    /// `batchMessages` messages, and `recordBatchCount` record batches, for
    /// `decodeWorkers` decode workers. Must be created before any stage's thread
    /// starts: starting a thread orders the initial pushes below before
    /// everything the thread does.
    package init(
        messageBatchCount: Int, batchBytes: Int, batchMessages: Int, recordBatchCount: Int, decodeWorkers: Int = 0
    ) {
        messageBatches = (0 ..< messageBatchCount).map { _ in
            MessageBatch(byteCapacity: batchBytes, messageCapacity: batchMessages)
        }
        recordBatches = (0 ..< recordBatchCount).map { _ in RecordBatch() }
        self.decodeWorkers = max(decodeWorkers, 0)
        toDecode = (0 ..< self.decodeWorkers).map { _ in SPSCRing(minimumCapacity: messageBatchCount) }
        toAggregate = (0 ..< max(self.decodeWorkers, 1)).map { _ in SPSCRing(minimumCapacity: messageBatchCount) }
        freeMessages = SPSCRing(minimumCapacity: messageBatchCount)
        fullRecords = SPSCRing(minimumCapacity: recordBatchCount)
        freeRecords = SPSCRing(minimumCapacity: recordBatchCount)
        for handle in messageBatches.indices { _ = freeMessages.push(Int32(handle)) }
        for handle in recordBatches.indices { _ = freeRecords.push(Int32(handle)) }
    }

    /// The ring the ingest stage pushes batch number `sequence` into.
    @inline(__always)
    package func ingestRing(forBatch sequence: UInt64) -> SPSCRing {
        decodeWorkers == 0 ? toAggregate[0] : toDecode[Int(sequence % UInt64(decodeWorkers))]
    }

    /// The ring aggregation pops batch number `sequence` from.
    @inline(__always)
    package func aggregationRing(forBatch sequence: UInt64) -> SPSCRing {
        toAggregate.count == 1 ? toAggregate[0] : toAggregate[Int(sequence % UInt64(toAggregate.count))]
    }

    /// Batches handed over by the ingest stage and not yet taken by aggregation
    /// (approximate: the rings are read without stopping their threads).
    package var queuedBatches: Int {
        toDecode.reduce(0) { $0 + $1.depth } + toAggregate.reduce(0) { $0 + $1.depth }
    }

    /// Decode worker: its last batch is pushed (after the ingest stage finished).
    package func finishDecoder() { decodersFinishedCount.add(1, ordering: .releasing) }

    /// Everything bound for aggregation is in its rings: the ingest stage
    /// finished and, with workers, every worker too. Read before a pop, so that
    /// an empty ring seen afterwards stays empty.
    package var decodingFinished: Bool {
        decodeWorkers == 0 ? ingestFinished : decodersFinishedCount.load(ordering: .acquiring) == decodeWorkers
    }

    /// Ingest stage: since it last read a message, it has watched its sockets
    /// stay empty for `millis` milliseconds (time spent waiting in `zmq_poll`,
    /// not time it was not running), and every message it read is in the first
    /// `handedOver` batches.
    ///
    /// Relaxed on both sides: the mark publishes no memory but itself (the
    /// batches it counts travel through the rings, with their own
    /// release/acquire), and aggregation compares it only with its own count of
    /// batches aggregated, which the ingest stage never reads.
    package func markIngestQuiet(forMillis millis: Int64, handedOver: UInt64) {
        let mark = UInt64(max(millis, 0)) << Self.quietBatchBits | handedOver & Self.quietBatchMask
        ingestQuietMark.store(mark, ordering: .relaxed)
    }

    /// Aggregation, having aggregated the first `aggregated` batches: how long
    /// the ingest stage has watched its sockets stay empty since the last
    /// message, all of which is aggregated; nil when it has handed over more
    /// since.
    ///
    /// This is the idle time the idle watermark may count. Time measured on the
    /// clock would also count time the process or the machine stood still
    /// (SIGSTOP, a paused VM, a starved core): the messages that queued
    /// meanwhile would find their windows closed and count as late.
    package func ingestQuietFor(aggregated: UInt64) -> Int64? {
        let mark = ingestQuietMark.load(ordering: .relaxed)
        guard mark & Self.quietBatchMask == aggregated & Self.quietBatchMask else { return nil }
        return Int64(mark >> Self.quietBatchBits)
    }

    package var ingestFinished: Bool { ingestFinishedFlag.load(ordering: .acquiring) }
    package func finishIngest() { ingestFinishedFlag.store(true, ordering: .releasing) }
    package var aggregationFinished: Bool { aggregationFinishedFlag.load(ordering: .acquiring) }
    package func finishAggregation() { aggregationFinishedFlag.store(true, ordering: .releasing) }
    package var ingestClosed: Bool { ingestClosedFlag.load(ordering: .acquiring) }
    package func closeIngest() { ingestClosedFlag.store(true, ordering: .releasing) }
}
