import Testing
import ZeroMQ

@Suite("One Message is reused across receives")
struct MessageTests {
    @Test("a new message is empty and has no more frames")
    func fresh() {
        let message = Message()
        #expect(message.count == 0)
        #expect(!message.hasMore)
        #expect(message.bytes.isEmpty)
    }

    @Test("1000 receives into one message each see exactly their own frame")
    func reuse() throws {
        let context = try Context()
        let endpoint = TestEndpoints.inproc("message-reuse")
        let pull = try Socket(.pull, context: context)
        try pull.set(.receiveTimeout, to: 5_000)
        try pull.bind(endpoint)
        let push = try Socket(.push, context: context)
        try push.connect(endpoint)

        let message = Message()
        for index in 0 ..< 1_000 {
            // Sizes cross libzmq's 33-byte inline limit, so both small and heap-backed frames are reused.
            let frame = (0 ..< index % 300).map { UInt8(truncatingIfNeeded: index &+ $0) }
            try push.send(frame)
            try #require(try pull.receive(into: message), "receive \(index)")
            #expect(message.count == frame.count, "receive \(index)")
            #expect(message.withUnsafeBytes { $0.elementsEqual(frame) }, "receive \(index)")
        }
    }
}
