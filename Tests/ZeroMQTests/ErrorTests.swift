import Glibc
import Testing
import ZeroMQ

@Suite("Failures throw ZMQError with the code, the endpoint and libzmq's text")
struct ErrorTests {
    @Test("binding a malformed TCP address throws EINVAL naming the endpoint")
    func malformedBind() throws {
        let context = try Context()
        let socket = try Socket(.pull, context: context)
        let error = try #require(throws: ZMQError.self) { try socket.bind("tcp://nonsense") }
        #expect(error.code == EINVAL)
        #expect(error.operation == "zmq_bind(tcp://nonsense)")
        #expect(error.description.contains("tcp://nonsense"))
        #expect(error.description.contains(String(cString: strerror(error.code))), "\(error)")
        #expect(!error.isContextTerminated)
    }

    @Test("connecting with an unknown transport throws EPROTONOSUPPORT naming the endpoint")
    func unknownTransport() throws {
        let context = try Context()
        let socket = try Socket(.push, context: context)
        let error = try #require(throws: ZMQError.self) { try socket.connect("bogus://x") }
        #expect(error.code == EPROTONOSUPPORT)
        #expect(error.description.contains("bogus://x"))
        #expect(error.description.contains(String(cString: strerror(error.code))), "\(error)")
        #expect(error.reason == String(cString: strerror(error.code)))
    }

    @Test("binding a TCP port that is already bound throws EADDRINUSE")
    func addressInUse() throws {
        let context = try Context()
        let first = try Socket(.pull, context: context)
        try first.bind(TestEndpoints.anyLoopbackPort)
        let endpoint = try first.lastEndpoint
        let second = try Socket(.pull, context: context)
        let error = try #require(throws: ZMQError.self) { try second.bind(endpoint) }
        #expect(error.code == EADDRINUSE)
        #expect(error.description.contains(endpoint))
        #expect(error.description.contains(String(cString: strerror(EADDRINUSE))), "\(error)")
    }

    @Test("subscribing on a socket kind without subscriptions throws EINVAL")
    func subscribeOnPush() throws {
        let context = try Context()
        let socket = try Socket(.push, context: context)
        let error = try #require(throws: ZMQError.self) { try socket.subscribe("x") }
        #expect(error.code == EINVAL)
        #expect(error.operation.contains("ZMQ_SUBSCRIBE"))
    }

    @Test("a negative I/O thread count is rejected")
    func badContext() throws {
        let error = try #require(throws: ZMQError.self) { try Context(ioThreads: -1) }
        #expect(error.code == EINVAL)
        #expect(error.operation.contains("ZMQ_IO_THREADS"))
    }
}
