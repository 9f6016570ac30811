import Testing
import ZeroMQ

@Suite("Receiving and sending report 'would block' as false, not as an error")
struct ReceiveTests {
    @Test("receive with dontWait on an empty socket returns false")
    func dontWaitOnEmpty() throws {
        let context = try Context()
        let pull = try Socket(.pull, context: context)
        try pull.bind(TestEndpoints.inproc("dont-wait"))
        let message = Message()
        #expect(try !pull.receive(into: message, dontWait: true))
        #expect(message.count == 0)
        #expect(try pull.receiveMultipart(dontWait: true) == nil)
    }

    @Test("an expired receive timeout returns false after about the timeout")
    func receiveTimeout() throws {
        let context = try Context()
        let pull = try Socket(.pull, context: context)
        try pull.bind(TestEndpoints.inproc("receive-timeout"))
        try pull.set(.receiveTimeout, to: 30)

        let clock = ContinuousClock()
        let start = clock.now
        #expect(try !pull.receive(into: Message()))
        let elapsed = clock.now - start
        #expect(elapsed >= .milliseconds(25), "returned early after \(elapsed)")
        #expect(elapsed < .seconds(2), "returned late after \(elapsed)")
        #expect(try pull.receiveMultipart() == nil)
    }

    @Test("a PUSH without peers returns false with dontWait and when the send timeout expires")
    func sendWouldBlock() throws {
        let context = try Context()
        let push = try Socket(.push, context: context)
        try push.bind(TestEndpoints.inproc("no-peers"))
        #expect(try !push.send("nobody", dontWait: true))
        #expect(try !push.send(multipart: [[1], [2]], dontWait: true))
        try push.set(.sendTimeout, to: 20)
        #expect(try !push.send("nobody"))
    }
}
