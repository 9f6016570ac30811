import Glibc
import Synchronization

/// Set by SIGINT/SIGTERM so `produce` and `watch` finish their current message,
/// print their summary and close their sockets instead of dying mid-send.
enum Interrupt {
    static let requested = Atomic<Bool>(false)

    static func install() {
        // Only an atomic store happens in the handler: async-signal-safe.
        signal(SIGINT) { _ in Interrupt.requested.store(true, ordering: .relaxed) }
        signal(SIGTERM) { _ in Interrupt.requested.store(true, ordering: .relaxed) }
    }

    static var isRequested: Bool { requested.load(ordering: .relaxed) }
}
