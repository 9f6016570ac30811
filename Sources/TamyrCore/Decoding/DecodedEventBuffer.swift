/// The events a decode worker decoded from one message batch, in order, for
/// aggregation to consume: the hand-off that lets decoding run on other cores
/// while aggregation stays one thread (docs/architecture.md, "Decode workers").
///
/// One buffer belongs to each message batch and moves with the batch's handle
/// through the pipeline's rings, so exactly one thread touches it at a time.
/// Memory is allocated once, in ``init(capacity:arenaBytes:)``.
///
/// ## Contract
/// - ``decode(_:messageCount:arrivalMillis:with:)`` decodes the batch's
///   messages in order until they are all done or the buffer is full. It never
///   drops an event: when the buffer fills, ``resumeMessage`` and
///   ``resumeSkip`` say where aggregation must go on decoding itself (message
///   `resumeMessage`, whose first `resumeSkip` events are in the buffer).
///   Decoding is deterministic given the payload and the arrival time, so
///   decoding that message again yields the same events in the same order.
/// - The events' buffers point into the message batch (raw records, and
///   `service` and `src` written without escapes) or into this buffer's arena
///   (`service` and `src` that had escapes, which the decoder unescaped into
///   its scratch space): valid until the batch and this buffer are reset.
package final class DecodedEventBuffer: @unchecked Sendable {
    // @unchecked: mutable, but only ever used by the one thread that holds its batch's handle.
    package let capacity: Int
    private let events: UnsafeMutablePointer<CompactEvent>
    private let arena: UnsafeMutableRawPointer
    private let arenaBytes: Int
    // Counters in raw memory, not stored properties: a stored property of a class
    // pays a dynamic exclusivity check on every write, and these change per event.
    private let counters: UnsafeMutablePointer<Int>

    /// Events decoded into the buffer.
    package var count: Int { counters[0] }
    /// The first message not (completely) decoded; the batch's message count when all are.
    package var resumeMessage: Int { counters[2] }
    /// How many events of message ``resumeMessage`` are in the buffer already.
    package var resumeSkip: Int { counters[3] }

    /// A buffer for `capacity` events whose escaped `service` and `src` values
    /// take at most `arenaBytes` bytes.
    package init(capacity: Int, arenaBytes: Int) {
        self.capacity = max(capacity, 1)
        self.arenaBytes = max(arenaBytes, 256)
        events = .allocate(capacity: self.capacity)
        arena = .allocate(byteCount: self.arenaBytes, alignment: 8)
        counters = .allocate(capacity: 4)
        counters.initialize(repeating: 0, count: 4)
    }

    deinit {
        events.deallocate()
        arena.deallocate()
        counters.deallocate()
    }

    /// Empties the buffer: nothing decoded, aggregation decodes from message 0.
    package func reset() {
        counters.update(repeating: 0, count: 4)
    }

    /// The event at `index` (below ``count``), as aggregation consumes it.
    @inline(__always)
    package subscript(index: Int) -> CompactEvent { events[index] }

    /// Decodes the messages `messages(0 ..< messageCount)` into the buffer, in
    /// order, until all are done or the buffer is full (see the type's contract).
    ///
    /// - Parameters:
    ///   - message: Returns message `i`'s payload; it must stay readable until
    ///     the buffer is consumed.
    ///   - arrivalMillis: The batch's arrival time: the decoder's clock for `future_ts`.
    ///   - worker: The decoder and applicant hasher of the calling thread.
    package func decode(
        messageCount: Int, arrivalMillis: Int64, with worker: inout DecodeWorkerState,
        message: (Int) -> UnsafeRawBufferPointer
    ) {
        reset()
        var sink = Writer(
            events: events, capacity: capacity, arena: arena, arenaBytes: arenaBytes, hasher: worker.hasher)
        for index in 0 ..< messageCount {
            let payload = message(index)
            sink.payload = payload
            sink.inMessage = 0
            worker.decoder.decode(payload, nowMillis: arrivalMillis, into: &sink)
            if sink.full {
                counters[0] = sink.count
                counters[1] = sink.arenaUsed
                counters[2] = index
                counters[3] = sink.inMessage
                return
            }
        }
        counters[0] = sink.count
        counters[1] = sink.arenaUsed
        counters[2] = messageCount
        counters[3] = 0
    }

    /// The decoder's sink: compacts each event into the buffer.
    struct Writer: DecodedEventSink {
        let events: UnsafeMutablePointer<CompactEvent>
        let capacity: Int
        let arena: UnsafeMutableRawPointer
        let arenaBytes: Int
        let hasher: ApplicantHasher
        var count = 0
        var arenaUsed = 0
        /// Events of the current message stored so far.
        var inMessage = 0
        /// Set at the first event that does not fit; later events of the message are ignored.
        var full = false
        var payload = UnsafeRawBufferPointer(start: nil, count: 0)

        init(
            events: UnsafeMutablePointer<CompactEvent>, capacity: Int, arena: UnsafeMutableRawPointer, arenaBytes: Int,
            hasher: ApplicantHasher
        ) {
            self.events = events
            self.capacity = capacity
            self.arena = arena
            self.arenaBytes = arenaBytes
            self.hasher = hasher
        }

        mutating func consume(_ event: borrowing DecodedEvent) {
            guard !full else { return }
            guard count < capacity else {
                full = true
                return
            }
            let valid = event.rejection == nil
            // A rejected event's service is never read downstream (and may be any length).
            var service: UnsafeRawPointer?
            if valid {
                let kept = keep(event.service)
                guard kept.fits else { return overflow() }
                service = kept.pointer
            }
            var source: UnsafeRawPointer?
            if let bytes = event.source {
                let kept = keep(bytes)
                guard kept.fits else { return overflow() }
                source = kept.pointer
            }
            events.advanced(by: count).initialize(
                to: CompactEvent(
                    event, service: service, source: source,
                    serviceHash: valid ? ServiceHash.hash(event.service) : 0,
                    applicantHash: valid ? event.applicant.map { hasher.hash($0) } : nil))
            count += 1
            inMessage += 1
        }

        private mutating func overflow() { full = true }

        /// Where `bytes` stay valid: in place when they lie in the payload, else a
        /// copy in the arena; `fits` is false when the arena has no room left.
        @inline(__always)
        mutating func keep(_ bytes: UnsafeRawBufferPointer) -> (fits: Bool, pointer: UnsafeRawPointer?) {
            guard let start = bytes.baseAddress, let base = payload.baseAddress else { return (true, nil) }
            if start >= base && start + bytes.count <= base + payload.count { return (true, start) }
            // Unescaped into the decoder's scratch space, which the next event reuses.
            guard arenaUsed + bytes.count <= arenaBytes else { return (false, nil) }
            let copy = arena + arenaUsed
            copy.copyMemory(from: start, byteCount: bytes.count)
            arenaUsed += bytes.count
            return (true, UnsafeRawPointer(copy))
        }
    }
}

/// What one decode worker thread owns: its decoder (with its scratch space)
/// and the applicant hasher, keyed like the window engine's.
package struct DecodeWorkerState {
    package var decoder: EventDecoder
    package let hasher: ApplicantHasher

    package init(domains: [String], maxFutureSkewMillis: Int64, applicantKey: (UInt64, UInt64)) {
        decoder = EventDecoder(domains: domains, maxFutureSkewMillis: maxFutureSkewMillis)
        hasher = ApplicantHasher(key0: applicantKey.0, key1: applicantKey.1)
    }
}
