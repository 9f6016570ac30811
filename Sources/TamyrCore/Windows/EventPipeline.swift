/// The decoder's sink on the ingest thread: every event is counted; valid,
/// non-duplicate events go on to the window engine with their arrival time.
package struct EventPipeline: DecodedEventSink {
    package var accounting: IngestAccounting
    package var engine: WindowEngine
    /// The wall-clock time of the message being decoded; set by the caller per message.
    package var arrivalMillis: Int64 = 0

    package init(accounting: IngestAccounting, engine: WindowEngine) {
        self.accounting = accounting
        self.engine = engine
    }

    package mutating func consume(_ event: borrowing DecodedEvent) {
        if accounting.admit(event) { engine.add(event, arrivalMillis: arrivalMillis) }
    }
}
