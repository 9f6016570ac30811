import Testing
import ZeroMQ

@Suite("PUB/SUB delivers only subscribed prefixes")
struct PubSubTests {
    @Test("subscribing to kpi.a receives kpi.a.x but not kpi.b.x")
    func prefixFiltering() throws {
        let context = try Context()
        let publisher = try Socket(.pub, context: context)
        try publisher.bind(TestEndpoints.anyLoopbackPort)
        let subscriber = try Socket(.sub, context: context)
        try subscriber.subscribe("kpi.a")
        try subscriber.connect(try publisher.lastEndpoint)

        try awaitSubscription(publisher: publisher, subscriber: subscriber, probe: "kpi.a.probe")
        try publisher.send("kpi.b.x")
        try publisher.send("kpi.a.x")
        try publisher.send("kpi.b.y")
        try publisher.send("kpi.a.end")

        let received = try receive(until: "kpi.a.end", on: subscriber).filter { $0 != "kpi.a.probe" }
        #expect(received == ["kpi.a.x", "kpi.a.end"])
    }

    @Test("unsubscribe stops a prefix; byte prefixes and the empty prefix work")
    func unsubscribeAndBytePrefixes() throws {
        let context = try Context()
        let endpoint = TestEndpoints.inproc("unsubscribe")
        let publisher = try Socket(.pub, context: context)
        try publisher.bind(endpoint)
        let subscriber = try Socket(.sub, context: context)
        try subscriber.subscribe(Array("kpi.a".utf8))
        try subscriber.connect(endpoint)
        try awaitSubscription(publisher: publisher, subscriber: subscriber, probe: "kpi.a.probe")

        // The publisher applies (un)subscriptions in the order they were sent, so once a kpi.c
        // probe arrives, the earlier unsubscribe from kpi.a is in force too.
        try subscriber.unsubscribe("kpi.a")
        try subscriber.subscribe("kpi.c")
        try awaitSubscription(publisher: publisher, subscriber: subscriber, probe: "kpi.c.probe")
        try publisher.send("kpi.a.after-unsubscribe")
        try publisher.send("kpi.c.end")
        let received = try receive(until: "kpi.c.end", on: subscriber)
        #expect(!received.contains("kpi.a.after-unsubscribe"), "\(received)")

        try subscriber.subscribe("")
        try awaitSubscription(publisher: publisher, subscriber: subscriber, probe: "anything")
    }

    /// Publishes `probe` until the subscriber receives a message (the slow-joiner problem: a
    /// subscription reaches the publisher asynchronously), failing after `deadline`.
    private func awaitSubscription(
        publisher: Socket,
        subscriber: Socket,
        probe: String,
        deadline: Duration = .seconds(5)
    ) throws {
        try subscriber.set(.receiveTimeout, to: 20)
        let clock = ContinuousClock()
        let start = clock.now
        let message = Message()
        while clock.now - start < deadline {
            try publisher.send(probe)
            if try subscriber.receive(into: message) {
                #expect(message.bytes == Array(probe.utf8))
                return
            }
        }
        throw TestFailure("no \(probe) within \(deadline)")
    }

    /// Receives texts until `last`, bounded by a receive timeout.
    private func receive(until last: String, on subscriber: Socket) throws -> [String] {
        try subscriber.set(.receiveTimeout, to: 5_000)
        let message = Message()
        var texts: [String] = []
        repeat {
            guard try subscriber.receive(into: message) else {
                throw TestFailure("\(last) not received; got \(texts)")
            }
            texts.append(message.withUnsafeBytes { String(decoding: $0, as: UTF8.self) })
        } while texts.last != last
        return texts
    }
}
