/// What the scanner captured for one known field of the current record.
///
/// Strings keep their decoded bytes (in the payload when they had no escapes,
/// else in the field's ``StringSlot``); numbers keep where their digits are, so
/// that the field rules can convert them exactly without a second parse.
struct ScannedValue {
    /// The JSON type of the value; `null` is captured as `absent`.
    enum Kind: UInt8 {
        case absent, string, number, boolean, object, array
    }

    var kind: Kind = .absent
    /// String: the first decoded byte. Number: the first digit of the integer part.
    var start: UnsafeRawPointer? = nil
    /// String: the decoded length. Number: the number of integer digits.
    var count: Int = 0
    /// String: the decoded text did not fit the field's slot, so it is longer
    /// than any value the field allows (`start`/`count` are then meaningless).
    var exceedsSlot: Bool = false
    /// Number: a leading minus sign was present (`-0` included).
    var negative: Bool = false
    /// Number: an exponent part was present.
    var hasExponent: Bool = false
    /// Number: the number of fraction digits, 0 without a fraction. They start
    /// at `start + count + 1`, just after the decimal point.
    var fractionCount: Int = 0
    /// Number: the exponent's value, saturated at ±``JSONScanner/exponentLimit``.
    var exponent: Int = 0

    /// True for a number written as a bare integer: no fraction, no exponent.
    var isIntegerLiteral: Bool { fractionCount == 0 && !hasExponent }

    /// An absent value; the scanner sets the rest when it captures one.
    init() {}

    /// The decoded bytes of a captured string.
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: start, count: count) }
}
