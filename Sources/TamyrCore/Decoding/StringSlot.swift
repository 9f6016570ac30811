/// A fixed piece of the decoder's scratch memory that receives the decoded
/// bytes of one field's string when the string contains escapes.
///
/// Its capacity is the longest value the field allows, so a decoded string that
/// does not fit is already known to break the field's rule and is not kept.
struct StringSlot {
    /// `nil` with a capacity of 0 for fields whose strings are never read.
    let base: UnsafeMutableRawPointer?
    let capacity: Int

    /// A slot that keeps nothing: strings are validated, never copied.
    static var discard: StringSlot { StringSlot(base: nil, capacity: 0) }
}
