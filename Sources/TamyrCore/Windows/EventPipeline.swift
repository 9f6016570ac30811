/// The decoder's sink on the ingest thread: every event is counted; valid,
/// non-duplicate events go on to the window engine with their arrival time.
package struct EventPipeline: DecodedEventSink {
    package var accounting: IngestAccounting
    package var engine: WindowEngine
    /// Rejected events kept for operators; `nil` keeps none (tests, tools).
    package var deadLetters: DeadLetterQueue?
    /// The wall-clock time of the message being decoded; set by the caller per message.
    package var arrivalMillis: Int64 = 0

    package init(accounting: IngestAccounting, engine: WindowEngine, deadLetters: DeadLetterQueue? = nil) {
        self.accounting = accounting
        self.engine = engine
        self.deadLetters = deadLetters
    }

    /// Events still to let pass unconsumed: set by aggregation when it decodes
    /// again a message whose first events a decode worker already delivered
    /// (``DecodedEventBuffer``).
    package var eventsToSkip = 0

    package mutating func consume(_ event: borrowing DecodedEvent) {
        if eventsToSkip > 0 {
            eventsToSkip -= 1
            return
        }
        if accounting.admit(event) {
            engine.add(event, arrivalMillis: arrivalMillis)
        } else if event.rejection != nil, deadLetters != nil {
            deadLetters!.add(event, arrivalMillis: arrivalMillis)
        }
    }
}

extension EventPipeline {
    /// ``consume(_:)`` for an event a decode worker decoded and hashed.
    @inline(__always)
    package mutating func consume(_ compact: CompactEvent) {
        let event = compact.event
        if accounting.admit(event) {
            engine.add(
                event, serviceHash: compact.serviceHash, applicantHash: compact.applicantHash, arrivalMillis: arrivalMillis)
        } else if event.rejection != nil, deadLetters != nil {
            deadLetters!.add(event, arrivalMillis: arrivalMillis)
        }
    }
}

extension EventDecoder {
    /// ``decode(_:nowMillis:into:)`` for the daemon's own sink, non-generic on
    /// purpose: the generic entry point is not specialised across modules, so
    /// the aggregation stage (in TamyrRuntime) paid a witness-table call and a
    /// copy of the event per event; this one is specialised here, in the
    /// decoder's module.
    package mutating func decode(_ payload: UnsafeRawBufferPointer, nowMillis: Int64, feeding pipeline: inout EventPipeline) {
        decode(payload, nowMillis: nowMillis, into: &pipeline)
    }
}
