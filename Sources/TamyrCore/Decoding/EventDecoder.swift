/// Decodes ingest payloads (wire contract v1, section 2) into ``DecodedEvent``s.
///
/// One decoder serves one ingest thread. It allocates its scratch space once,
/// in ``init(domains:maxFutureSkewMillis:)``; decoding allocates nothing per
/// event, never traps, never reads a clock and never reads outside the payload,
/// whatever the input. A copy of a decoder gets its own scratch space the first
/// time it decodes.
///
/// ## 1. Framing
///
/// - A payload is split into records. Whitespace (space, tab, CR, LF) before a
///   record is skipped; then one JSON value is parsed with the full JSON
///   grammar (RFC 8259). Line feeds inside the value are whitespace, so a
///   pretty-printed single event is one record.
/// - After the value only spaces, tabs and CRs may follow before a LF or the
///   end of the payload; anything else (`{...} x`, two objects on one line)
///   makes the record `malformed_json`.
/// - On any parse failure the record counts as **one** `malformed_json` event
///   and decoding resumes after the first LF that follows the *start* of the
///   failed record, so a broken line never swallows the next line, even when
///   the parser had already read into it. (A failure in a pretty-printed
///   record therefore also turns its remaining lines into records of their own.)
/// - Empty lines and a trailing LF produce nothing. A payload with no record at
///   all (empty, or whitespace only) produces exactly one `malformed_json` event.
/// - `malformed_json` also covers: invalid UTF-8 anywhere in a record (overlong
///   forms, UTF-8-encoded surrogates, bytes above `F4`, truncated sequences),
///   raw control characters (below 0x20) inside strings, unknown escapes, a lone
///   or mismatched UTF-16 surrogate in `\u` escapes, numbers outside the JSON
///   grammar (`01`, `+1`, `.5`, `1.`, `NaN`), nesting deeper than 64 levels
///   (the record's object is level 1), and a top-level value that is not an
///   object (it fails at its first byte, so the rules above apply to it).
/// - Unknown fields may hold any JSON value, nested within the depth limit; they
///   are validated and ignored. When a key repeats, its last value wins.
///
/// ## 2. Field rules
///
/// Checked only when the record is a syntactically valid object. JSON `null`
/// means absent, for every field. The first failing field in the order `id`,
/// `ts`, `domain`, `service`, `status`, `duration_ms`, `region`, `channel`,
/// `amount`, `applicant`, `src`, `seq` decides the rejection and
/// ``DecodedEvent/rejectedField``: a required field that is absent is
/// `missing_field`; a value of the wrong JSON type is `bad_type`; a value of
/// the right type that the rule does not allow is `out_of_range`
/// (`unknown_domain` for a domain string that is not configured). Lengths are
/// counted in bytes after decoding escapes.
///
/// - `id` (required): a string of 1-128 bytes, any UTF-8 text.
/// - `ts` (required): either an integer literal (no fraction, no exponent;
///   other numbers are `bad_type`) of epoch milliseconds, or an RFC 3339 string
///   `YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)` with `T`/`t` and `Z`/`z`
///   both accepted and a fraction of 1-9 digits truncated to milliseconds. A
///   string of another shape is `bad_type`; an impossible value (month 13,
///   February 30 outside leap years, hour 24, minute 60, offset hour above 23
///   or offset minute above 59) is `out_of_range`. Second 60 is accepted and
///   means second 0 of the next minute, as POSIX `timegm` does. The offset is
///   subtracted to give UTC, with exact proleptic Gregorian arithmetic. Either
///   way the time must lie in 1970-01-01T00:00:00.000Z ... 9999-12-31T23:59:59.999Z
///   (0 ... 253,402,300,799,999 ms), else `out_of_range`. Other types are `bad_type`.
/// - `domain` (required): a string equal, byte for byte, to a configured domain
///   (``DecodedEvent/domain`` is its index); another string is `unknown_domain`.
/// - `service` (required): a string of 1-64 bytes of `a-z 0-9 . _ -`.
/// - `status` (required): `"ok"`, `"failed"` or `"rejected"`.
/// - `duration_ms` (required): a number (integer or decimal, exponent allowed)
///   from 0 to 86,400,000 inclusive (`-0` is 0); a string is `bad_type`.
///   Converted exactly from the decimal digits, never through `Double`, to
///   microseconds; digits beyond the third decimal are rounded half to even
///   (the range is checked on the exact value).
/// - `region` (optional): a string `KZ-` followed by 2 or 3 of `A-Z 0-9`
///   (`KZ-ALA`, `KZ-75`), packed by ``RegionCode``.
/// - `channel` (optional): `"online"`, `"mobile"` or `"office"`; absent is ``Channel/unknown``.
/// - `amount` (optional): a number >= 0 that is a whole number of tiyn (digits
///   below 0.01 must be zeros: `1.50`, `1.500` and `1e-2` are fine, `1.005` is
///   `out_of_range`), converted exactly to tiyn from the decimal text; a
///   negative value or one beyond `Int64.max` tiyn is `out_of_range`; `-0` is 0.
/// - `applicant` (optional): a string of 1-128 bytes.
/// - `src` (optional): a string of 1-64 bytes.
/// - `seq` (optional): an integer literal in 0 ... `Int64.max` (a fraction or
///   exponent is `bad_type`, a negative value `out_of_range`).
///
/// ``DecodedEvent/source`` and ``DecodedEvent/sequence`` are filled in whenever
/// `src` and `seq` are themselves valid, even if another field rejects the
/// event (loss accounting needs them); they are `nil` for `malformed_json`.
///
/// An event that passes every field rule is rejected as `future_ts` (field
/// `ts`) when its time is more than `maxFutureSkewMillis` after `nowMillis`.
package struct EventDecoder: Sendable {
    /// Scratch space and the domain table; copied on first use by a copy of the decoder.
    @usableFromInline
    var storage: DecoderStorage
    /// How far `ts` may lie ahead of the clock before the event is `future_ts`.
    @usableFromInline
    let maxFutureSkewMillis: Int64

    /// Creates a decoder and allocates all the memory it will use.
    ///
    /// - Parameters:
    ///   - domains: The configured domains; an event's ``DecodedEvent/domain`` is
    ///     an index into this list (the first match if a name repeats).
    ///   - maxFutureSkewMillis: How far an event's time may be ahead of `nowMillis`.
    package init(domains: [String], maxFutureSkewMillis: Int64) {
        storage = DecoderStorage(domains: domains)
        self.maxFutureSkewMillis = maxFutureSkewMillis
    }

    /// Decodes every event in one message payload (one event, or NDJSON) and
    /// hands each to `sink`, in order, exactly once.
    ///
    /// Never traps, never allocates per event, never reads a clock. The
    /// buffers in each event are valid only during its `consume` call.
    ///
    /// - Parameters:
    ///   - payload: The message bytes; read only while this call runs.
    ///   - nowMillis: The wall clock in epoch milliseconds, for the `future_ts` rule.
    ///   - sink: Receives the events.
    /// - Complexity: O(*n*) in the payload's length *n*, one pass over each record.
    @inlinable
    package mutating func decode<Sink: DecodedEventSink>(
        _ payload: UnsafeRawBufferPointer,
        nowMillis: Int64,
        into sink: inout Sink
    ) {
        decode(payload, nowMillis: nowMillis, into: &sink, fastPath: true)
    }

    /// ``decode(_:nowMillis:into:)``, with ``RecordFastPath`` switched off when
    /// `fastPath` is `false`: every record then takes the general path (the JSON
    /// scanner, then ``EventValidator``).
    ///
    /// The fast path is an optimisation only, so both settings must hand `sink`
    /// the same events; the fuzzer (`Fuzz/`) and the tests compare them. The
    /// daemon always uses the fast path (the constant `true` above folds away).
    @inlinable
    package mutating func decode<Sink: DecodedEventSink>(
        _ payload: UnsafeRawBufferPointer,
        nowMillis: Int64,
        into sink: inout Sink,
        fastPath: Bool
    ) {
        if !isKnownUniquelyReferenced(&storage) {
            storage = storage.copy()  // this is a copy of a decoder: scratch space is never shared
        }
        let (sum, overflowed) = nowMillis.addingReportingOverflow(maxFutureSkewMillis)
        let latestAcceptedMillis = overflowed ? (maxFutureSkewMillis > 0 ? .max : .min) : sum
        var records = PayloadRecords(payload)
        // Built in place in the storage and lent from there: no copy per event.
        let event = storage.eventMemory.assumingMemoryBound(to: DecodedEvent.self)
        while records.mayHoldRecord,
            Self.decodeNextRecord(
                &records, storage: storage, latestAcceptedMillis: latestAcceptedMillis, fastPath: fastPath, into: event)
        {
            sink.consume(event.pointee)
        }
    }
}
