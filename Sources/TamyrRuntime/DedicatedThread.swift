import Foundation

/// Runs `body` on a new OS thread and waits for it without blocking a thread
/// of Swift's cooperative pool: libzmq's blocking calls (`zmq_poll`) and the
/// sockets they use must stay on one thread of their own (rule 6).
package func runOnDedicatedThread(
    named name: String,
    _ body: @escaping @Sendable () throws -> Void
) async throws {
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
        let thread = Thread {
            // Set from inside the thread: on Linux, Foundation passes only the running
            // thread's name to the kernel, where `top -H`, `perf` and crash reports read it.
            Thread.current.name = name
            continuation.resume(with: Result { try body() })
        }
        thread.name = name  // visible in `top -H` and in crash reports
        thread.stackSize = 8 << 20
        thread.start()
    }
}
