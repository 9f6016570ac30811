/// What every accumulator an event updates needs from it, computed once per
/// event instead of once per group: the engine adds one event to several
/// groups (domain, service, region, channel, all), and hashing the applicant,
/// finding the duration's bucket and checking the SLA target cost more than
/// the additions themselves.
package struct PreparedEvent {
    package var status: ServiceStatus
    /// Processing time in microseconds, clamped to 0 and above.
    package var durationMicros: Int64
    /// ``DurationBuckets/key(for:)`` of a positive duration; unused when it is 0.
    package var durationKey: Int
    /// `nil`: the event has no SLA target; otherwise whether it met it.
    package var slaMet: Bool?
    package var channel: Channel
    package var amountTiyn: Int64?
    package var applicantHash: UInt64?
    /// The engine's arrival number; orders groups for the cap.
    package var arrival: UInt64

    @inline(__always)
    package init(
        status: ServiceStatus,
        durationMicros: Int64,
        slaTargetMicros: Int64?,
        channel: Channel,
        amountTiyn: Int64?,
        applicantHash: UInt64?,
        arrival: UInt64
    ) {
        self.status = status
        let duration = max(durationMicros, 0)
        self.durationMicros = duration
        durationKey = duration > 0 ? DurationBuckets.key(for: duration) : 0
        // The target is compared with the unclamped value, as the reference does.
        slaMet = slaTargetMicros.map { durationMicros <= $0 }
        self.channel = channel
        self.amountTiyn = amountTiyn
        self.applicantHash = applicantHash
        self.arrival = arrival
    }
}
