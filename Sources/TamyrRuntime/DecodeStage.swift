import TamyrCore
import TamyrPipeline

/// A decode worker, on the thread `tamyr-decode-N`: decodes the message
/// batches the ingest stage hands it (batch k goes to worker k mod W) into
/// their ``DecodedEventBuffer``, hashing each event's service and applicant,
/// and passes them on to aggregation, which consumes them in batch order.
///
/// Decoding is the one part of aggregation's work that needs no shared state
/// (the decoder's scratch space is the worker's own), so it is what moves off
/// the aggregation thread; counting, the watermark and the windows stay on
/// that one thread and see events in the order they were read.
final class DecodeStage {
    private let index: Int
    private let lanes: PipelineLanes
    private let buffers: [DecodedEventBuffer]
    private let initialState: DecodeWorkerState

    /// Worker `index` of `lanes.decodeWorkers`; `buffers[h]` belongs to message batch `h`.
    init(index: Int, lanes: PipelineLanes, buffers: [DecodedEventBuffer], configuration: TamyrConfiguration, applicantKey: (UInt64, UInt64)) {
        self.index = index
        self.lanes = lanes
        self.buffers = buffers
        initialState = DecodeWorkerState(
            domains: configuration.kpi.domains, maxFutureSkewMillis: configuration.ingest.maxFutureSkewMillis,
            applicantKey: applicantKey)
    }

    /// Runs until the ingest stage has finished and every batch it handed this
    /// worker is decoded and passed on.
    func run() {
        defer { lanes.finishDecoder() }
        // A local, not a stored property: no dynamic exclusivity check per event.
        var state = initialState
        var backoff = IdleBackoff(maximumMicros: 1_000)
        let input = lanes.toDecode[index]
        let output = lanes.toAggregate[index]
        while true {
            // Read before popping: the ingest stage pushed its last batch before
            // finishing (release/acquire), so once it is seen, an empty ring stays empty.
            let ingestFinished = lanes.ingestFinished
            if let handle = input.pop() {
                backoff.reset()
                let batch = lanes.messageBatches[Int(handle)]
                let buffer = buffers[Int(handle)]
                buffer.decode(messageCount: batch.count, arrivalMillis: batch.arrivalMillis, with: &state) {
                    batch.message($0)
                }
                // The events point into the buffer only: what is decoded can go (privacy),
                // zeroed here while it is in this core's cache.
                batch.zeroMessages(before: buffer.resumeMessage)
                // Cannot fail: every ring holds the whole pool.
                _ = output.push(handle)
            } else if ingestFinished {
                break
            } else {
                backoff.wait()
            }
        }
    }
}
