/// Appends the fields of a checkpoint to a byte buffer: fixed-width integers
/// little-endian, counts and small values as LEB128 varints (most bucket
/// counts and group counts take one or two bytes instead of eight), byte
/// strings with their length first.
///
/// Two modes. In memory (``init(capacity:)``), everything stays in
/// ``bytes``: tests and tools. Streaming (``init(streamingTo:chunkBytes:)``),
/// the buffer is handed to the sink whenever it holds a chunk, so writing a
/// checkpoint never holds more than a chunk of it: the daemon's checkpoints
/// of a full state are a hundred megabytes, which a whole-file buffer would
/// add to the resident peak. ``checksum`` covers every byte written either way.
package struct CheckpointWriter {
    /// The bytes not handed to the sink yet (all of them in memory mode).
    package private(set) var bytes: [UInt8] = []
    /// Takes a full chunk; returns false when it could not keep it (a write failed).
    private let sink: ((UnsafeRawBufferPointer) -> Bool)?
    private let chunkBytes: Int
    /// CRC-32C state over the bytes already handed to the sink.
    private var flushedState = CRC32C.initial
    /// Bytes handed to the sink so far.
    package private(set) var flushedCount = 0
    /// The sink refused a chunk: the rest is dropped, and ``finish()`` says so.
    package private(set) var failed = false

    package init(capacity: Int = 0) {
        sink = nil
        chunkBytes = .max
        bytes.reserveCapacity(capacity)
    }

    /// A writer that hands `sink` every `chunkBytes` bytes, in order.
    package init(streamingTo sink: @escaping (UnsafeRawBufferPointer) -> Bool, chunkBytes: Int = 1 << 20) {
        self.sink = sink
        self.chunkBytes = max(chunkBytes, 64)
        bytes.reserveCapacity(self.chunkBytes + 64 * 1024)
    }

    package mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        flushedState = CRC32C.initial
        flushedCount = 0
        failed = false
    }

    /// Every byte written so far, handed over or not.
    package var count: Int { flushedCount + bytes.count }

    /// The CRC-32C of every byte written so far.
    package var checksum: UInt32 { ~bytes.withUnsafeBytes { CRC32C.update(flushedState, $0) } }

    /// Hands the buffer to the sink once it holds a chunk (streaming mode).
    @inline(__always)
    private mutating func wrote() {
        if bytes.count >= chunkBytes { flush() }
    }

    private mutating func flush() {
        guard let sink, !bytes.isEmpty else { return }
        bytes.withUnsafeBytes { chunk in
            flushedState = CRC32C.update(flushedState, chunk)
            if !failed && !sink(chunk) { failed = true }
        }
        flushedCount += bytes.count
        bytes.removeAll(keepingCapacity: true)
    }

    /// Hands the rest to the sink; false when any chunk could not be kept.
    package mutating func finish() -> Bool {
        flush()
        return !failed
    }

    package mutating func write(_ value: UInt8) {
        bytes.append(value)
        wrote()
    }

    package mutating func write(_ value: Bool) { write(UInt8(value ? 1 : 0)) }

    package mutating func write(fixed value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
        wrote()
    }

    package mutating func write(fixed value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
        wrote()
    }

    package mutating func write(fixed value: Int64) { write(fixed: UInt64(bitPattern: value)) }

    /// An unsigned LEB128 varint: seven bits a byte, low bits first.
    package mutating func write(varint value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
        wrote()
    }

    /// A signed value as a zigzag varint (small magnitudes of either sign stay short).
    package mutating func write(signed value: Int64) {
        write(varint: UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    package mutating func write(count: Int) { write(varint: UInt64(count)) }

    /// An optional as a presence byte, then the value.
    package mutating func write(optional value: Int64?) {
        write(value != nil)
        if let value { write(signed: value) }
    }

    /// A 128-bit sum as its two halves (sums of amounts and durations are exact `Int128`).
    package mutating func write(_ value: Int128) {
        write(fixed: UInt64(truncatingIfNeeded: value))
        write(fixed: UInt64(truncatingIfNeeded: value >> 64))
    }

    package mutating func write(bytes source: some Collection<UInt8>) {
        write(count: source.count)
        bytes.append(contentsOf: source)
        wrote()
    }

    /// Bytes whose count the reader knows already (HyperLogLog registers).
    package mutating func write(raw source: some Collection<UInt8>) {
        bytes.append(contentsOf: source)
        wrote()
    }


    package mutating func write(_ text: String) { write(bytes: Array(text.utf8)) }
}
