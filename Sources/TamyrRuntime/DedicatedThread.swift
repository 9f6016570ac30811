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
            // A new thread starts with its creator's kernel name (here a cooperative-pool
            // thread's, "...root.default-qos"), and Foundation skips the setter when the
            // Thread's name is already `name`: write the kernel's copy directly.
            nameKernelThread(name)
            continuation.resume(with: Result { try body() })
        }
        thread.name = name  // visible in `top -H` and in crash reports
        thread.stackSize = 8 << 20
        thread.start()
    }
}

/// Sets the calling thread's name as the kernel shows it (15 bytes at most):
/// what `top -H`, `perf` and `/proc/PID/task/*/stat` read. Best effort.
private func nameKernelThread(_ name: String) {
    #if os(Linux)
    let fd = open("/proc/thread-self/comm", O_WRONLY)
    guard fd >= 0 else { return }
    defer { close(fd) }
    let bytes = Array(name.utf8.prefix(15))
    _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    #endif
}
