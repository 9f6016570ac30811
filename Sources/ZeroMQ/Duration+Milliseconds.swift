extension Duration {
    /// Whole milliseconds for libzmq's `int`/`long` millisecond arguments.
    ///
    /// Rounds up, so a positive duration never becomes `0` ("do not wait at all"); negative
    /// becomes `0` rather than libzmq's `-1` ("forever"), so a deadline that has passed
    /// never turns into an infinite wait; clamps at `limit`.
    func wholeMillisecondsRoundedUp(atMost limit: Int64) -> Int64 {
        guard self > .zero else { return 0 }
        let (seconds, attoseconds) = components
        guard seconds < limit / 1000 else { return limit }
        let attosecondsPerMillisecond: Int64 = 1_000_000_000_000_000
        let fraction = (attoseconds + attosecondsPerMillisecond - 1) / attosecondsPerMillisecond
        return min(seconds * 1000 + fraction, limit)
    }
}
