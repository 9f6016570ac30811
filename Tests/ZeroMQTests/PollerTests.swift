import Testing
import ZeroMQ

@Suite("Poller waits for readiness and times out")
struct PollerTests {
    @Test("with nothing queued, poll returns 0 after about the timeout")
    func timeout() throws {
        let context = try Context()
        let pull = try Socket(.pull, context: context)
        try pull.bind(TestEndpoints.inproc("poll-timeout"))
        var poller = Poller()
        let index = poller.add(pull)

        let clock = ContinuousClock()
        let start = clock.now
        let ready = try poller.poll(timeout: .milliseconds(50))
        let elapsed = clock.now - start

        #expect(ready == 0)
        #expect(!poller.isReadable(index))
        #expect(elapsed >= .milliseconds(45), "returned early after \(elapsed)")
        #expect(elapsed < .seconds(2), "returned late after \(elapsed)")
        #expect(try poller.poll(timeout: .zero) == 0)
    }

    @Test("a queued message makes only its socket readable")
    func readable() throws {
        let context = try Context()
        let quiet = try Socket(.pull, context: context)
        try quiet.bind(TestEndpoints.inproc("poll-quiet"))
        let endpoint = TestEndpoints.inproc("poll-busy")
        let busy = try Socket(.pull, context: context)
        try busy.bind(endpoint)
        let push = try Socket(.push, context: context)
        try push.connect(endpoint)

        var poller = Poller()
        let quietIndex = poller.add(quiet)
        let busyIndex = poller.add(busy)
        #expect(poller.count == 2)
        try push.send("ready")

        #expect(try poller.poll(timeout: .seconds(5)) == 1)
        #expect(poller.isReadable(busyIndex))
        #expect(!poller.isReadable(quietIndex))
        #expect(!poller.isWritable(busyIndex))
        #expect(try busy.receiveMultipart(dontWait: true) == [Array("ready".utf8)])

        try push.send("again")
        #expect(try poller.poll(timeout: nil) == 1)
        #expect(poller.isReadable(busyIndex))
    }

    @Test("a connected PUSH is writable")
    func writable() throws {
        let context = try Context()
        let endpoint = TestEndpoints.inproc("poll-writable")
        let pull = try Socket(.pull, context: context)
        try pull.bind(endpoint)
        let push = try Socket(.push, context: context)
        try push.connect(endpoint)

        var poller = Poller()
        let index = poller.add(push, events: [.readable, .writable])
        #expect(try poller.poll(timeout: .seconds(5)) == 1)
        #expect(poller.isWritable(index))
        #expect(!poller.isReadable(index))
    }

    @Test("the poller keeps its sockets alive")
    func keepsSocketsAlive() throws {
        let context = try Context()
        var poller = Poller()
        weak var weakSocket: Socket?
        do {
            let socket = try Socket(.pull, context: context)
            try socket.bind(TestEndpoints.inproc("poll-alive"))
            weakSocket = socket
            _ = poller.add(socket)
        }
        #expect(weakSocket != nil)
        #expect(try poller.poll(timeout: .zero) == 0)
        poller = Poller()
        #expect(weakSocket == nil)
    }
}
