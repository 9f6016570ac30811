/// The registers of a ``HyperLogLog`` in half the memory, losslessly: the compacted form of
/// an ended pane's HyperLogLog (``DistinctCounter/compact()``).
///
/// Why: a pane that has ended takes only late events, but its sketches are kept as long as a
/// window spans it (5 minutes for the default 5m/10s). At 100,000 events per second of event
/// time nearly every group of every pane is a HyperLogLog, and their 64 KiB each were 157 of the
/// engine's 220 MiB. The registers of a well-filled sketch sit in a narrow band (a register is
/// the largest of many geometric ranks), so four bits above a common base hold nearly all of
/// them; the few that do not are kept aside exactly (Apache DataSketches' HLL_4 does the same).
///
/// - Layout: register *i* is `base + nibble(i)` when its nibble is below 15; a nibble of 15
///   means `base + 15` or more, and the register's value is then in ``exceptions`` (kept in
///   register order), which hold every register at or above `base + 15`. `base` is the least
///   register. Registers 2*k* and 2*k* + 1 share byte *k*, low nibble first.
/// - Memory: 32 KiB plus 4 bytes per exception; ``init(_:)`` declines (returns `nil`) when that
///   would not save at least a quarter of the 64 KiB.
/// - Reading: ``unpack(_:)`` gives the registers back, a chunk at a time, for merging into a
///   live sketch or estimating, with no 64 KiB buffer.
struct PackedHyperLogLog: Sendable {
    private(set) var base: UInt8
    /// Two registers per byte, 32 KiB.
    private var nibbles: [UInt8]
    /// `register << 8 | value` for each register at or above `base + 15`, ascending.
    private var exceptions: [UInt32]

    /// Registers per chunk handed out by ``unpack(_:)``.
    static let chunkRegisters = 4_096

    /// The most exceptions a packed sketch keeps: beyond, packing saves less than a quarter.
    static let exceptionLimit = 4_096

    /// Packs `sketch`'s registers; `nil` when more than ``exceptionLimit`` registers lie 15 or
    /// more above the least one (a sketch so spread out is not worth packing).
    init?(_ sketch: HyperLogLog) {
        var base = UInt8.max
        var exceptions: [UInt32] = []
        var nibbles = [UInt8](repeating: 0, count: HyperLogLog.registerCount / 2)
        let packed: Bool = sketch.registers.withUnsafeBufferPointer { registers in
            for value in registers { base = Swift.min(base, value) }
            let escape = base &+ 15
            var spilled = 0
            for register in registers where register >= escape { spilled += 1 }
            guard spilled <= Self.exceptionLimit else { return false }
            if spilled > 0 { exceptions.reserveCapacity(spilled) }
            nibbles.withUnsafeMutableBufferPointer { nibbles in
                for pair in 0 ..< nibbles.count {
                    let low = registers[pair &* 2], high = registers[pair &* 2 &+ 1]
                    if low >= escape { exceptions.append(UInt32(pair &* 2) << 8 | UInt32(low)) }
                    if high >= escape { exceptions.append(UInt32(pair &* 2 &+ 1) << 8 | UInt32(high)) }
                    nibbles[pair] = Swift.min(low &- base, 15) | Swift.min(high &- base, 15) << 4
                }
            }
            return true
        }
        guard packed else { return nil }
        self.base = base
        self.nibbles = nibbles
        self.exceptions = exceptions
    }

