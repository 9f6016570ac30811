import Testing
import ZeroMQ

@Suite("Socket options round-trip through set and get")
struct SocketOptionTests {
    @Test("Int32 and Int64 options read back what was set")
    func roundTrip() throws {
        let context = try Context()
        let socket = try Socket(.push, context: context)

        try socket.set(.sendHighWaterMark, to: 1_234)
        #expect(try socket.get(.sendHighWaterMark) == 1_234)
        try socket.set(.receiveHighWaterMark, to: 0)
        #expect(try socket.get(.receiveHighWaterMark) == 0)
        try socket.set(.linger, to: 0)
        #expect(try socket.get(.linger) == 0)
        try socket.set(.linger, to: -1)
        #expect(try socket.get(.linger) == -1)
        try socket.set(.maxMessageSize, to: 1 << 33)
        #expect(try socket.get(.maxMessageSize) == 1 << 33)
        try socket.set(.receiveTimeout, to: 250)
        #expect(try socket.get(.receiveTimeout) == 250)
        try socket.set(.sendTimeout, to: 125)
        #expect(try socket.get(.sendTimeout) == 125)
        try socket.set(.immediate, to: 1)
        #expect(try socket.get(.immediate) == 1)
        try socket.set(.ipv6, to: 1)
        #expect(try socket.get(.ipv6) == 1)
        try socket.set(.tcpKeepalive, to: 1)
        #expect(try socket.get(.tcpKeepalive) == 1)
    }

    @Test("libzmq's defaults are readable")
    func defaults() throws {
        let context = try Context()
        let socket = try Socket(.sub, context: context)
        #expect(try socket.get(.sendHighWaterMark) == 1_000)
        #expect(try socket.get(.receiveHighWaterMark) == 1_000)
        #expect(try socket.get(.maxMessageSize) == -1)
        #expect(try socket.get(.receiveTimeout) == -1)
        #expect(try socket.get(.tcpKeepalive) == -1)
    }

    @Test(
        "the linger given at creation is set, rounded up to whole milliseconds",
        arguments: [
            (Duration.milliseconds(100), Int32(100)),
            (.milliseconds(250), 250),
            (.zero, 0),
            (.microseconds(1), 1),
            (.microseconds(1_500), 2),
            (.milliseconds(-5), 0),
            (.seconds(Int64.max), Int32.max),
        ]
    )
    func lingerAtCreation(linger: Duration, expected: Int32) throws {
        let context = try Context()
        let socket = try Socket(.pub, context: context, linger: linger)
        #expect(try socket.get(.linger) == expected)
    }

    @Test("the default linger is 100 ms, not libzmq's forever")
    func defaultLinger() throws {
        let context = try Context()
        #expect(try Socket(.pull, context: context).get(.linger) == 100)
    }

    @Test("a setting libzmq rejects throws EINVAL naming the option")
    func rejectedValue() throws {
        let context = try Context()
        let socket = try Socket(.push, context: context)
        let error = try #require(throws: ZMQError.self) { try socket.set(.sendHighWaterMark, to: -5) }
        #expect(error.operation == "zmq_setsockopt(ZMQ_SNDHWM)")
    }
}
