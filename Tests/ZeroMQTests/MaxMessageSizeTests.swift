import Testing
import ZeroMQ

@Suite("ZMQ_MAXMSGSIZE drops oversized messages by disconnecting their sender")
struct MaxMessageSizeTests {
    @Test("a 1000-byte message is not delivered; a later 50-byte one from a new connection is")
    func oversizedMessageIsDropped() throws {
        let context = try Context()
        let pull = try Socket(.pull, context: context)
        try pull.set(.maxMessageSize, to: 100)
        try pull.bind(TestEndpoints.anyLoopbackPort)
        let endpoint = try pull.lastEndpoint
        let message = Message()

        let offender = try Socket(.push, context: context)
        try offender.connect(endpoint)
        #expect(try offender.send([UInt8](repeating: 0xAA, count: 1_000)))
        // Only a timeout can show that nothing arrives; the message is on the loopback well within it.
        try pull.set(.receiveTimeout, to: 300)
        #expect(try !pull.receive(into: message), "received \(message.count) bytes")
        offender.close()

        let wellBehaved = try Socket(.push, context: context)
        try wellBehaved.connect(endpoint)
        #expect(try wellBehaved.send([UInt8](repeating: 0x55, count: 50)))
        try pull.set(.receiveTimeout, to: 5_000)
        #expect(try pull.receive(into: message))
        #expect(message.bytes == [UInt8](repeating: 0x55, count: 50))
        #expect(try !pull.receive(into: message, dontWait: true))
    }
}
