import TamyrCore

/// A decode worker's view of one payload must be the decoder's: the events a
/// ``DecodedEventBuffer`` holds, followed by those aggregation decodes itself
/// from ``DecodedEventBuffer/resumeMessage`` on (passing over
/// ``DecodedEventBuffer/resumeSkip``), are the events one decoder hands over,
/// with the service and applicant hashes it would compute. Run with a buffer
/// of a few events and the smallest arena, so that the worker stops
/// mid-payload on most inputs.
enum DecodeWorkerCheck {
    static let applicantKey: (UInt64, UInt64) = (0x1234_5678, 0x9ABC_DEF0)

    /// What aggregation reads of an event (the id and applicant bytes are not kept; the applicant by its hash).
    struct Seen: Equatable, CustomStringConvertible {
        var event: OwnedEvent
        var serviceHash: UInt64
        var applicantHash: UInt64?

        init(_ decoded: borrowing DecodedEvent, serviceHash: UInt64, applicantHash: UInt64?) {
            event = OwnedEvent(decoded)
            event.values?.id = []
            event.values?.applicant = nil
            let valid = decoded.rejection == nil
            self.serviceHash = valid ? serviceHash : 0
            self.applicantHash = valid ? applicantHash : nil
        }

        var description: String { "\(event) service#=\(serviceHash) applicant#=\(String(describing: applicantHash))" }
    }

    struct Collector: DecodedEventSink {
        let hasher = ApplicantHasher(key0: applicantKey.0, key1: applicantKey.1)
        var skip = 0
        var seen: [Seen] = []
        mutating func consume(_ event: borrowing DecodedEvent) {
            if skip > 0 {
                skip -= 1
                return
            }
            seen.append(
                Seen(event, serviceHash: ServiceHash.hash(event.service), applicantHash: event.applicant.map { hasher.hash($0) }))
        }
    }

    static func run(_ payload: UnsafeRawBufferPointer, into violations: inout [String]) {
        // The payload as three messages of one batch, cut after two line feeds when it has
        // them; the reference is one decoder over the same three messages.
        let cuts = payload.indices.filter { payload[$0] == 0x0A }.map { $0 + 1 }
        let bounds = [0] + (cuts.count >= 2 ? [cuts[cuts.count / 3], cuts[2 * cuts.count / 3]] : []) + [payload.count]
        func message(_ index: Int) -> UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: payload[bounds[index] ..< bounds[index + 1]]) }
        let messages = bounds.count - 1
        var expected = Collector()
        var single = EventDecoder(domains: FuzzSettings.domains, maxFutureSkewMillis: FuzzSettings.maxFutureSkewMillis)
        for index in 0 ..< messages { single.decode(message(index), nowMillis: FuzzSettings.nowMillis, into: &expected) }

        let buffer = DecodedEventBuffer(capacity: 3, nameBytes: 0, rawBytes: 0)
        var worker = DecodeWorkerState(
            domains: FuzzSettings.domains, maxFutureSkewMillis: FuzzSettings.maxFutureSkewMillis, applicantKey: applicantKey)
        buffer.decode(messageCount: messages, arrivalMillis: FuzzSettings.nowMillis, with: &worker, message: message)
        var seen: [Seen] = []
        for index in 0 ..< buffer.count {
            let compact = buffer[index]
            seen.append(Seen(compact.event, serviceHash: compact.serviceHash, applicantHash: compact.applicantHash))
        }
        var rest = Collector()
        rest.skip = buffer.resumeSkip
        var catchUp = EventDecoder(domains: FuzzSettings.domains, maxFutureSkewMillis: FuzzSettings.maxFutureSkewMillis)
        for index in buffer.resumeMessage ..< messages { catchUp.decode(message(index), nowMillis: FuzzSettings.nowMillis, into: &rest) }
        seen += rest.seen
        guard seen != expected.seen else { return }
        guard seen.count == expected.seen.count else {
            violations.append("decode worker: \(seen.count) events, one decoder \(expected.seen.count)")
            return
        }
        let index = seen.indices.first { seen[$0] != expected.seen[$0] }!
        violations.append("decode worker: event \(index) is \(seen[index]), one decoder gave \(expected.seen[index])")
    }
}
