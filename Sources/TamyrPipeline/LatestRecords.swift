/// The latest record of every series published, for the snapshot endpoint
/// (ZeroMQ Guide chapter 5, the Clone pattern's state): a series is a topic and,
/// for topics that carry several records at once (a breakdown, one per group), the
/// record's series value (``RecordBatch``).
///
/// Bounded: at most `limits.maxTopics` topics and `limits.maxSeriesPerTopic` series in
/// each. A new topic beyond the first is not kept (counted in ``uncached``); a new
/// series in a full topic replaces the series of that topic updated longest ago, which
/// is never one of the latest window's when a window publishes at most
/// `maxSeriesPerTopic` records per topic (``kpi.max_groups`` + 1 with `other`).
///
/// Costs: replacing a series' record is one hash lookup and a copy into the storage
/// that series already has (no allocation once its payload has reached its largest
/// size); a new series allocates its key and payload once. Not `Sendable`: owned by
/// the ingest thread, which both publishes records and answers snapshot requests, so
/// the snapshot always equals what was sent on the PUB sockets up to that moment.
package final class LatestRecords {
    package struct Limits: Sendable, Equatable {
        package var maxTopics: Int
        package var maxSeriesPerTopic: Int

        package init(maxTopics: Int, maxSeriesPerTopic: Int) {
            self.maxTopics = max(1, maxTopics)
            self.maxSeriesPerTopic = max(1, maxSeriesPerTopic)
        }

        /// The most series kept: the memory bound is this times the largest record.
        package var maxSeries: Int { maxTopics * maxSeriesPerTopic }
    }

    private struct Entry {
        /// Topic bytes, a 0 byte, then the series bytes: the index's key.
        var key: [UInt8]
        var topicLength: Int
        var payload: [UInt8]
        /// When it was last replaced, in ``store(topic:series:payload:)`` calls: publication order.
        var stamp: UInt64
        var topic: Int
        /// Neighbours in its topic's least-recently-updated list (-1: none).
        var older: Int
        var newer: Int
    }

    private struct Topic {
        var count = 0
        var oldest = -1
        var newest = -1
    }

    package let limits: Limits
    private var entries: [Entry] = []
    private var index: [[UInt8]: Int] = [:]
    private var topics: [Topic] = []
    private var topicIndex: [[UInt8]: Int] = [:]
    /// Reused lookup keys: a lookup that finds its entry allocates nothing.
    private var scratchKey: [UInt8] = []
    private var scratchTopic: [UInt8] = []
    private var order: [Int] = []
    private var stamp: UInt64 = 0
    /// Records not kept because their topic was new and ``Limits/maxTopics`` were kept already.
    package private(set) var uncached: UInt64 = 0

    package init(limits: Limits) {
        self.limits = limits
        scratchKey.reserveCapacity(256)
        scratchTopic.reserveCapacity(128)
    }

    /// Series kept now.
    package var count: Int { entries.count }

    /// Keeps `payload` as the latest record of `topic` and `series`; returns false when
    /// the topic is new and no room is left for another topic.
    @discardableResult
    package func store(topic: UnsafeRawBufferPointer, series: UnsafeRawBufferPointer, payload: UnsafeRawBufferPointer) -> Bool {
        stamp += 1
        scratchKey.removeAll(keepingCapacity: true)
        scratchKey.append(contentsOf: topic)
        scratchKey.append(0)
        scratchKey.append(contentsOf: series)
        if let found = index[scratchKey] {
            replace(found, with: payload)
            touch(found)
            return true
        }
        scratchTopic.removeAll(keepingCapacity: true)
        scratchTopic.append(contentsOf: topic)
        let topicSlot: Int
        if let known = topicIndex[scratchTopic] {
            topicSlot = known
        } else {
            guard topics.count < limits.maxTopics else {
                uncached += 1
                return false
            }
            topicSlot = topics.count
            topics.append(Topic())
            topicIndex[scratchTopic] = topicSlot
        }
        let slot: Int
        if topics[topicSlot].count >= limits.maxSeriesPerTopic {
            // Reuse the storage of the topic's series updated longest ago.
            slot = topics[topicSlot].oldest
            index.removeValue(forKey: entries[slot].key)
            unlink(slot)
            entries[slot].key = scratchKey
        } else {
            slot = entries.count
            entries.append(Entry(key: scratchKey, topicLength: topic.count, payload: [], stamp: 0, topic: topicSlot, older: -1, newer: -1))
        }
        index[scratchKey] = slot
        replace(slot, with: payload)
        link(slot)
        return true
    }

    /// Calls `body` with the topic and payload of every series whose topic starts with
    /// `prefix`, oldest update first (the order they were published in); returns how many.
    /// O(series kept + matches × log matches); allocates nothing once its scratch list has grown.
    @discardableResult
    package func forEach(
        prefix: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> Void
    ) rethrows -> Int {
        order.removeAll(keepingCapacity: true)
        for slot in entries.indices where Self.hasPrefix(entries[slot], prefix) { order.append(slot) }
        order.sort { entries[$0].stamp < entries[$1].stamp }
        for slot in order {
            try entries[slot].key.withUnsafeBytes { key in
                try entries[slot].payload.withUnsafeBytes { payload in
                    try body(UnsafeRawBufferPointer(rebasing: key[..<entries[slot].topicLength]), payload)
                }
            }
        }
        return order.count
    }

    private static func hasPrefix(_ entry: Entry, _ prefix: UnsafeRawBufferPointer) -> Bool {
        guard prefix.count <= entry.topicLength else { return false }
        return entry.key.withUnsafeBytes { UnsafeRawBufferPointer(rebasing: $0[..<prefix.count]).elementsEqual(prefix) }
    }

    private func replace(_ slot: Int, with payload: UnsafeRawBufferPointer) {
        entries[slot].payload.removeAll(keepingCapacity: true)
        entries[slot].payload.append(contentsOf: payload)
        entries[slot].stamp = stamp
    }

    /// Makes `slot` its topic's most recently updated series.
    private func touch(_ slot: Int) {
        guard entries[slot].newer != -1 else { return }
        unlink(slot)
        link(slot)
    }

    private func unlink(_ slot: Int) {
        let (older, newer, topic) = (entries[slot].older, entries[slot].newer, entries[slot].topic)
        if older == -1 { topics[topic].oldest = newer } else { entries[older].newer = newer }
        if newer == -1 { topics[topic].newest = older } else { entries[newer].older = older }
        entries[slot].older = -1
        entries[slot].newer = -1
        topics[topic].count -= 1
    }

    private func link(_ slot: Int) {
        let topic = entries[slot].topic
        let newest = topics[topic].newest
        entries[slot].older = newest
        entries[slot].newer = -1
        if newest == -1 { topics[topic].oldest = slot } else { entries[newest].newer = slot }
        topics[topic].newest = slot
        topics[topic].count += 1
    }
}

@available(*, unavailable, message: "owned by the ingest thread, which publishes records and answers snapshot requests")
extension LatestRecords: Sendable {}
