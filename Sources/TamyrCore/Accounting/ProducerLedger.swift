/// Per-producer sequence accounting (contract section 5): for each `src`,
/// the last `seq` seen, the numbers skipped (gaps) and the repeats (duplicates).
///
/// The first `seq` seen from a producer starts its count and adds no gap:
/// tamyrd cannot know whether earlier numbers were ever sent to it. At most
/// `capacity` producers are tracked, so a producer that invents a new `src`
/// per event cannot grow memory without bound; events from producers beyond
/// the cap are counted as untracked and aggregated normally.
package struct ProducerLedger: Sendable {
    package struct Producer: Sendable, Equatable {
        package var lastSequence: Int64
        package var gaps: UInt64
        package var duplicates: UInt64

        package init(lastSequence: Int64, gaps: UInt64 = 0, duplicates: UInt64 = 0) {
            self.lastSequence = lastSequence
            self.gaps = gaps
            self.duplicates = duplicates
        }
    }

    package enum Outcome: Equatable, Sendable {
        /// First or next-in-order (possibly after a gap): process the event.
        case fresh
        /// `seq` at or below the last seen: count it, do not aggregate it again.
        case duplicate
        /// The producer table is full and this `src` is not in it.
        case untracked
    }

    package private(set) var producers: [String: Producer] = [:]
    package let capacity: Int
    /// The last producer recorded, by its bytes and its place in `producers`: a
    /// stream mostly carries one producer's events in runs, and building a
    /// `String` and hashing it per event was a tenth of aggregation's time.
    /// Valid until the next insertion (which can move every index).
    private var cachedName: [UInt8] = []
    private var cachedIndex: Dictionary<String, Producer>.Index?

    package init(capacity: Int) { self.capacity = capacity }

    /// Records `sequence` for the producer named by the UTF-8 bytes `source`.
    package mutating func record(source: UnsafeRawBufferPointer, sequence: Int64) -> Outcome {
        if let index = cachedIndex, source.elementsEqual(cachedName) {
            return record(at: index, sequence: sequence)
        }
        // Names up to 15 bytes become small strings without a heap allocation.
        let (outcome, index) = record(named: String(decoding: source, as: UTF8.self), sequence: sequence)
        if let index {
            cachedName.removeAll(keepingCapacity: true)
            cachedName.append(contentsOf: source)
            cachedIndex = index
        }
        return outcome
    }

    package mutating func record(source name: String, sequence: Int64) -> Outcome {
        record(named: name, sequence: sequence).outcome
    }

    /// The outcome, and the producer's place in `producers` when it is tracked.
    private mutating func record(
        named name: String, sequence: Int64
    ) -> (outcome: Outcome, index: Dictionary<String, Producer>.Index?) {
        if let index = producers.index(forKey: name) { return (record(at: index, sequence: sequence), index) }
        guard producers.count < capacity else { return (.untracked, nil) }
        producers[name] = Producer(lastSequence: sequence)
        cachedIndex = nil
        // Inserting may move every index: the new producer's is looked up once more.
        return (.fresh, producers.index(forKey: name))
    }

    private mutating func record(at index: Dictionary<String, Producer>.Index, sequence: Int64) -> Outcome {
        let last = producers.values[index].lastSequence
        if sequence <= last {
            producers.values[index].duplicates += 1
            return .duplicate
        }
        producers.values[index].gaps += UInt64(sequence - last - 1)
        producers.values[index].lastSequence = sequence
        return .fresh
    }

    /// Restores a producer's counts (from a checkpoint, in a later issue; tests use it now).
    package mutating func restore(_ name: String, _ producer: Producer) {
        producers[name] = producer
        cachedIndex = nil
    }
}
