/// Applies ``FieldRules`` to a scanned record in the decision order and fills
/// in a ``DecodedEvent``.
enum EventValidator {
    /// Fills `event` from `captures` (indexed by ``EventField/rawValue``).
    ///
    /// `src` and `seq` are filled in first, whenever they are valid, because
    /// loss accounting needs them even for rejected events. Then the fields are
    /// checked in ``EventField`` order and the first failure decides the
    /// rejection; the fields after it keep their defaults. `future_ts` is the
    /// caller's, since it needs the clock.
    static func validate(
        _ captures: UnsafePointer<ScannedValue>,
        domains: DomainTable,
        into event: inout DecodedEvent
    ) {
        event = DecodedEvent()
        func captured(_ field: EventField) -> ScannedValue { captures[Int(field.rawValue)] }

        let sourceVerdict = FieldRules.source(captured(.src))
        let sequenceVerdict = FieldRules.sequence(captured(.seq))
        if case .valid(let source) = sourceVerdict { event.source = source }
        if case .valid(let sequence) = sequenceVerdict { event.sequence = sequence }

        guard let id = accept(FieldRules.id(captured(.id)), .id, &event) else { return }
        event.id = id
        guard let millis = accept(FieldRules.timestamp(captured(.ts)), .ts, &event) else { return }
        event.timestampMillis = millis
        guard let domain = accept(FieldRules.domain(captured(.domain), in: domains), .domain, &event) else { return }
        event.domain = domain
        guard let service = accept(FieldRules.service(captured(.service)), .service, &event) else { return }
        event.service = service
        guard let status = accept(FieldRules.status(captured(.status)), .status, &event) else { return }
        event.status = status
        guard let micros = accept(FieldRules.durationMicros(captured(.durationMs)), .durationMs, &event) else {
            return
        }
        event.durationMicros = micros
        guard let region = accept(FieldRules.region(captured(.region)), .region, &event) else { return }
        event.region = region
        guard let channel = accept(FieldRules.channel(captured(.channel)), .channel, &event) else { return }
        event.channel = channel
        guard let tiyn = accept(FieldRules.amountTiyn(captured(.amount)), .amount, &event) else { return }
        event.amountTiyn = tiyn
        guard let applicant = accept(FieldRules.applicant(captured(.applicant)), .applicant, &event) else { return }
        event.applicant = applicant
        // `src` and `seq` were filled in above; here they only take their turn to reject.
        guard accept(sourceVerdict, .src, &event) != nil, accept(sequenceVerdict, .seq, &event) != nil else {
            return
        }
    }

    /// The verdict's value, or `nil` after recording the rejection in `event`.
    private static func accept<Value>(
        _ verdict: FieldVerdict<Value>,
        _ field: EventField,
        _ event: inout DecodedEvent
    ) -> Value? {
        switch verdict {
        case .valid(let value):
            return value
        case .absent:
            event.rejection = .missingField
        case .rejected(let reason):
            event.rejection = reason
        }
        event.rejectedField = field
        return nil
    }
}
