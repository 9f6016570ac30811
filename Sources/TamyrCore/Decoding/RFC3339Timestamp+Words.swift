extension RFC3339Timestamp {
    /// ``parse(_:count:)`` for the fast path, reading the text a word (8 bytes)
    /// at a time: the shape of every part is checked with masks and the
    /// two-digit fields are converted together.
    ///
    /// It returns the same milliseconds as ``parse(_:count:)`` for every text
    /// it accepts, and `nil` for every text ``parse(_:count:)`` refuses (bad
    /// shape or impossible value) and for a 9-digit fraction, which it leaves
    /// to the general path; the range rules stay the caller's.
    ///
    /// Reads only the `count` bytes at `text`.
    @inline(__always)
    static func parseWords(_ text: UnsafeRawPointer, count: Int) -> Int64? {
        // 20 ... 35 bytes: 19 for the date and time, then `.` and 1-9 digits, then `Z` or `+HH:MM`.
        guard count >= 20, count <= maximumLength else { return nil }
        let date = SWAR.load(text)  // `YYYY-MM-`
        let time = SWAR.load(text + 8)  // `DDTHH:MM`
        let clock = SWAR.load(text + 11)  // `HH:MM:SS`, of which `:SS` (bytes 5 ... 7) is new
        // Digits where they belong (each mask flags the digit positions of its word) ...
        guard SWAR.nonDigits(date) & 0x0080_8000_8080_8080 == 0,
            SWAR.nonDigits(time) & 0x8080_0080_8000_8080 == 0,
            SWAR.nonDigits(clock) & 0x8080_0000_0000_0000 == 0,
            // ... and the separators: `-` `-`, `T` or `t` (0x20 folds the case) and `:`, then `:`.
            date & 0xFF00_00FF_0000_0000 == 0x2D00_002D_0000_0000,
            (time | 0x20_0000) & 0x0000_FF00_00FF_0000 == 0x0000_3A00_0074_0000,
            clock & 0x0000_FF00_0000_0000 == 0x0000_3A00_0000_0000
        else { return nil }

        // The zone: `Z`/`z` as the last byte, else `+HH:MM`/`-HH:MM` as the last six.
        var zoneLength = 1
        var offsetSeconds = 0
        if text.load(fromByteOffset: count &- 1, as: UInt8.self) | 0x20 != UInt8(ascii: "z") {
            guard count >= 25 else { return nil }
            let zone = SWAR.load(text + (count &- 8))  // `..±HH:MM`: the zone is bytes 2 ... 7
            let sign = UInt8(truncatingIfNeeded: zone &>> 16)
            guard sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"),
                SWAR.nonDigits(zone) & 0x8080_0080_8000_0000 == 0,
                zone & 0x0000_FF00_0000_0000 == 0x0000_3A00_0000_0000
            else { return nil }
            let pairs = twoDigitValues(zone)
            let offsetHour = Int(truncatingIfNeeded: (pairs &>> 24) & 0xFF)
            let offsetMinute = Int(truncatingIfNeeded: (pairs &>> 48) & 0xFF)
            guard offsetHour <= 23, offsetMinute <= 59 else { return nil }
            offsetSeconds = offsetHour &* 3600 &+ offsetMinute &* 60
            if sign == UInt8(ascii: "-") { offsetSeconds = 0 &- offsetSeconds }
            zoneLength = 6
        }

        // Between the seconds and the zone: nothing, or `.` and 1-8 digits (9 are left to `parse`).
        var millis = 0
        let fractionDigits = count &- zoneLength &- 20
        if fractionDigits >= 0 {
            guard fractionDigits >= 1, fractionDigits <= 8,
                text.load(fromByteOffset: 19, as: UInt8.self) == UInt8(ascii: ".")
            else { return nil }
            // The 8 bytes that end with the fraction: its digits are the top `fractionDigits`.
            let word = SWAR.load(text + (12 &+ fractionDigits))
            let digitMask = SWAR.highBits &<< UInt64((8 &- fractionDigits) &* 8)
            guard SWAR.nonDigits(word) & digitMask == 0 else { return nil }
            // The first three digits, the missing ones of a shorter fraction reading as zeros
            // (`.5` is 500 ms); the rest are truncated.
            let fraction = word &>> UInt64((8 &- fractionDigits) &* 8)
            millis = Int(truncatingIfNeeded: SWAR.eightDigitsValue((fraction & 0xFF_FFFF) &<< 40))
        } else {
            guard fractionDigits == -1 else { return nil }  // only the zone follows the seconds
        }

        let datePairs = twoDigitValues(date)
        let timePairs = twoDigitValues(time)
        let year = Int(truncatingIfNeeded: datePairs & 0xFF) &* 100 &+ Int(truncatingIfNeeded: (datePairs &>> 16) & 0xFF)
        let month = Int(truncatingIfNeeded: (datePairs &>> 40) & 0xFF)
        let day = Int(truncatingIfNeeded: timePairs & 0xFF)
        let hour = Int(truncatingIfNeeded: (timePairs &>> 24) & 0xFF)
        let minute = Int(truncatingIfNeeded: (timePairs &>> 48) & 0xFF)
        let second = Int(truncatingIfNeeded: (twoDigitValues(clock) &>> 48) & 0xFF)
        guard month >= 1, month <= 12, day >= 1, day <= CivilDate.daysInMonth(year: year, month: month),
            hour <= 23, minute <= 59, second <= 60
        else { return nil }

        let days = CivilDate.daysSinceEpoch(year: year, month: month, day: day)
        let total = days &* 86_400 &+ hour &* 3600 &+ minute &* 60 &+ second &- offsetSeconds
        return Int64(total) &* 1000 &+ Int64(millis)
    }

    /// For each byte *i* of `word` that starts two ASCII digits (bytes *i* and
    /// *i* + 1), their value 0 ... 99 in byte *i*; the other bytes hold garbage.
    @inline(__always)
    static func twoDigitValues(_ word: UInt64) -> UInt64 {
        // Each low nibble times 10 stays below 256, and adding the next byte's
        // nibble keeps it there: no byte carries into the next.
        let nibbles = word & 0x0F0F_0F0F_0F0F_0F0F
        return nibbles &* 10 &+ nibbles &>> 8
    }
}
