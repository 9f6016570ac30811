extension IngestAccounting {
    /// Writes the status totals and every tracked producer's sequence state.
    package func encode(into writer: inout CheckpointWriter) {
        for value in [totals.messages, totals.received, totals.accepted, totals.duplicates, totals.untracked] {
            writer.write(varint: value)
        }
        writer.write(count: totals.rejected.count)
        for value in totals.rejected { writer.write(varint: value) }
        writer.write(count: ledger.producers.count)
        for (name, producer) in ledger.producers.sorted(by: { $0.key < $1.key }) {
            writer.write(name)
            writer.write(signed: producer.lastSequence)
            writer.write(varint: producer.gaps)
            writer.write(varint: producer.duplicates)
        }
    }

    /// Restores what ``encode(into:)`` wrote. Producers beyond this daemon's
    /// `ingest.max_producers` (lowered since the checkpoint) are dropped, in
    /// name order, and their later events counted as untracked.
    package mutating func restore(from reader: inout CheckpointReader) throws(CheckpointError) {
        totals.messages = try reader.readVarint()
        totals.received = try reader.readVarint()
        totals.accepted = try reader.readVarint()
        totals.duplicates = try reader.readVarint()
        totals.untracked = try reader.readVarint()
        guard try reader.readCount() == totals.rejected.count else { throw .incompatible("rejection reasons") }
        for index in totals.rejected.indices { totals.rejected[index] = try reader.readVarint() }
        let parts = [totals.accepted, totals.duplicates] + totals.rejected
        let (sum, overflow) = parts.reduce((UInt64(0), false)) { partial, value in
            let next = partial.0.addingReportingOverflow(value)
            return (next.partialValue, partial.1 || next.overflow)
        }
        guard !overflow, sum == totals.received else { throw .corrupt("received is not accepted + rejected + duplicates") }
        let producerCount = try reader.readCount(minimumItemBytes: 4)
        for _ in 0 ..< producerCount {
            let name = try reader.readString()
            let producer = ProducerLedger.Producer(
                lastSequence: try reader.readSigned(), gaps: try reader.readVarint(), duplicates: try reader.readVarint())
            if ledger.producers.count < ledger.capacity { ledger.restore(name, producer) }
        }
    }
}
