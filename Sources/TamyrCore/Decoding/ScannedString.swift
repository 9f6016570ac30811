/// The decoded string a ``JSONScanner`` produced.
struct ScannedString {
    /// The decoded bytes: in the payload when there were no escapes, else in the slot.
    var start: UnsafeRawPointer?
    var count: Int
    /// The decoded text did not fit the slot; `start` and `count` are then meaningless.
    var exceedsSlot: Bool
}
