extension Pane {
    /// Writes the pane's groups for a checkpoint: each key with its accumulator,
    /// then the service names. Staged events must have been flushed
    /// (``WindowEngine/prepareForCheckpoint()``); the cell table is a cache
    /// rebuilt as events arrive, so it is not written.
    func encode(into writer: inout CheckpointWriter) {
        precondition(staged.isEmpty, "a pane is checkpointed with staged events")
        writer.write(count: keys.count)
        for (slot, key) in keys.enumerated() {
            writer.write(key.domain)
            writer.write(key.dimension.rawValue)
            writer.write(fixed: key.value)
            accumulators[slot].encode(into: &writer)
        }
        writer.write(count: serviceNames.count)
        for (hash, name) in serviceNames {
            writer.write(fixed: hash)
            writer.write(name)
        }
    }

    /// Reads a pane written by ``encode(into:)``. Groups are inserted in their
    /// saved order, so slots, the safety cap's counts and the service names come
    /// back as they were; a repeated key or one beyond the cap is corrupt.
    init(decoding reader: inout CheckpointReader, safetyCap: Int) throws(CheckpointError) {
        self.init()
        // Keys: 10 bytes and an accumulator of at least 20 bytes each.
        let keyCount = try reader.readCount(minimumItemBytes: 30)
        var keys: [GroupKey] = []
        var accumulators: [KPIAccumulator] = []
        keys.reserveCapacity(keyCount)
        accumulators.reserveCapacity(keyCount)
        for _ in 0 ..< keyCount {
            let domain = try reader.readByte()
            guard let dimension = GroupKey.Dimension(rawValue: try reader.readByte()) else { throw .corrupt("a group dimension") }
            keys.append(GroupKey(domain: domain, dimension: dimension, value: try reader.readFixed64()))
            accumulators.append(try KPIAccumulator(decoding: &reader))
        }
        let nameCount = try reader.readCount(minimumItemBytes: 9)
        var names: [UInt64: String] = [:]
        for _ in 0 ..< nameCount {
            let hash = try reader.readFixed64()
            names[hash] = try reader.readString()
        }
        for (key, accumulator) in zip(keys, accumulators) {
            let name = key.dimension == .service ? names[key.value] : nil
            let slot = slot(for: key, safetyCap: safetyCap, serviceName: name)
            guard slot == self.keys.count - 1, self.keys[slot] == key else { throw .corrupt("a repeated or folded group") }
            self.accumulators[slot] = accumulator
        }
    }
}
