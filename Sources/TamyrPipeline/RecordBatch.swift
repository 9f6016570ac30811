/// Records on their way from aggregation to the ingest stage, which owns the
/// PUB sockets and sends them: topic, series and payload bytes back to back.
/// The series tells records of one topic apart (a breakdown's group value, empty
/// for topics with one record at a time); the ingest stage keeps the latest record
/// of each topic and series for the snapshot endpoint, without parsing payloads. Pooled
/// like ``MessageBatch``; its arrays grow when a burst of closing windows needs
/// it (never on the per-event path) and keep their capacity afterwards.
package final class RecordBatch: @unchecked Sendable {
    // @unchecked: only ever used by the one stage that holds its handle.
    package private(set) var bytes: [UInt8] = []
    private var records: [(topicEnd: Int, seriesEnd: Int, end: Int)] = []
    /// Monotonic nanoseconds (an upper bound on) when the oldest window in the batch closed; the
    /// ingest stage reports the delay to its publication.
    package var closedAtMonotonicNanos: UInt64 = 0
    /// Set by the ingest stage when it sent the batch: microseconds from
    /// `closedAtMonotonicNanos` to the send; read back by aggregation.
    package var publishDelayMicros: Int64? = nil
    /// Monotonic nanoseconds when the message batch holding the event that closed the
    /// batch's oldest window was read (the close itself when the idle watermark closed it):
    /// the start of the pipeline latency metric.
    package var receivedAtMonotonicNanos: UInt64 = 0
    /// Set by the ingest stage when it sent the batch: microseconds from
    /// `receivedAtMonotonicNanos` to the send; read back by aggregation.
    package var latencyMicros: Int64? = nil

    package init() {
        bytes.reserveCapacity(64 << 10)
        records.reserveCapacity(256)
    }

    package var isEmpty: Bool { records.isEmpty }
    package var count: Int { records.count }

    /// Appends one record; `series` is empty unless the topic carries several records at
    /// once (one per breakdown group).
    package func append(topic: String, series: String = "", payload: [UInt8]) {
        var topic = topic
        topic.withUTF8 { bytes.append(contentsOf: $0) }
        let topicEnd = bytes.count
        var series = series
        series.withUTF8 { bytes.append(contentsOf: $0) }
        let seriesEnd = bytes.count
        bytes.append(contentsOf: payload)
        records.append((topicEnd, seriesEnd, bytes.count))
    }

    /// Calls `body` with each record's topic and payload, in order.
    package func forEach(_ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> Void) rethrows {
        try forEachSeries { topic, _, payload in try body(topic, payload) }
    }

    /// Calls `body` with each record's topic, series and payload, in order.
    package func forEachSeries(
        _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> Void
    ) rethrows {
        try bytes.withUnsafeBytes { all in
            var start = 0
            for record in records {
                try body(
                    UnsafeRawBufferPointer(rebasing: all[start ..< record.topicEnd]),
                    UnsafeRawBufferPointer(rebasing: all[record.topicEnd ..< record.seriesEnd]),
                    UnsafeRawBufferPointer(rebasing: all[record.seriesEnd ..< record.end]))
                start = record.end
            }
        }
    }

    package func reset() {
        bytes.removeAll(keepingCapacity: true)
        records.removeAll(keepingCapacity: true)
        closedAtMonotonicNanos = 0
        receivedAtMonotonicNanos = 0
    }
}
