extension KPIAccumulator {
    /// Writes the accumulator for a checkpoint, every field exactly.
    package func encode(into writer: inout CheckpointWriter) {
        for value in [count, ok, failed, rejected, slaCounted, slaMet, online, mobile, office, amountCount] {
            writer.write(varint: value)
        }
        writer.write(durationSumMicros)
        writer.write(amountSumTiyn)
        writer.write(fixed: firstArrival)
        durations.encode(into: &writer)
        applicants.encode(into: &writer)
    }

    /// Reads an accumulator written by ``encode(into:)`` and checks that its
    /// counts agree with each other (statuses add up to the count, and so on).
    package init(decoding reader: inout CheckpointReader) throws(CheckpointError) {
        self.init()
        count = try reader.readVarint()
        ok = try reader.readVarint()
        failed = try reader.readVarint()
        rejected = try reader.readVarint()
        slaCounted = try reader.readVarint()
        slaMet = try reader.readVarint()
        online = try reader.readVarint()
        mobile = try reader.readVarint()
        office = try reader.readVarint()
        amountCount = try reader.readVarint()
        durationSumMicros = try reader.readInt128()
        amountSumTiyn = try reader.readInt128()
        firstArrival = try reader.readFixed64()
        durations = try DurationSketch(decoding: &reader)
        applicants = try DistinctCounter(decoding: &reader)
        let statuses = ok.addingReportingOverflow(failed).partialValue.addingReportingOverflow(rejected)
        let channels = online.addingReportingOverflow(mobile).partialValue.addingReportingOverflow(office)
        guard !statuses.overflow, statuses.partialValue == count, durations.count == count,
              !channels.overflow, channels.partialValue <= count,
              slaMet <= slaCounted, slaCounted <= count, amountCount <= count
        else { throw .corrupt("a group's counts disagree") }
    }
}
