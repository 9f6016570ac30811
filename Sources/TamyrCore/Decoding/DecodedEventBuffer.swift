/// The events a decode worker decoded from one message batch, in order, for
/// aggregation to consume: the hand-off that lets decoding run on other cores
/// while aggregation stays one thread (docs/architecture.md, "Decode workers").
///
/// One buffer belongs to each message batch and moves with the batch's handle
/// through the pipeline's rings, so exactly one thread touches it at a time.
/// Memory is allocated once, in ``init(capacity:nameBytes:rawBytes:)``.
///
/// ## Contract
/// - ``decode(messageCount:arrivalMillis:with:message:)`` decodes the batch's
///   messages in order until they are all done or the buffer is full. It never
///   drops an event: when the buffer fills, ``resumeMessage`` and
///   ``resumeSkip`` say where aggregation must go on decoding itself (message
///   `resumeMessage`, whose first `resumeSkip` events are in the buffer).
///   Decoding is deterministic given the payload and the arrival time, so
///   decoding that message again yields the same events in the same order.
/// - The events point into the buffer only, never into the payload: a valid
///   event's `service` and any event's `src` are copied into the name arena,
///   a rejected event's raw record (for the dead letters) into the raw arena.
///   So the worker can zero messages `0 ..< resumeMessage` as soon as it has
///   decoded them, while their bytes are still in its cache (the privacy rule
///   of ``MessageBatch/reset()``), and aggregation never reads the payload
///   of those messages.
/// - ``reset()`` zeroes the raw arena's used bytes: raw records carry
///   applicant ids.
package final class DecodedEventBuffer: @unchecked Sendable {
    // @unchecked: mutable, but only ever used by the one thread that holds its batch's handle.
    package let capacity: Int
    private let events: UnsafeMutablePointer<CompactEvent>
    /// `service` and `src` values.
    private let names: UnsafeMutableRawPointer
    private let nameBytes: Int
    /// Raw records of rejected events; zeroed by ``reset()``.
    private let raws: UnsafeMutableRawPointer
    private let rawBytes: Int
    // Counters in raw memory, not stored properties: a stored property of a class
    // pays a dynamic exclusivity check on every write. [0] events, [1] raw bytes
    // used (what reset() zeroes), [2] resumeMessage, [3] resumeSkip.
    private let counters: UnsafeMutablePointer<Int>

    /// Events decoded into the buffer.
    package var count: Int { counters[0] }
    /// The first message not (completely) decoded; the batch's message count when all are.
    package var resumeMessage: Int { counters[2] }
    /// How many events of message ``resumeMessage`` are in the buffer already.
    package var resumeSkip: Int { counters[3] }

    /// A buffer for `capacity` events, `nameBytes` bytes of `service` and
    /// `src` values and `rawBytes` bytes of rejected events' raw records.
    package init(capacity: Int, nameBytes: Int, rawBytes: Int) {
        self.capacity = max(capacity, 1)
        self.nameBytes = max(nameBytes, 256)
        self.rawBytes = max(rawBytes, 256)
        events = .allocate(capacity: self.capacity)
        names = .allocate(byteCount: self.nameBytes, alignment: 8)
        // Not zeroed here: nothing is read before it is written, and untouched pages stay
        // out of the resident set (raw records are kept for rejected events only).
        raws = .allocate(byteCount: self.rawBytes, alignment: 8)
        counters = .allocate(capacity: 4)
        counters.initialize(repeating: 0, count: 4)
    }

    deinit {
        events.deallocate()
        names.deallocate()
        raws.deallocate()
        counters.deallocate()
    }

    /// Empties the buffer (nothing decoded: aggregation decodes from message 0)
    /// and zeroes the raw records it held.
    package func reset() {
        raws.initializeMemory(as: UInt8.self, repeating: 0, count: counters[1])
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
            events: events, capacity: capacity, names: Arena(base: names, capacity: nameBytes),
            raws: Arena(base: raws, capacity: rawBytes), hasher: worker.hasher)
        var stoppedAt = messageCount
        for index in 0 ..< messageCount {
            sink.inMessage = 0
            worker.decoder.decode(message(index), nowMillis: arrivalMillis, into: &sink)
            if sink.full {
                stoppedAt = index
                break
            }
        }
        counters[0] = sink.count
        counters[2] = stoppedAt
        counters[3] = stoppedAt == messageCount ? 0 : sink.inMessage
        counters[1] = sink.raws.used
    }

    /// Bytes copied one after the other into fixed memory.
    struct Arena {
        let base: UnsafeMutableRawPointer
        let capacity: Int
        var used = 0

        /// A copy of `bytes`, or `nil` when they do not fit.
        @inline(__always)
        mutating func copy(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawPointer?? {
            guard used + bytes.count <= capacity else { return nil }
            let start = base + used
            if let source = bytes.baseAddress, bytes.count > 0 { start.copyMemory(from: source, byteCount: bytes.count) }
            used += bytes.count
            return .some(UnsafeRawPointer(start))
        }
    }

    /// The decoder's sink: compacts each event into the buffer.
    struct Writer: DecodedEventSink {
        let events: UnsafeMutablePointer<CompactEvent>
        let capacity: Int
        var names: Arena
        var raws: Arena
        let hasher: ApplicantHasher
        var count = 0
        /// Events of the current message stored so far.
        var inMessage = 0
        /// Set at the first event that does not fit; later events of the message are ignored.
        var full = false

        init(events: UnsafeMutablePointer<CompactEvent>, capacity: Int, names: Arena, raws: Arena, hasher: ApplicantHasher) {
            self.events = events
            self.capacity = capacity
            self.names = names
            self.raws = raws
            self.hasher = hasher
        }

        mutating func consume(_ event: borrowing DecodedEvent) {
            guard !full else { return }
            guard count < capacity else {
                full = true
                return
            }
            let valid = event.rejection == nil
            // Copies, never pointers into the payload, which the worker zeroes (see the type's contract).
            // A rejected event's service is never read downstream; a valid one's raw record neither.
            var service: UnsafeRawPointer?
            var raw: UnsafeRawPointer?
            if valid {
                guard let copy = names.copy(event.service) else { return overflow() }
                service = copy
            } else {
                guard let copy = raws.copy(event.raw) else { return overflow() }
                raw = copy
            }
            var source: UnsafeRawPointer?
            if let bytes = event.source {
                guard let copy = names.copy(bytes) else { return overflow() }
                source = copy
            }
            events.advanced(by: count).initialize(
                to: CompactEvent(
                    event, service: service, source: source, raw: raw,
                    serviceHash: valid ? ServiceHash.hash(event.service) : 0,
                    applicantHash: valid ? event.applicant.map { hasher.hash($0) } : nil))
            count += 1
            inMessage += 1
        }

        private mutating func overflow() { full = true }
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
