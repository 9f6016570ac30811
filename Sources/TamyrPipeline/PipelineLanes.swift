import Synchronization

/// Everything the two stages of tamyrd share, and nothing else: the pooled
/// batches, the four rings that move their handles, and two "finished" flags.
///
/// ```
///             fullMessages                         fullRecords
/// ingest ───────────────────▶ aggregation ───────────────────▶ ingest
/// (sockets)  ◀─────────────── (decode,     ◀─────────────────── (PUB send)
///             freeMessages     accounting,      freeRecords
///                               windows)
/// ```
///
/// Every ring has one producer thread and one consumer thread (the arrows).
/// A handle is in exactly one ring or held by exactly one stage at a time, so
/// a batch is never touched by two threads at once; the rings' release/acquire
/// pairs publish a batch's contents with its handle (see ``SPSCRing``).
///
/// The pools are fixed at start-up: when aggregation falls behind, the ingest
/// stage finds no free message batch, stops reading, and ZeroMQ's receive
/// high-water mark then pushes back on producers. Memory stays bounded by
/// the pools, whatever the input rate.
package final class PipelineLanes: Sendable {
    package let messageBatches: [MessageBatch]
    package let recordBatches: [RecordBatch]
    /// ingest → aggregation.
    package let fullMessages: SPSCRing
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

    /// Pools of `messageBatchCount` message batches of `batchBytes` bytes and
    /// `batchMessages` messages, and `recordBatchCount` record batches. Must be
    /// created before either stage's thread starts: starting a thread orders
    /// the initial pushes below before everything the thread does.
    package init(messageBatchCount: Int, batchBytes: Int, batchMessages: Int, recordBatchCount: Int) {
        messageBatches = (0 ..< messageBatchCount).map { _ in
            MessageBatch(byteCapacity: batchBytes, messageCapacity: batchMessages)
        }
        recordBatches = (0 ..< recordBatchCount).map { _ in RecordBatch() }
        fullMessages = SPSCRing(minimumCapacity: messageBatchCount)
        freeMessages = SPSCRing(minimumCapacity: messageBatchCount)
        fullRecords = SPSCRing(minimumCapacity: recordBatchCount)
        freeRecords = SPSCRing(minimumCapacity: recordBatchCount)
        for handle in messageBatches.indices { _ = freeMessages.push(Int32(handle)) }
        for handle in recordBatches.indices { _ = freeRecords.push(Int32(handle)) }
    }

    package var ingestFinished: Bool { ingestFinishedFlag.load(ordering: .acquiring) }
    package func finishIngest() { ingestFinishedFlag.store(true, ordering: .releasing) }
    package var aggregationFinished: Bool { aggregationFinishedFlag.load(ordering: .acquiring) }
    package func finishAggregation() { aggregationFinishedFlag.store(true, ordering: .releasing) }
    package var ingestClosed: Bool { ingestClosedFlag.load(ordering: .acquiring) }
    package func closeIngest() { ingestClosedFlag.store(true, ordering: .releasing) }
}
