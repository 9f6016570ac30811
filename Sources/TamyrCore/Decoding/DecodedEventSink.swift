/// Receives the events an ``EventDecoder`` decodes from a payload.
///
/// ``EventDecoder/decode(_:nowMillis:into:)`` is generic over the sink, so a
/// concrete sink is called directly (and can be inlined), never through an
/// existential.
package protocol DecodedEventSink {
    /// Called exactly once per event, in payload order.
    ///
    /// The buffers in `event` point into the payload or the decoder's scratch
    /// space and are valid only until this call returns; copy what must be kept.
    mutating func consume(_ event: borrowing DecodedEvent)
}
