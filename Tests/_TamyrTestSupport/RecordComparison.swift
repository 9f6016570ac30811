import Foundation

/// Compares published KPI records with the reference's, field by field, with
/// the wire contract's tolerances (section 4):
///
/// - exact: v, window, start, end, group, count, ok, failed, rejected,
///   duration_ms.max, amount_sum, sla_ms, top_services, unique_applicants
///   below 1,000 (within 2% from 1,000 on);
/// - within 1e-4 relative: success_ratio, rate_per_s, sla_ratio, digital_share;
/// - within 1e-9 relative: duration_ms.mean;
/// - within 1% relative of the exact nearest-rank value: p50, p90, p95, p99;
/// - within 0.005: amount_mean (printed rounded to the tiyn);
/// - present exactly when the contract says so: sla_ms (service records with a
///   target), sla_ratio, digital_share, amount_sum/amount_mean,
///   unique_applicants, top_services (domain and all-domain records only).
///
/// Records match on (topic, start, breakdown value); a record published twice,
/// missing or unexpected is a mismatch. Fields the contract does not define are ignored.
extension ReferenceKPI {
    /// `published`: topic and the record as `JSONSerialization` decoded it.
    /// Amount text cannot be checked for its two decimals here; use
    /// `compare(publishedPayloads:expected:)` for that.
    package static func compare(published: [(topic: String, json: [String: Any])], expected: ReferenceResult) -> [String] {
        compare(
            publishedValues: published.map { ($0.topic, ReferenceJSON.from(foundation: $0.json)) },
            expected: expected, numbersAreText: false
        )
    }

    /// `publishedPayloads`: the two frames as received; numbers are read from their text.
    package static func compare(publishedPayloads: [(topic: String, payload: [UInt8])], expected: ReferenceResult) -> [String] {
        var problems: [String] = []
        var values: [(topic: String, record: ReferenceJSON)] = []
        for (topic, payload) in publishedPayloads {
            if let value = ReferenceJSON.parse(payload), case .object = value {
                values.append((topic, value))
            } else {
                problems.append("\(topic): the payload is not one JSON object: \(String(decoding: payload, as: UTF8.self))")
            }
        }
        return problems + compare(publishedValues: values, expected: expected, numbersAreText: true)
    }

    /// The shared comparison. `numbersAreText`: the numbers are the published text
    /// (so amount_sum must have exactly 2 decimals and counts must be integer literals).
    package static func compare(
        publishedValues: [(topic: String, record: ReferenceJSON)], expected: ReferenceResult, numbersAreText: Bool
    ) -> [String] {
        var problems: [String] = []
        var byKey: [ExpectedRecord.Key: ReferenceJSON] = [:]
        for (topic, record) in publishedValues where topic.hasPrefix("kpi.") {
            var groupValue = ""
            if case .object(let members) = record.member("group") ?? .null {
                groupValue = members.filter { $0.key != "domain" }.map { member in
                    if case .string(let value) = member.value { value } else { text(member.value) }
                }.joined(separator: ",")
            }
            guard case .string(let start) = record.member("start") ?? .null else {
                problems.append("\(topic): record without a start string: \(record)")
                continue
            }
            let key = ExpectedRecord.Key(topic: topic, start: start, groupValue: groupValue)
            if byKey[key] != nil { problems.append("\(key): published more than once") }
            byKey[key] = record
        }
        let expectedByKey = expected.recordsByKey
        for record in expected.records {
            guard let published = byKey[record.key] else {
                problems.append("\(record.key): missing (expected count \(record.count))")
                continue
            }
            problems += compare(published, record, numbersAreText: numbersAreText).map { "\(record.key): \($0)" }
        }
        for key in byKey.keys.sorted(by: { $0.description < $1.description }) where expectedByKey[key] == nil {
            problems.append("\(key): unexpected record (count \(text(byKey[key]!.member("count") ?? .null)))")
        }
        return problems
    }

    /// Compares a `status.tamyrd` record's counters with the reference's: `late`
    /// per window name, `received`, `accepted`, `duplicates`, `rejected` per reason.
    package static func compareStatus(_ status: [String: Any], expected: ReferenceResult) -> [String] {
        let record = ReferenceJSON.from(foundation: status)
        var problems: [String] = []
        func integer(_ value: ReferenceJSON?) -> Int? {
            guard case .number(let text) = value ?? .null, let number = ReferenceNumber(text) else { return nil }
            return number.scaledInteger(scale: 0).map { Int($0) }
        }
        for (name, count) in expected.late.sorted(by: { $0.key < $1.key }) where integer(record.member("late")?.member(name)) != count {
            problems.append("status late[\(name)]: published \(text(record.member("late")?.member(name) ?? .null)), expected \(count)")
        }
        for (field, count) in [("received", expected.received), ("accepted", expected.accepted), ("duplicates", expected.duplicates)]
        where integer(record.member(field)) != count {
            problems.append("status \(field): published \(text(record.member(field) ?? .null)), expected \(count)")
        }
        for (reason, count) in expected.rejected.sorted(by: { $0.key < $1.key })
        where integer(record.member("rejected")?.member(reason)) != count {
            problems.append("status rejected[\(reason)]: published \(text(record.member("rejected")?.member(reason) ?? .null)), expected \(count)")
        }
        return problems
    }

