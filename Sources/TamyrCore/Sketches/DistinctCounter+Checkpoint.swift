extension DistinctCounter {
    /// Writes the counter for a checkpoint: its mode, then the exact set's hashes
    /// or the HyperLogLog's 65,536 registers.
    package func encode(into writer: inout CheckpointWriter) {
        if let hyperLogLog {
            writer.write(UInt8(1))
            writer.write(raw: hyperLogLog.registers)
        } else if let packed {
            // The same bytes as the unpacked registers: a checkpoint does not tell them apart.
            writer.write(UInt8(1))
            packed.unpack { _, chunk in writer.write(raw: UnsafeRawBufferPointer(chunk)) }
        } else {
            writer.write(UInt8(0))
            writer.write(count: exact.count)
            exact.forEachChunk { chunk in
                #if _endian(little)
                // The hashes' memory is already their little-endian encoding: one copy per chunk.
                writer.write(raw: UnsafeRawBufferPointer(chunk))
                #else
                for hash in chunk { writer.write(fixed: hash) }
                #endif
            }
        }
    }

    /// Reads a counter written by ``encode(into:)``: at most ``exactLimit``
    /// distinct hashes in exact mode, registers within their rank range.
    package init(decoding reader: inout CheckpointReader) throws(CheckpointError) {
        self.init()
        switch try reader.readByte() {
        case 0:
            let count = try reader.readCount(atMost: Self.exactLimit, "distinct hashes in exact mode")
            let raw = try reader.readRaw(count: count * 8)
            var hashes = [UInt64](repeating: 0, count: count)
            hashes.withUnsafeMutableBytes { $0.copyBytes(from: raw) }
            for index in hashes.indices { hashes[index] = UInt64(littleEndian: hashes[index]) }
            // All fit (count is at most the capacity); fewer members than hashes means a repeat.
            _ = hashes.withUnsafeBufferPointer { exact.insert(contentsOf: $0) }
            guard exact.count == count else { throw .corrupt("a repeated applicant hash") }
        case 1:
            let registers = try reader.readRaw(count: HyperLogLog.registerCount)
            guard !registers.contains(where: { $0 > HyperLogLog.maximumRank }) else { throw .corrupt("a HyperLogLog register out of range") }
            var sketch = HyperLogLog()
            sketch.registers = Array(registers)
            hyperLogLog = sketch
        case let mode:
            throw .corrupt("distinct counter mode \(mode)")
        }
    }
}
