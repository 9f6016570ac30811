#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a stage waits when its input ring is empty: a few yields, then sleeps
/// that double from 20 µs up to `maximumMicros`, reset by ``reset()`` as soon
/// as work arrives.
///
/// No condition variable and no semaphore: a blocked wait would need a lock or
/// a futex around every push. At full rate the rings are never empty and the
/// stages never sleep; when idle, a sleeping stage costs a wake-up per
/// `maximumMicros` and adds at most that much latency to the first batch.
package struct IdleBackoff {
    private var idleRounds = 0
    private var sleepMicros: UInt32 = 20
    package let maximumMicros: UInt32

    package init(maximumMicros: UInt32 = 1_000) {
        self.maximumMicros = maximumMicros
    }

    /// Work arrived: the next wait starts short again.
    @inline(__always)
    package mutating func reset() {
        idleRounds = 0
        sleepMicros = 20
    }

    /// Waits a little longer than last time.
    package mutating func wait() {
        idleRounds += 1
        if idleRounds <= 4 {
            sched_yield()
            return
        }
        usleep(sleepMicros)
        sleepMicros = min(sleepMicros * 2, maximumMicros)
    }
}
