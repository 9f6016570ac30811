import Glibc

/// A POSIX thread for tests that need a second thread blocked in libzmq.
///
/// pthread rather than Foundation keeps the test target's dependencies to the standard library.
final class TestThread {
    private var thread = pthread_t()

    /// Starts `body` on a new thread.
    init(_ body: @escaping @Sendable () -> Void) throws {
        let box = Unmanaged.passRetained(Body(body)).toOpaque()
        let result = pthread_create(&thread, nil, { argument in
            Unmanaged<Body>.fromOpaque(argument!).takeRetainedValue().run()
            return nil
        }, box)
        guard result == 0 else {
            Unmanaged<Body>.fromOpaque(box).release()
            throw TestFailure("pthread_create failed with \(result)")
        }
    }

    /// Waits for the thread to finish; everything it wrote is visible afterwards.
    func join() {
        pthread_join(thread, nil)
    }

    private final class Body: Sendable {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }
}
