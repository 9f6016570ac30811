import Testing
@testable import TamyrPipeline

/// A message batch hands back what was appended, and zeroes exactly the bytes
/// it is asked to (raw events carry applicant ids: issue 5's privacy rule).
@Suite("Message batches: reading from any message, zeroing what is decoded")
struct MessageBatchZeroingTests {
    /// Three messages of distinct non-zero bytes.
    static func filled() -> (MessageBatch, [[UInt8]]) {
        let batch = MessageBatch(byteCapacity: 4_096, messageCapacity: 16)
        let messages: [[UInt8]] = [Array(repeating: 0x41, count: 7), Array(repeating: 0x42, count: 300), [0x43, 0x44]]
        for message in messages { message.withUnsafeBytes { batch.append($0) } }
        return (batch, messages)
    }

    /// The slab's first `count` bytes, read through the batch's first message pointer.
    static func slab(_ batch: MessageBatch, _ count: Int) -> [UInt8] {
        Array(UnsafeRawBufferPointer(start: batch.message(0).baseAddress, count: count))
    }

    @Test func messagesComeBackInOrderFromAnyStart() {
        let (batch, messages) = Self.filled()
        #expect((0 ..< 3).map { Array(batch.message($0)) } == messages)
        var seen: [[UInt8]] = []
        batch.forEach(from: 1) { seen.append(Array($0)) }
        #expect(seen == Array(messages[1...]))
        seen = []
        batch.forEach(from: 3) { seen.append(Array($0)) }
        #expect(seen.isEmpty)
    }

    @Test func zeroingTheDecodedMessagesKeepsTheRest() {
        let (batch, messages) = Self.filled()
        batch.zeroMessages(before: 2)
        #expect(Self.slab(batch, 309) == Array(repeating: 0, count: 307) + messages[2])
        #expect(batch.count == 3 && Array(batch.message(2)) == messages[2])
        batch.zeroMessages(before: 0)
        #expect(Array(batch.message(2)) == messages[2])
    }

    @Test(arguments: [0, 1, 2, 3])
    func resetZeroesEverythingFromTheFirstMessageNotZeroedYet(first: Int) {
        let (batch, messages) = Self.filled()
        let all = messages.flatMap { $0 }
        batch.reset(zeroingFrom: first)
        // What came before `first` is left as it was (a worker zeroed it); the rest is zero.
        let kept = messages[..<first].reduce(0) { $0 + $1.count }
        #expect(Self.slab(batch, all.count) == Array(all[..<kept]) + Array(repeating: 0, count: all.count - kept))
        #expect(batch.isEmpty && batch.usedBytes == 0)
    }
}
