import Glibc
import Testing
import ZeroMQ

@Suite("ROUTER/DEALER: one request, many replies, routed by identity")
struct RouterDealerTests {
    @Test("a ROUTER sees the DEALER's identity first and routes several replies back by it")
    func requestAndReplies() throws {
        let context = try Context()
        let router = try Socket(.router, context: context, linger: .zero)
        try router.set(.receiveTimeout, to: 5_000)
        try router.bind(TestEndpoints.anyLoopbackPort)
        let dealer = try Socket(.dealer, context: context, linger: .zero)
        try dealer.set(.receiveTimeout, to: 5_000)
        try dealer.connect(try router.lastEndpoint)

        try dealer.send(multipart: [Array("SNAPSHOT".utf8), Array("kpi.".utf8)])
        let request = try #require(try router.receiveMultipart())
        #expect(request.count == 3)
        #expect(request[1] == Array("SNAPSHOT".utf8))
        #expect(request[2] == Array("kpi.".utf8))
        let identity = request[0]
        #expect(!identity.isEmpty)

        for index in 0 ..< 3 {
            #expect(try router.send(multipart: [identity, Array("topic-\(index)".utf8), [UInt8(index)]], dontWait: true))
        }
        for index in 0 ..< 3 {
            // The identity frame is consumed by the ROUTER: the dealer sees only the payload frames.
            #expect(try dealer.receiveMultipart() == [Array("topic-\(index)".utf8), [UInt8(index)]])
        }
    }

    @Test("with routerMandatory, a reply to an unknown peer throws EHOSTUNREACH instead of vanishing")
    func unknownPeer() throws {
        let context = try Context()
        let router = try Socket(.router, context: context, linger: .zero)
        try router.set(.routerMandatory, to: 1)
        try router.bind(TestEndpoints.inproc("router-unknown"))
        let error = #expect(throws: ZMQError.self) {
            try router.send(multipart: [Array("nobody".utf8), Array("x".utf8)], dontWait: true)
        }
        #expect(error?.code == EHOSTUNREACH)
        // Without the option the same message is dropped silently.
        let lax = try Socket(.router, context: context, linger: .zero)
        #expect(try lax.send(multipart: [Array("nobody".utf8), Array("x".utf8)], dontWait: true))
    }

    @Test("with routerMandatory, a peer at its high-water mark makes a dontWait send return false")
    func fullPeer() throws {
        let context = try Context()
        let router = try Socket(.router, context: context, linger: .zero)
        try router.set(.routerMandatory, to: 1)
        try router.set(.sendHighWaterMark, to: 2)
        try router.set(.receiveTimeout, to: 5_000)
        let endpoint = TestEndpoints.inproc("router-full")
        try router.bind(endpoint)
        let dealer = try Socket(.dealer, context: context, linger: .zero)
        try dealer.set(.receiveHighWaterMark, to: 2)
        try dealer.connect(endpoint)
        try dealer.send("hello")
        let identity = try #require(try router.receiveMultipart())[0]

        var queued = 0
        // inproc queues sender HWM + receiver HWM messages; the dealer never reads.
        while queued < 100, try router.send(multipart: [identity, Array("record".utf8)], dontWait: true) { queued += 1 }
        #expect(queued >= 2 && queued < 100)
    }

    @Test("reading events makes a PUB socket take in a new subscriber at once")
    func eventsProcessesCommands() throws {
        let context = try Context()
        let publisher = try Socket(.pub, context: context, linger: .zero)
        let endpoint = TestEndpoints.inproc("pub-events")
        try publisher.bind(endpoint)
        let subscriber = try Socket(.sub, context: context, linger: .zero)
        try subscriber.set(.receiveTimeout, to: 2_000)
        try subscriber.subscribe("t")
        try subscriber.connect(endpoint)
        // inproc connects synchronously; the subscription is a pending command of the PUB socket.
        let events = try publisher.get(.events)
        #expect(events & Int32(PollEvents.writable.rawValue) != 0)
        try publisher.send("t", more: true)
        try publisher.send("payload")
        #expect(try subscriber.receiveMultipart() == [Array("t".utf8), Array("payload".utf8)])
    }
}
