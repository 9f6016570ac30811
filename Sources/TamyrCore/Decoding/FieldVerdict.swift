/// The outcome of one field's rule in ``FieldRules``.
enum FieldVerdict<Value> {
    /// The field is acceptable; optional fields report their absent value here too.
    case valid(Value)
    /// A required field is absent or `null`.
    case absent
    /// The field breaks its rule for this reason.
    case rejected(RejectionReason)
}
