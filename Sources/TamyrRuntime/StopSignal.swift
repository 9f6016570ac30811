import Synchronization

/// A one-way "please stop" flag shared between the service that receives the
/// shutdown request and the dedicated thread that polls it between `zmq_poll`
/// calls (every 100 ms at most).
///
/// Relaxed ordering is enough: the flag carries no other data, and a reader
/// that sees it one poll late only stops 100 ms later.
package final class StopSignal: Sendable {
    private let flag = Atomic<Bool>(false)

    package init() {}

    package func request() { flag.store(true, ordering: .relaxed) }

    package var isRequested: Bool { flag.load(ordering: .relaxed) }
}
