import Testing
import TamyrCore

/// The daemon writes checkpoints a chunk at a time (``CheckpointWriter``'s
/// streaming mode); the file must be byte for byte the one written in memory,
/// checksum included, whatever the chunk size.
struct CheckpointStreamingTests {
    @Test(arguments: [64, 100, 4_096, 1 << 20])
    func chunksMakeTheSameFile(chunkBytes: Int) throws {
        var (driver, inMemory) = CheckpointRejectionTests.sample()
        var chunks: [[UInt8]] = []
        var writer = CheckpointWriter(streamingTo: { chunk in
            chunks.append(Array(chunk))
            return true
        }, chunkBytes: chunkBytes)
        driver.pipeline.engine.prepareForCheckpoint()
        CheckpointFormat.encode(
            driver.pipeline, layout: CheckpointFormat.layout(of: driver.configuration), writtenAtMillis: 1_796_032_802_100,
            into: &writer)
        let finished = writer.finish()
        #expect(finished)
        let streamed = chunks.flatMap { $0 }
        #expect(writer.count == streamed.count)
        // The sample's checkpoint was taken at its last event's time; only the header's time differs.
        var reference = CheckpointWriter()
        CheckpointFormat.encode(
            driver.pipeline, layout: CheckpointFormat.layout(of: driver.configuration), writtenAtMillis: 1_796_032_802_100,
            into: &reference)
        #expect(streamed == reference.bytes)
        #expect(inMemory.count == streamed.count)
        if chunkBytes < streamed.count { #expect(chunks.count > 1) }
        // Chunks hold at least chunkBytes, but never much more than one field past it.
        let sizes = chunks.dropLast().map(\.count)
        #expect(sizes.allSatisfy { size in size >= chunkBytes && size < chunkBytes + 70_000 }, "chunk sizes \(sizes)")
        // And it restores: the checksum covers the chunks.
        _ = try CheckpointRejectionTests.restore(streamed, into: driver)
    }

    @Test func aFailedChunkFailsTheWholeWrite() {
        var (driver, _) = CheckpointRejectionTests.sample()
        driver.pipeline.engine.prepareForCheckpoint()
        var calls = 0
        var writer = CheckpointWriter(streamingTo: { _ in
            calls += 1
            return calls != 2
        }, chunkBytes: 64)
        CheckpointFormat.encode(
            driver.pipeline, layout: CheckpointFormat.layout(of: driver.configuration), writtenAtMillis: 0, into: &writer)
        let finished = writer.finish()
        #expect(!finished)
        #expect(writer.failed)
    }

    @Test func theRunningChecksumIsTheWholeOne() {
        let bytes = (0 ..< 10_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        var state = CRC32C.initial
        for start in stride(from: 0, to: bytes.count, by: 777) {
            state = bytes[start ..< min(start + 777, bytes.count)].withUnsafeBytes { CRC32C.update(state, $0) }
        }
        #expect(~state == CRC32C.checksum(bytes))
    }
}
