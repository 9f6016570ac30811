import Synchronization

/// Hands a value from any thread to the one thread that owns what it changes
/// (a reload's new settings to aggregation, new allow-lists to the ZAP handler),
/// and lets the sender wait until the owner has taken it in.
///
/// The owner polls ``take()`` once per loop turn: one acquiring load while
/// nothing is posted, never a lock. `posted` is stored with release after the
/// value is in the slot, so an owner that sees a new generation finds the value
/// (the slot's mutex orders it too; the atomics keep the idle check lock-free).
package final class Mailbox<Value: Sendable>: Sendable {
    private let slot = Mutex<(generation: UInt64, value: Value)?>(nil)
    private let posted = Atomic<UInt64>(0)
    private let applied = Atomic<UInt64>(0)

    package init() {}

    /// Posts `value`, replacing one not taken yet; returns its generation.
    @discardableResult
    package func post(_ value: Value) -> UInt64 {
        let generation = slot.withLock { current -> UInt64 in
            let next = posted.load(ordering: .relaxed) + 1
            current = (next, value)
            return next
        }
        posted.store(generation, ordering: .releasing)
        return generation
    }

    /// The value posted since the last call, if any. Owner thread only; call
    /// ``done(_:)`` with the generation once it is in effect.
    package func take() -> (generation: UInt64, value: Value)? {
        guard posted.load(ordering: .acquiring) != applied.load(ordering: .relaxed) else { return nil }
        return slot.withLock { current in
            defer { current = nil }
            return current
        }
    }

    /// The owner has put generation `generation` in effect.
    package func done(_ generation: UInt64) { applied.store(generation, ordering: .releasing) }

    /// Whether generation `generation` (or a later one) is in effect.
    package func isDone(_ generation: UInt64) -> Bool { applied.load(ordering: .acquiring) >= generation }
}