    private static func compare(_ published: ReferenceJSON, _ expected: ExpectedRecord, numbersAreText: Bool) -> [String] {
        var problems: [String] = []
        func field(_ name: String) -> ReferenceJSON? {
            let value = published.member(name)
            return value == .null ? nil : value
        }
        func fail(_ name: String, _ value: ReferenceJSON?, _ wanted: String) {
            problems.append("\(name): published \(value.map(text) ?? "(absent)"), expected \(wanted)")
        }
        func exactString(_ name: String, _ wanted: String) {
            if field(name) != .string(wanted) { fail(name, field(name), "\"\(wanted)\"") }
        }
        func exactInteger(_ name: String, _ value: ReferenceJSON?, _ wanted: Int) {
            guard case .number(let text) = value ?? .null, let number = ReferenceNumber(text),
                number.isIntegerLiteral || !numbersAreText, number.scaledInteger(scale: 0) == Int64(wanted)
            else { return fail(name, value, "\(wanted)") }
        }
        /// `wanted` nil: the field must be absent.
        func number(_ name: String, _ value: ReferenceJSON?, _ wanted: Decimal?, relative: Decimal? = nil, absolute: Decimal? = nil) {
            guard let wanted else {
                if value != nil { fail(name, value, "(absent)") }
                return
            }
            guard let got = decimal(value) else { return fail(name, value, "\(wanted)") }
            let error = abs(got - wanted)
            let allowed = relative.map { $0 * abs(wanted) } ?? absolute ?? 0
            if error > allowed { fail(name, value, "\(wanted)") }
        }

        exactInteger("v", field("v"), 1)
        exactString("window", expected.window)
        exactString("start", expected.start)
        exactString("end", expected.end)
        var groupMatches = false
        if case .object(let members) = field("group") ?? .null {
            let published = Dictionary(members.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
            groupMatches = published == expected.group.mapValues { ReferenceJSON.string($0) }
        }
        if !groupMatches {
            let wanted = expected.group.keys.sorted().map { ReferenceMember(key: $0, value: .string(expected.group[$0]!)) }
            fail("group", field("group"), text(.object(wanted)))
        }
        exactInteger("count", field("count"), expected.count)
        exactInteger("ok", field("ok"), expected.ok)
        exactInteger("failed", field("failed"), expected.failed)
        exactInteger("rejected", field("rejected"), expected.rejected)
        number("success_ratio", field("success_ratio"), expected.successRatio, relative: 1e-4)
        number("rate_per_s", field("rate_per_s"), expected.ratePerSecond, relative: 1e-4)

        if let durations = field("duration_ms"), case .object = durations {
            number("duration_ms.mean", durations.member("mean"), expected.meanMillis, relative: 1e-9)
            for percent in [50, 90, 95, 99] {
                number("duration_ms.p\(percent)", durations.member("p\(percent)"), expected.percentileMillis(percent: percent), relative: 0.01)
            }
            number("duration_ms.max", durations.member("max"), expected.maxMillis, relative: 0)
        } else {
            fail("duration_ms", field("duration_ms"), "an object")
        }

        number("sla_ms", field("sla_ms"), expected.slaMillis.map { Decimal($0) }, relative: 0)
        number("sla_ratio", field("sla_ratio"), expected.slaRatio, relative: 1e-4)
        number("digital_share", field("digital_share"), expected.digitalShare, relative: 1e-4)
        number("amount_sum", field("amount_sum"), expected.amountSum, relative: 0)
        if numbersAreText, case .number(let text) = field("amount_sum") ?? .null, !hasTwoDecimals(text) {
            fail("amount_sum", field("amount_sum"), "a number printed with exactly 2 decimals")
        }
        // Rounded to the tiyn: off by at most half a tiyn (and Decimal's last digit).
        number("amount_mean", field("amount_mean"), expected.amountMean, absolute: Decimal(string: "0.005000000001")!)
        if let unique = expected.uniqueApplicants, unique < 1_000 {
            exactInteger("unique_applicants", field("unique_applicants"), unique)
        } else {
            number("unique_applicants", field("unique_applicants"), expected.uniqueApplicants.map { Decimal($0) }, relative: 0.02)
        }

        let top = expected.topServices.map { services in
            ReferenceJSON.array(services.map {
                .object([ReferenceMember(key: "service", value: .string($0.service)), ReferenceMember(key: "count", value: .number("\($0.count)"))])
            })
        }
        switch (field("top_services"), top) {
        case (nil, nil): break
        case (let value?, let wanted?):
            if !sameTopServices(value, expected.topServices!) { fail("top_services", value, text(wanted)) }
        case (let value, let wanted):
            fail("top_services", value, wanted.map(text) ?? "(absent)")
        }
        return problems
    }

    private static func sameTopServices(_ value: ReferenceJSON, _ wanted: [ExpectedRecord.TopService]) -> Bool {
        guard case .array(let items) = value, items.count == wanted.count else { return false }
        return zip(items, wanted).allSatisfy { item, top in
            guard case .string(let service) = item.member("service") ?? .null, service == top.service,
                case .number(let text) = item.member("count") ?? .null
            else { return false }
            return ReferenceNumber(text)?.scaledInteger(scale: 0) == Int64(top.count)
        }
    }

    private static func decimal(_ value: ReferenceJSON?) -> Decimal? {
        guard case .number(let text) = value ?? .null else { return nil }
        return ReferenceNumber(text)?.decimal
    }

    /// Digits, a point, exactly two digits; no exponent.
    private static func hasTwoDecimals(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 2 && parts[1].count == 2 && parts[1].allSatisfy(\.isNumber)
            && parts[0].drop { $0 == "-" }.allSatisfy(\.isNumber)
    }

    /// A compact JSON-ish rendering for messages.
    package static func text(_ value: ReferenceJSON) -> String {
        switch value {
        case .object(let members): "{" + members.map { "\"\($0.key)\": \(text($0.value))" }.joined(separator: ", ") + "}"
        case .array(let items): "[" + items.map(text).joined(separator: ", ") + "]"
        case .string(let string): "\"\(string)\""
        case .number(let number): number
        case .bool(let bool): "\(bool)"
        case .null: "null"
        }
    }
}
