/// How `Workload` breaks one event, chosen after the event's values are drawn; the writer
/// applies it to the single field it concerns, so every other field stays valid.
enum Fault: Equatable {
    case none
    case malformed(MalformedVariant)
    case omit(RequiredField)
    case badType(BadTypeVariant)
    case outOfRange(OutOfRangeVariant)
    case unknownDomain
    /// The event time is moved beyond the future skew; nothing else changes.
    case futureTimestamp

    func omits(_ field: RequiredField) -> Bool { self == .omit(field) }

    func matches(_ other: Fault) -> Bool { self == other }

    /// Faults that write a broken `amount`, whether or not the service carries one.
    var needsAmount: Bool {
        self == .badType(.amountAsString) || self == .outOfRange(.negativeAmount)
            || self == .outOfRange(.amountThreeDecimals)
    }

    /// Whether the line still carries the drafted amount, well-formed.
    var keepsAmount: Bool {
        if case .malformed = self { return false }
        return !needsAmount
    }

    /// Whether the line still carries the drafted `duration_ms`, well-formed.
    var keepsDuration: Bool {
        switch self {
        case .malformed, .omit(.duration), .badType(.durationAsString),
             .outOfRange(.negativeDuration), .outOfRange(.excessiveDuration):
            return false
        default:
            return true
        }
    }

    /// For `GeneratedEvent.variant`.
    var description: StaticString {
        switch self {
        case .none: return ""
        case .malformed(.truncated): return "truncated object"
        case .malformed(.missingQuote): return "member name missing its opening quote"
        case .malformed(.trailingGarbage): return "trailing garbage after the object"
        case .omit(.id): return "id missing"
        case .omit(.ts): return "ts missing"
        case .omit(.domain): return "domain missing"
        case .omit(.service): return "service missing"
        case .omit(.status): return "status missing"
        case .omit(.duration): return "duration_ms missing"
        case .badType(.durationAsString): return "duration_ms as string"
        case .badType(.statusAsNumber): return "status as number"
        case .badType(.idAsNumber): return "id as number"
        case .badType(.tsAsBoolean): return "ts as boolean"
        case .badType(.domainAsNumber): return "domain as number"
        case .badType(.serviceAsArray): return "service as array"
        case .badType(.amountAsString): return "amount as string"
        case .badType(.channelAsNumber): return "channel as number"
        case .badType(.regionAsNumber): return "region as number"
        case .outOfRange(.negativeDuration): return "duration_ms negative"
        case .outOfRange(.excessiveDuration): return "duration_ms above 86400000"
        case .outOfRange(.amountThreeDecimals): return "amount with 3 decimals"
        case .outOfRange(.negativeAmount): return "amount negative"
        case .outOfRange(.statusMaybe): return "status maybe"
        case .outOfRange(.uppercaseService): return "service with uppercase letters"
        case .unknownDomain: return "domain not configured"
        case .futureTimestamp: return "ts one hour beyond max_future_skew"
        }
    }
}

/// The ways a `malformed_json` line is broken.
enum MalformedVariant: Int, CaseIterable {
    case truncated, missingQuote, trailingGarbage
}

/// The fields a `missing_field` event may lack: every required one.
enum RequiredField: Int, CaseIterable {
    case id, ts, domain, service, status, duration
}

/// The wrong-type values of a `bad_type` event: a JSON value of another type in one field.
enum BadTypeVariant: Int, CaseIterable {
    case durationAsString, statusAsNumber, idAsNumber, tsAsBoolean, domainAsNumber,
         serviceAsArray, amountAsString, channelAsNumber, regionAsNumber
}

/// The well-typed but out-of-range values of an `out_of_range` event.
enum OutOfRangeVariant: Int, CaseIterable {
    case negativeDuration, excessiveDuration, amountThreeDecimals, negativeAmount, statusMaybe,
         uppercaseService
}

extension CaseIterable where Self: RawRepresentable, RawValue == Int {
    /// A uniformly drawn case. Relies on the raw values being `0..<allCases.count`, as they
    /// are for the variant enums above (declared without explicit raw values).
    static func draw(using generator: inout SeededGenerator) -> Self {
        Self(rawValue: Int(generator.below(UInt64(allCases.count))))!
    }
}