    /// Records `hash` in place (a late event reaching an ended pane) and returns `true`, or
    /// returns `false`, changing nothing, when the register would be one exception too many:
    /// the caller then unpacks. In a filled sketch most late hashes change no register.
    ///
    /// - Complexity: O(1) unless the register becomes an exception (O(exceptions)).
    mutating func insert(_ hash: UInt64) -> Bool {
        let (register, rank) = HyperLogLog.registerAndRank(of: hash)
        let byte = register / 2, shift = UInt8(register % 2 * 4)
        let nibble = nibbles[byte] >> shift & 0x0F
        if nibble < 15 {
            guard rank > base &+ nibble else { return true }
            if rank < base &+ 15 {
                nibbles[byte] = nibbles[byte] & ~(0x0F << shift) | (rank &- base) << shift
                return true
            }
            guard exceptions.count < Self.exceptionLimit else { return false }
            nibbles[byte] |= 0x0F << shift
            let position = exceptionPosition(of: register)
            exceptions.insert(UInt32(register) << 8 | UInt32(rank), at: position)
            return true
        }
        let position = exceptionPosition(of: register)
        if rank > UInt8(truncatingIfNeeded: exceptions[position]) {
            exceptions[position] = UInt32(register) << 8 | UInt32(rank)
        }
        return true
    }

    /// Where register `register`'s exception is or belongs: binary search by register.
    private func exceptionPosition(of register: Int) -> Int {
        var low = 0, high = exceptions.count
        while low < high {
            let middle = (low + high) / 2
            if Int(exceptions[middle] >> 8) < register { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Calls `body` with consecutive chunks of the registers, in order, each
    /// ``chunkRegisters`` long and starting at register `offset`: exactly the registers of
    /// the sketch that was packed.
    func unpack(_ body: (_ offset: Int, _ registers: UnsafeBufferPointer<UInt8>) -> Void) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.chunkRegisters) { chunk in
            let spread = UInt64(base) &* 0x0101_0101_0101_0101
            let output = UnsafeMutableRawBufferPointer(chunk)
            nibbles.withUnsafeBytes { packed in
                exceptions.withUnsafeBufferPointer { exceptions in
                    var nextException = 0
                    var offset = 0
                    while offset < HyperLogLog.registerCount {
                        // Eight registers from four bytes: each nibble moved into a byte of its
                        // own, then the base added to all eight (no carry: 15 + 49 < 256).
                        var byte = 0
                        while byte < Self.chunkRegisters / 2 {
                            var word = UInt64(UInt32(littleEndian: packed.loadUnaligned(fromByteOffset: offset / 2 &+ byte, as: UInt32.self)))
                            word = (word | word &<< 16) & 0x0000_FFFF_0000_FFFF
                            word = (word | word &<< 8) & 0x00FF_00FF_00FF_00FF
                            word = (word | word &<< 4) & 0x0F0F_0F0F_0F0F_0F0F
                            output.storeBytes(of: (word &+ spread).littleEndian, toByteOffset: byte &* 2, as: UInt64.self)
                            byte &+= 4
                        }
                        let end = offset &+ Self.chunkRegisters
                        while nextException < exceptions.count {
                            let exception = exceptions[nextException]
                            let register = Int(exception >> 8)
                            guard register < end else { break }
                            chunk[register &- offset] = UInt8(truncatingIfNeeded: exception)
                            nextException &+= 1
                        }
                        body(offset, UnsafeBufferPointer(chunk))
                        offset = end
                    }
                }
            }
        }
    }

    /// The sketch that was packed.
    var unpacked: HyperLogLog {
        var sketch = HyperLogLog()
        sketch.registers.withUnsafeMutableBufferPointer { registers in
            unpack { offset, chunk in
                _ = UnsafeMutableBufferPointer(rebasing: registers[offset ..< offset + chunk.count]).update(fromContentsOf: chunk)
            }
        }
        return sketch
    }

    /// The register histogram of the sketch that was packed (``HyperLogLog/rankHistogram(of:)``).
    var rankHistogram: [Int] {
        var histogram = [Int](repeating: 0, count: Int(HyperLogLog.maximumRank) + 1)
        unpack { _, chunk in
            for (rank, count) in HyperLogLog.rankHistogram(of: chunk).enumerated() { histogram[rank] += count }
        }
        return histogram
    }

    /// Heap bytes held: the nibbles and the exceptions, with their array headers. The sizes
    /// asked for, as ``ExactHashSet/memoryBytes`` counts them (the allocator rounds up a little).
    var memoryBytes: Int { 32 + nibbles.count + (exceptions.isEmpty ? 0 : 32 + 4 * exceptions.count) }
}
