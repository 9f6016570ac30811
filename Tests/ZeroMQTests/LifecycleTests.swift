import Glibc
import Synchronization
import Testing
import ZeroMQ

@Suite("Sockets close once and context shutdown ends blocked calls")
struct LifecycleTests {
    @Test("close() twice is harmless")
    func closeTwice() throws {
        let context = try Context()
        let socket = try Socket(.pull, context: context)
        try socket.bind(TestEndpoints.inproc("close-twice"))
        #expect(!socket.isClosed)
        socket.close()
        #expect(socket.isClosed)
        socket.close()
        #expect(socket.isClosed)
    }

    @Test("Context.shutdown makes a receive blocked on another thread throw ETERM")
    func shutdownEndsBlockedReceive() throws {
        let context = try Context()
        let endpoint = TestEndpoints.inproc("shutdown")
        let outcome = Outcome()

        let receiver = try TestThread {
            // The socket is created, used and closed on this thread only.
            do {
                let socket = try Socket(.pull, context: context)
                try socket.bind(endpoint)
                // A safety net: should shutdown not work, the test fails instead of hanging.
                try socket.set(.receiveTimeout, to: 10_000)
                outcome.ready.store(true, ordering: .releasing)
                let received = try socket.receive(into: Message())
                outcome.result.withLock { $0 = "returned \(received)" }
            } catch let error as ZMQError {
                outcome.result.withLock { $0 = error.isContextTerminated ? "ETERM" : "\(error)" }
            } catch {
                outcome.result.withLock { $0 = "\(error)" }
            }
        }
        // Wait until the receiver is about to block; ETERM also ends a receive that starts after shutdown.
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(10)
        while !outcome.ready.load(ordering: .acquiring), clock.now < deadline {
            sched_yield()
        }
        context.shutdown()
        receiver.join()

        #expect(outcome.result.withLock { $0 } == "ETERM")
        let error = try #require(throws: ZMQError.self) { try Socket(.push, context: context) }
        #expect(error.isContextTerminated)
    }

    @Test("a context can be created with several I/O threads and shut down twice")
    func contextOptions() throws {
        let context = try Context(ioThreads: 2)
        let socket = try Socket(.push, context: context)
        try socket.bind(TestEndpoints.anyLoopbackPort)
        socket.close()
        context.shutdown()
        context.shutdown()
    }

    private final class Outcome: Sendable {
        let ready = Atomic<Bool>(false)
        let result = Mutex<String?>(nil)
    }
}
