import Testing
import ZeroMQ

@Suite("Multipart messages keep their frame boundaries")
struct MultipartTests {
    @Test("send(multipart:) arrives frame by frame with hasMore on all but the last")
    func framesAndHasMore() throws {
        let (push, pull) = try connectedPair("multipart-frames")
        let frames: [[UInt8]] = [[1, 2, 3], [], Array("ü".utf8), [0]]
        #expect(try push.send(multipart: frames))

        let message = Message()
        for (index, expected) in frames.enumerated() {
            #expect(try pull.receive(into: message))
            #expect(message.bytes == expected, "frame \(index)")
            #expect(message.hasMore == (index < frames.count - 1), "frame \(index)")
        }
        #expect(try !pull.receive(into: message, dontWait: true))
    }

    @Test("frames sent with more: true arrive as one message from receiveMultipart")
    func sendMoreThenReceiveMultipart() throws {
        let (push, pull) = try connectedPair("multipart-more")
        try push.send("header", more: true)
        try push.send([UInt8](), more: true)
        try push.send([0xFE, 0xFF])
        try push.send("next")

        #expect(try pull.receiveMultipart() == [Array("header".utf8), [], [0xFE, 0xFF]])
        #expect(try pull.receiveMultipart() == [Array("next".utf8)])
        #expect(try pull.receiveMultipart(dontWait: true) == nil)
    }

    @Test("a message of many frames round-trips through send(multipart:) and receiveMultipart")
    func manyFrames() throws {
        let (push, pull) = try connectedPair("multipart-many")
        let frames = (0 ..< 100).map { index in [UInt8](repeating: UInt8(index), count: index) }
        #expect(try push.send(multipart: frames, dontWait: true))
        #expect(try pull.receiveMultipart() == frames)
    }

    // The sockets keep the context alive.
    private func connectedPair(_ label: String) throws -> (push: Socket, pull: Socket) {
        let context = try Context()
        let endpoint = TestEndpoints.inproc(label)
        let pull = try Socket(.pull, context: context)
        try pull.set(.receiveTimeout, to: 5_000)
        try pull.bind(endpoint)
        let push = try Socket(.push, context: context)
        try push.connect(endpoint)
        return (push, pull)
    }
}
