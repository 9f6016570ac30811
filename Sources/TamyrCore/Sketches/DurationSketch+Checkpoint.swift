extension DurationSketch {
    /// Writes the sketch for a checkpoint: counts as varints, buckets from the lowest used.
    package func encode(into writer: inout CheckpointWriter) {
        writer.write(varint: count)
        writer.write(varint: zeroCount)
        writer.write(signed: minimum)
        writer.write(signed: maximum)
        writer.write(count: lowestKey)
        writer.write(count: counts.count)
        for bucket in counts { writer.write(varint: bucket) }
    }

    /// Reads a sketch written by ``encode(into:)``, checking its invariants: the
    /// buckets within the key range, the first and last non-zero, and the count
    /// equal to the zeros plus the buckets.
    package init(decoding reader: inout CheckpointReader) throws(CheckpointError) {
        self.init()
        let count = try reader.readVarint()
        let zeros = try reader.readVarint()
        let minimum = try reader.readSigned()
        let maximum = try reader.readSigned()
        let lowest = try reader.readVarint()
        let buckets = try reader.readCount(atMost: DurationBuckets.maximumKey, "duration buckets")
        var counts = [UInt64]()
        counts.reserveCapacity(buckets)
        var total = zeros
        for _ in 0 ..< buckets {
            let bucket = try reader.readVarint()
            let (sum, overflow) = total.addingReportingOverflow(bucket)
            guard !overflow else { throw .corrupt("duration counts overflow") }
            total = sum
            counts.append(bucket)
        }
        guard total == count else { throw .corrupt("a duration sketch counts \(total) values, says \(count)") }
        if buckets > 0 {
            guard lowest >= 1, lowest + UInt64(buckets) - 1 <= UInt64(DurationBuckets.maximumKey), counts.first != 0, counts.last != 0 else {
                throw .corrupt("duration buckets out of range")
            }
        } else if lowest != 0 {
            throw .corrupt("an empty duration sketch with a lowest key")
        }
        if count > 0 {
            guard 0 <= minimum, minimum <= maximum else { throw .corrupt("duration minimum above maximum") }
            self.minimum = minimum
            self.maximum = maximum
        }
        self.counts = counts
        self.lowestKey = Int(lowest)
        self.zeroCount = zeros
        self.count = count
    }
}
