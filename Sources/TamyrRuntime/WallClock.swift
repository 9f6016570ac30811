import Glibc

/// The only place tamyrd reads time. Pure code takes the values as arguments.
package enum WallClock {
    /// Milliseconds since the Unix epoch (CLOCK_REALTIME): event-time decisions.
    package static func nowMillis() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1_000 + Int64(spec.tv_nsec) / 1_000_000
    }

    /// Monotonic milliseconds (CLOCK_MONOTONIC): intervals and deadlines that
    /// must not jump when the wall clock is set.
    package static func monotonicMillis() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Int64(spec.tv_sec) * 1_000 + Int64(spec.tv_nsec) / 1_000_000
    }
}

extension WallClock {
    /// Monotonic nanoseconds: short delays, such as a window's close to its publication.
    package static func monotonicNanos() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }
}
