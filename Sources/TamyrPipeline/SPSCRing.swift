import Synchronization

/// A bounded single-producer single-consumer queue of small integers (the
/// handles of pooled batches), lock-free and allocation-free after `init`.
///
/// Exactly one thread may call ``push(_:)`` and exactly one (other) thread
/// ``pop()``; that is the whole contract, and what makes two plain indices
/// enough (Lamport 1983; the layout of Rigtorp's SPSCQueue).
///
/// ## Memory orderings
/// - `tail` is written only by the producer. It stores the slot first, then
///   `tail` with **release**; the consumer loads `tail` with **acquire**, so
///   when it sees the new tail it also sees the slot's value, and (since the
///   handle names a batch) every write the producer made to that batch before
///   pushing it. This is what hands a batch from one stage to the next.
/// - `head` is written only by the consumer. It reads the slot first, then
///   stores `head` with **release**; the producer loads `head` with
///   **acquire** before reusing a slot, so it never overwrites a slot the
///   consumer has not finished reading.
/// - Each side caches the other side's index and reloads it only when the ring
///   looks full (producer) or empty (consumer), so the shared cache lines move
///   once per burst, not once per item.
/// - Indices grow without wrapping back (`Int`, 2^63 pushes: centuries at a
///   billion per second); the slot is `index & mask`.
package final class SPSCRing: @unchecked Sendable {
    // @unchecked: the unsafe slot storage is shared between the two threads, and
    // the acquire/release pairs above are what make that access race-free.
    private let slots: UnsafeMutablePointer<Int32>
    private let mask: Int
    package let capacity: Int

    private let head = Atomic<Int>(0)
    private let tail = Atomic<Int>(0)
    // Producer-side state: touched by the producer thread only.
    private var producerTail = 0
    private var cachedHead = 0
    // Consumer-side state: touched by the consumer thread only.
    private var consumerHead = 0
    private var cachedTail = 0

    /// A ring for at least `minimumCapacity` items (rounded up to a power of two).
    package init(minimumCapacity: Int) {
        var capacity = 1
        while capacity < max(minimumCapacity, 2) { capacity <<= 1 }
        self.capacity = capacity
        mask = capacity - 1
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: 0, count: capacity)
    }

    deinit { slots.deallocate() }

    /// Producer only. Appends `value`; `false` when the ring is full.
    @inline(__always)
    package func push(_ value: Int32) -> Bool {
        if producerTail - cachedHead == capacity {
            cachedHead = head.load(ordering: .acquiring)
            if producerTail - cachedHead == capacity { return false }
        }
        slots[producerTail & mask] = value
        producerTail += 1
        tail.store(producerTail, ordering: .releasing)
        return true
    }

    /// Consumer only. Removes and returns the oldest value; `nil` when empty.
    @inline(__always)
    package func pop() -> Int32? {
        if consumerHead == cachedTail {
            cachedTail = tail.load(ordering: .acquiring)
            if consumerHead == cachedTail { return nil }
        }
        let value = slots[consumerHead & mask]
        consumerHead += 1
        head.store(consumerHead, ordering: .releasing)
        return value
    }

    /// Items queued, as seen by either side at some instant (for status and metrics only).
    package var depth: Int {
        max(0, tail.load(ordering: .relaxed) - head.load(ordering: .relaxed))
    }
}
