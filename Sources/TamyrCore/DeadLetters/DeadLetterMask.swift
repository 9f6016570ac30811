/// Masks applicant ids in a rejected event's raw bytes before it is kept as
/// a dead letter (issue 5: no raw applicant id in any output).
///
/// The event was rejected, so it may not be JSON at all; the mask is a
/// lenient scan, not a parse, and errs towards masking:
/// - the value after every key `applicant`, and after every key written with
///   an escape (`"applic\u0061nt"` decodes to `applicant`), string or bare
///   token, is replaced by `*` byte for byte;
/// - every run of exactly 12 digits anywhere (the length of an IIN or BIN)
///   is replaced too, wherever a malformed message put it. A 13-digit
///   millisecond timestamp is kept.
/// The length is unchanged, so offsets an operator reads still line up.
package enum DeadLetterMask {
    private static let quote = UInt8(ascii: "\"")
    private static let backslash = UInt8(ascii: "\\")
    private static let star = UInt8(ascii: "*")
    private static let applicant = Array("applicant".utf8)

    package static func mask(_ bytes: inout [UInt8]) {
        var index = 0
        while index < bytes.count {
            guard bytes[index] == quote else {
                index += 1
                continue
            }
            let contentStart = index + 1
            let close = closingQuote(bytes, from: contentStart)
            var next = skipSpace(bytes, from: close + 1)
            guard next < bytes.count, bytes[next] == UInt8(ascii: ":") else {
                index = close + 1
                continue
            }
            let key = bytes[contentStart ..< min(close, bytes.count)]
            if key.elementsEqual(applicant) || key.contains(backslash) {
                next = skipSpace(bytes, from: next + 1)
                index = maskValue(&bytes, at: next)
            } else {
                index = next + 1
            }
        }
        maskTwelveDigitRuns(&bytes)
    }

    /// The index of the quote closing a string whose content starts at
    /// `start` (escapes skipped), or `bytes.count` if it never closes.
    private static func closingQuote(_ bytes: [UInt8], from start: Int) -> Int {
        var index = start
        while index < bytes.count {
            if bytes[index] == backslash {
                index += 2
            } else if bytes[index] == quote {
                return index
            } else {
                index += 1
            }
        }
        return bytes.count
    }

    private static func skipSpace(_ bytes: [UInt8], from start: Int) -> Int {
        var index = start
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        return index
    }

    /// Masks the string's content or the bare token at `start`; returns the index after it.
    private static func maskValue(_ bytes: inout [UInt8], at start: Int) -> Int {
        guard start < bytes.count else { return start }
        if bytes[start] == quote {
            let close = closingQuote(bytes, from: start + 1)
            for index in start + 1 ..< close { bytes[index] = star }
            return close + 1
        }
        var index = start
        while index < bytes.count, !",}] \t\r\n".utf8.contains(bytes[index]) {
            bytes[index] = star
            index += 1
        }
        return index
    }

    private static func maskTwelveDigitRuns(_ bytes: inout [UInt8]) {
        var runStart = 0
        for index in 0 ... bytes.count {
            let isDigit = index < bytes.count && bytes[index] >= UInt8(ascii: "0") && bytes[index] <= UInt8(ascii: "9")
            if isDigit { continue }
            if index - runStart == 12 {
                for masked in runStart ..< index { bytes[masked] = star }
            }
            runStart = index + 1
        }
    }
}
