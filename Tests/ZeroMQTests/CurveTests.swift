import Testing
import ZeroMQ

/// A CURVE PULL server on loopback TCP and its context's ZAP handler, all on the test's thread:
/// `pump` answers ZAP requests while it waits, as the daemon's ingest loop does.
private final class CurveServer {
    let context: Context
    let zap: ZAPHandler?
    let pull: Socket
    let keys: CurveKeyPair
    let endpoint: String
    /// Every ZAP request answered so far.
    private(set) var requests: [ZAPRequest] = []

    /// `withHandler: false` binds no ZAP handler at all: the libzmq pitfall under test.
    init(allowing allowed: Set<CurvePublicKey>, withHandler: Bool = true) throws {
        context = try Context()
        keys = try CurveKeyPair.generate()
        self.allowed = allowed
        // Bound before the server socket, so no handshake can ever happen without it.
        zap = withHandler ? try ZAPHandler(context: context) : nil
        pull = try Socket(.pull, context: context, linger: .zero)
        try pull.enableCurveServer(secretKey: keys.secretKey, zapDomain: "ingest")
        try pull.bind(TestEndpoints.anyLoopbackPort)
        endpoint = try pull.lastEndpoint
    }

    private let allowed: Set<CurvePublicKey>

    /// A PUSH client in this server's context, monitored for handshake events.
    func client(_ keyPair: CurveKeyPair?) throws -> (Socket, SocketMonitor) {
        let push = try Socket(.push, context: context, linger: .zero)
        if let keyPair { try push.enableCurveClient(serverKey: keys.publicKey, keyPair: keyPair) }
        let monitor = try SocketMonitor(push, events: [.handshakeSucceeded, .handshakeFailed])
        try push.connect(endpoint)
        return (push, monitor)
    }

    /// Answers ZAP and collects what the server receives until `done` holds or 5 s pass.
    func pump(until done: (_ received: [[UInt8]]) throws -> Bool) throws -> [[UInt8]] {
        var received: [[UInt8]] = []
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(5)
        let message = Message()
        var poller = Poller()
        _ = poller.add(pull)
        if let zap { _ = poller.add(zap.socket) }
        while clock.now < deadline, try !done(received) {
            _ = try poller.poll(timeout: .milliseconds(10))
            try zap?.answerPending { request in
                requests.append(request)
                return request.curveClientKey.map(allowed.contains) == true ? .allow() : .deny("unknown key")
            }
            while try pull.receive(into: message, dontWait: true) { received.append(message.bytes) }
        }
        return received
    }
}

@Suite("CURVE and ZAP on real sockets", .serialized)
struct CurveTests {
    @Test("CURVE options read back what was set")
    func options() throws {
        let context = try Context()
        let keys = try CurveKeyPair.generate()
        let server = try Socket(.pull, context: context, linger: .zero)
        #expect(try server.get(.mechanism) == 0)
        try server.enableCurveServer(secretKey: keys.secretKey, zapDomain: "ingest")
        #expect(try server.get(.curveServer) == 1)
        #expect(try server.get(.mechanism) == 2)
        #expect(try server.get(.zapDomain) == "ingest")
        let client = try Socket(.push, context: context, linger: .zero)
        let clientKeys = try CurveKeyPair.generate()
        try client.enableCurveClient(serverKey: keys.publicKey, keyPair: clientKeys)
        #expect(try client.get(.curveServer) == 0)
        #expect(try client.get(.curveServerKey) == keys.publicKey)
        #expect(try client.get(.curvePublicKey) == clientKeys.publicKey)
    }

    @Test("an allow-listed client's messages arrive, and ZAP saw its key, domain and address")
    func allowedClient() throws {
        let clientKeys = try CurveKeyPair.generate()
        let server = try CurveServer(allowing: [clientKeys.publicKey])
        let (push, monitor) = try server.client(clientKeys)
        #expect(try push.send("over curve"))
        let received = try server.pump { !$0.isEmpty }
        #expect(received == [Array("over curve".utf8)])
        #expect(try monitor.wait(for: .handshakeSucceeded, timeout: .seconds(5)) != nil)
        let request = try #require(server.requests.first)
        #expect(request.mechanism == "CURVE")
        #expect(request.curveClientKey == clientKeys.publicKey)
        #expect(request.domain == "ingest")
        #expect(request.address == "127.0.0.1")
    }

    @Test("an unknown key is refused with 400 and nothing it sends arrives")
    func unknownClient() throws {
        let allowedKeys = try CurveKeyPair.generate()
        let server = try CurveServer(allowing: [allowedKeys.publicKey])
        let intruderKeys = try CurveKeyPair.generate()
        let (intruder, intruderMonitor) = try server.client(intruderKeys)
        #expect(try intruder.send("intruder"))
        _ = try server.pump { _ in server.requests.contains { $0.curveClientKey == intruderKeys.publicKey } }
        let refusal = try #require(try intruderMonitor.wait(for: .handshakeFailed, timeout: .seconds(5)))
        #expect(refusal.kind == .handshakeFailedAuth)
        #expect(refusal.value == 400)
        // The refusal came before anything could flow; an allowed client's message then arrives alone.
        let (friend, _) = try server.client(allowedKeys)
        #expect(try friend.send("friend"))
        let received = try server.pump { !$0.isEmpty }
        #expect(received == [Array("friend".utf8)])
    }

    @Test("a client without CURVE fails the handshake; ZAP is not even asked")
    func plainClient() throws {
        let allowedKeys = try CurveKeyPair.generate()
        let server = try CurveServer(allowing: [allowedKeys.publicKey])
        let (plain, plainMonitor) = try server.client(nil)
        #expect(try plain.send("plain"))
        var failure: SocketEvent?
        _ = try server.pump { _ in
            failure = try plainMonitor.wait(for: .handshakeFailed, timeout: .milliseconds(10))
            return failure != nil
        }
        #expect(failure?.kind == .handshakeFailedProtocol)
        let (friend, _) = try server.client(allowedKeys)
        #expect(try friend.send("friend"))
        #expect(try server.pump { !$0.isEmpty } == [Array("friend".utf8)])
        #expect(server.requests.allSatisfy { $0.curveClientKey == allowedKeys.publicKey })
    }

    @Test("without a ZAP handler, libzmq lets any CURVE key in: why tamyrd binds one before its servers")
    func noHandlerAllowsEveryone() throws {
        let server = try CurveServer(allowing: [], withHandler: false)
        let (stranger, _) = try server.client(try CurveKeyPair.generate())
        #expect(try stranger.send("stranger"))
        // Nothing is allow-listed, yet the message arrives: libzmq never asked the handler.
        #expect(try server.pump { !$0.isEmpty } == [Array("stranger".utf8)])
        #expect(server.requests.isEmpty)
    }

    @Test("a context has at most one ZAP handler")
    func oneHandlerPerContext() throws {
        let context = try Context()
        let first = try ZAPHandler(context: context)
        defer { first.close() }
        #expect(throws: ZMQError.self) { try ZAPHandler(context: context) }
    }
}
