import Testing
import TamyrCore

/// One field-rule example: the fixture event with some members replaced, and the expected verdict.
struct FieldRuleCase: Sendable, CustomTestStringConvertible {
    let replacing: [String: String?]
    let expected: String

    init(_ replacing: [String: String?], _ expected: String) {
        self.replacing = replacing
        self.expected = expected
    }

    var testDescription: String {
        let members = replacing.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value ?? "<absent>")" }
        return members.joined(separator: ", ") + " -> " + expected
    }
}

private func repeated(_ text: String, _ count: Int) -> String { String(repeating: text, count: count) }
private func quoted(_ text: String) -> String { "\"" + text + "\"" }

@Suite("Every field rule accepts what it allows and rejects the rest with the right reason")
struct FieldRuleTests {
    static let idCases: [FieldRuleCase] = [
        FieldRuleCase(["id": quoted("x")], "valid"),
        FieldRuleCase(["id": quoted(repeated("a", 128))], "valid"),
        FieldRuleCase(["id": quoted(repeated("\\u00e9", 64))], "valid"),  // 128 bytes once decoded
        FieldRuleCase(["id": quoted("Қазақстан")], "valid"),
        FieldRuleCase(["id": quoted(repeated("a", 129))], "out_of_range/id"),
        FieldRuleCase(["id": quoted(repeated("\\u00e9", 64) + "a")], "out_of_range/id"),
        FieldRuleCase(["id": quoted("")], "out_of_range/id"),
        FieldRuleCase(["id": nil], "missing_field/id"),
        FieldRuleCase(["id": "null"], "missing_field/id"),
        FieldRuleCase(["id": "5"], "bad_type/id"),
        FieldRuleCase(["id": "true"], "bad_type/id"),
        FieldRuleCase(["id": "{}"], "bad_type/id"),
        FieldRuleCase(["id": "[\"a\"]"], "bad_type/id"),
    ]

    static let timestampCases: [FieldRuleCase] = [
        FieldRuleCase(["ts": "0"], "valid"),
        FieldRuleCase(["ts": "-0"], "valid"),
        FieldRuleCase(["ts": quoted("2024-11-30T10:00:00Z")], "valid"),
        FieldRuleCase(["ts": quoted("2024-02-29T23:59:60.5+05:00")], "valid"),
        FieldRuleCase(["ts": "1732960800000.0"], "bad_type/ts"),
        FieldRuleCase(["ts": "1.7e12"], "bad_type/ts"),
        FieldRuleCase(["ts": "1E3"], "bad_type/ts"),
        FieldRuleCase(["ts": "-1"], "out_of_range/ts"),
        FieldRuleCase(["ts": "253402300800000"], "out_of_range/ts"),
        FieldRuleCase(["ts": "99999999999999999999999"], "out_of_range/ts"),
        FieldRuleCase(["ts": quoted("2024-11-30")], "bad_type/ts"),
        FieldRuleCase(["ts": quoted("2024-11-30T10:00:00")], "bad_type/ts"),
        FieldRuleCase(["ts": quoted("2024-11-30 10:00:00Z")], "bad_type/ts"),
        FieldRuleCase(["ts": quoted("2024-11-30T10:00:00.Z")], "bad_type/ts"),
        FieldRuleCase(["ts": quoted("2024-11-30T10:00:00.1234567890Z")], "bad_type/ts"),
        FieldRuleCase(["ts": quoted("2024-11-30T10:00:00+0500")], "bad_type/ts"),
        FieldRuleCase(["ts": quoted("2024-11-30T10:00:00Z ")], "bad_type/ts"),
        FieldRuleCase(["ts": quoted("１９７０-01-01T00:00:00Z")], "bad_type/ts"),
        FieldRuleCase(["ts": quoted("2024-11-30T10:00:00Z" + repeated(" ", 100))], "bad_type/ts"),
        FieldRuleCase(["ts": quoted("")], "bad_type/ts"),
        FieldRuleCase(["ts": quoted("2024-13-01T00:00:00Z")], "out_of_range/ts"),
        FieldRuleCase(["ts": quoted("2024-00-01T00:00:00Z")], "out_of_range/ts"),
        FieldRuleCase(["ts": quoted("2024-04-31T00:00:00Z")], "out_of_range/ts"),
        FieldRuleCase(["ts": quoted("2024-01-00T00:00:00Z")], "out_of_range/ts"),
        FieldRuleCase(["ts": quoted("2024-11-30T24:00:00Z")], "out_of_range/ts"),
        FieldRuleCase(["ts": quoted("2024-11-30T10:60:00Z")], "out_of_range/ts"),
        FieldRuleCase(["ts": quoted("2024-11-30T10:00:61Z")], "out_of_range/ts"),
        FieldRuleCase(["ts": quoted("2024-11-30T10:00:00+24:00")], "out_of_range/ts"),
        FieldRuleCase(["ts": quoted("2024-11-30T10:00:00-05:60")], "out_of_range/ts"),
        FieldRuleCase(["ts": quoted("1969-12-31T23:59:59.999Z")], "out_of_range/ts"),
        FieldRuleCase(["ts": quoted("1970-01-01T04:59:59+05:00")], "out_of_range/ts"),
        FieldRuleCase(["ts": quoted("9999-12-31T23:59:59-00:01")], "out_of_range/ts"),
        FieldRuleCase(["ts": nil], "missing_field/ts"),
        FieldRuleCase(["ts": "null"], "missing_field/ts"),
        FieldRuleCase(["ts": "false"], "bad_type/ts"),
        FieldRuleCase(["ts": "[1]"], "bad_type/ts"),
        FieldRuleCase(["ts": "{\"ms\":1}"], "bad_type/ts"),
    ]

    static let domainCases: [FieldRuleCase] = [
        FieldRuleCase(["domain": quoted("tax")], "valid"),
        FieldRuleCase(["domain": quoted("ecommerce")], "valid"),
        FieldRuleCase(["domain": quoted("cust\\u006fms")], "valid"),
        FieldRuleCase(["domain": quoted("Customs")], "unknown_domain/domain"),
        FieldRuleCase(["domain": quoted("customs ")], "unknown_domain/domain"),
        FieldRuleCase(["domain": quoted("")], "unknown_domain/domain"),
        FieldRuleCase(["domain": quoted("ecommerce\\u0000")], "unknown_domain/domain"),
        FieldRuleCase(["domain": quoted(repeated("\\u0074", 40))], "unknown_domain/domain"),
        FieldRuleCase(["domain": nil], "missing_field/domain"),
        FieldRuleCase(["domain": "null"], "missing_field/domain"),
        FieldRuleCase(["domain": "1"], "bad_type/domain"),
        FieldRuleCase(["domain": "[\"tax\"]"], "bad_type/domain"),
    ]

    static let serviceCases: [FieldRuleCase] = [
        FieldRuleCase(["service": quoted("a")], "valid"),
        FieldRuleCase(["service": quoted("tax.cert_v2-final")], "valid"),
        FieldRuleCase(["service": quoted(repeated("z", 64))], "valid"),
        FieldRuleCase(["service": quoted("t\\u0061x-certificate")], "valid"),
        FieldRuleCase(["service": quoted(repeated("z", 65))], "out_of_range/service"),
        FieldRuleCase(["service": quoted("")], "out_of_range/service"),
        FieldRuleCase(["service": quoted("Import")], "out_of_range/service"),
        FieldRuleCase(["service": quoted("tax cert")], "out_of_range/service"),
        FieldRuleCase(["service": quoted("tax/cert")], "out_of_range/service"),
        FieldRuleCase(["service": quoted("салық")], "out_of_range/service"),
        FieldRuleCase(["service": quoted("tax\\n")], "out_of_range/service"),
        FieldRuleCase(["service": nil], "missing_field/service"),
        FieldRuleCase(["service": "7"], "bad_type/service"),
    ]

    static let statusCases: [FieldRuleCase] = [
        FieldRuleCase(["status": quoted("failed")], "valid"),
        FieldRuleCase(["status": quoted("rejected")], "valid"),
        FieldRuleCase(["status": quoted("OK")], "out_of_range/status"),
        FieldRuleCase(["status": quoted("rejecte")], "out_of_range/status"),
        FieldRuleCase(["status": quoted("rejectedd")], "out_of_range/status"),
        FieldRuleCase(["status": quoted("")], "out_of_range/status"),
        FieldRuleCase(["status": nil], "missing_field/status"),
        FieldRuleCase(["status": "true"], "bad_type/status"),
    ]

    static let durationCases: [FieldRuleCase] = [
        FieldRuleCase(["duration_ms": "0"], "valid"),
        FieldRuleCase(["duration_ms": "-0"], "valid"),
        FieldRuleCase(["duration_ms": "-0.0e5"], "valid"),
        FieldRuleCase(["duration_ms": "86400000"], "valid"),
        FieldRuleCase(["duration_ms": "86400000.000000"], "valid"),
        FieldRuleCase(["duration_ms": "8.64e7"], "valid"),
        FieldRuleCase(["duration_ms": "86399999.9999"], "valid"),
        FieldRuleCase(["duration_ms": "0.0000001"], "valid"),
        FieldRuleCase(["duration_ms": "86400000.0000001"], "out_of_range/duration_ms"),
        FieldRuleCase(["duration_ms": "86400001"], "out_of_range/duration_ms"),
        FieldRuleCase(["duration_ms": "1e8"], "out_of_range/duration_ms"),
        FieldRuleCase(["duration_ms": "1e999999999999"], "out_of_range/duration_ms"),
        FieldRuleCase(["duration_ms": "-1"], "out_of_range/duration_ms"),
        FieldRuleCase(["duration_ms": "-0.0000001"], "out_of_range/duration_ms"),
        FieldRuleCase(["duration_ms": "\"12\""], "bad_type/duration_ms"),
        FieldRuleCase(["duration_ms": "true"], "bad_type/duration_ms"),
        FieldRuleCase(["duration_ms": nil], "missing_field/duration_ms"),
        FieldRuleCase(["duration_ms": "null"], "missing_field/duration_ms"),
    ]

    static let regionCases: [FieldRuleCase] = [
        FieldRuleCase(["region": nil], "valid"),
        FieldRuleCase(["region": "null"], "valid"),
        FieldRuleCase(["region": quoted("KZ-75")], "valid"),
        FieldRuleCase(["region": quoted("KZ-AKM")], "valid"),
        FieldRuleCase(["region": quoted("KZ-1")], "out_of_range/region"),
        FieldRuleCase(["region": quoted("KZ-ABCD")], "out_of_range/region"),
        FieldRuleCase(["region": quoted("kz-ala")], "out_of_range/region"),
        FieldRuleCase(["region": quoted("KZ_ALA")], "out_of_range/region"),
        FieldRuleCase(["region": quoted("RU-ALA")], "out_of_range/region"),
        FieldRuleCase(["region": quoted("KZ-Ala")], "out_of_range/region"),
        FieldRuleCase(["region": quoted("")], "out_of_range/region"),
        FieldRuleCase(["region": "75"], "bad_type/region"),
    ]

    static let channelCases: [FieldRuleCase] = [
        FieldRuleCase(["channel": nil], "valid"),
        FieldRuleCase(["channel": quoted("mobile")], "valid"),
        FieldRuleCase(["channel": quoted("office")], "valid"),
        FieldRuleCase(["channel": quoted("web")], "out_of_range/channel"),
        FieldRuleCase(["channel": quoted("Online")], "out_of_range/channel"),
        FieldRuleCase(["channel": quoted("online2")], "out_of_range/channel"),
        FieldRuleCase(["channel": "1"], "bad_type/channel"),
    ]

    static let amountCases: [FieldRuleCase] = [
        FieldRuleCase(["amount": nil], "valid"),
        FieldRuleCase(["amount": "null"], "valid"),
        FieldRuleCase(["amount": "0"], "valid"),
        FieldRuleCase(["amount": "-0"], "valid"),
        FieldRuleCase(["amount": "-0.000"], "valid"),
        FieldRuleCase(["amount": "1.500"], "valid"),
        FieldRuleCase(["amount": "1e-2"], "valid"),
        FieldRuleCase(["amount": "0e999999999999"], "valid"),
        FieldRuleCase(["amount": "92233720368547758.07"], "valid"),
        FieldRuleCase(["amount": "92233720368547758.08"], "out_of_range/amount"),
        FieldRuleCase(["amount": "1e17"], "out_of_range/amount"),
        FieldRuleCase(["amount": "1.005"], "out_of_range/amount"),
        FieldRuleCase(["amount": "1e-3"], "out_of_range/amount"),
        FieldRuleCase(["amount": "1e-999999999999"], "out_of_range/amount"),
        FieldRuleCase(["amount": "-1"], "out_of_range/amount"),
        FieldRuleCase(["amount": "-0.01"], "out_of_range/amount"),
        FieldRuleCase(["amount": "\"1.50\""], "bad_type/amount"),
        FieldRuleCase(["amount": "{}"], "bad_type/amount"),
    ]

    static let applicantCases: [FieldRuleCase] = [
        FieldRuleCase(["applicant": nil], "valid"),
        FieldRuleCase(["applicant": quoted(repeated("9", 128))], "valid"),
        FieldRuleCase(["applicant": quoted(repeated("9", 129))], "out_of_range/applicant"),
        FieldRuleCase(["applicant": quoted("")], "out_of_range/applicant"),
        FieldRuleCase(["applicant": "123456789012"], "bad_type/applicant"),
    ]

    static let sourceCases: [FieldRuleCase] = [
        FieldRuleCase(["src": nil], "valid"),
        FieldRuleCase(["src": quoted(repeated("g", 64))], "valid"),
        FieldRuleCase(["src": quoted(repeated("g", 65))], "out_of_range/src"),
        FieldRuleCase(["src": quoted("")], "out_of_range/src"),
        FieldRuleCase(["src": "1"], "bad_type/src"),
    ]

    static let sequenceCases: [FieldRuleCase] = [
        FieldRuleCase(["seq": nil], "valid"),
        FieldRuleCase(["seq": "0"], "valid"),
        FieldRuleCase(["seq": "-0"], "valid"),
        FieldRuleCase(["seq": "9223372036854775807"], "valid"),
        FieldRuleCase(["seq": "9223372036854775808"], "out_of_range/seq"),
        FieldRuleCase(["seq": "18446744073709551616"], "out_of_range/seq"),
        FieldRuleCase(["seq": "-1"], "out_of_range/seq"),
        FieldRuleCase(["seq": "1.0"], "bad_type/seq"),
        FieldRuleCase(["seq": "1e2"], "bad_type/seq"),
        FieldRuleCase(["seq": "\"1\""], "bad_type/seq"),
    ]

    @Test("id", arguments: idCases)
    func id(_ example: FieldRuleCase) { check(example) }

    @Test("ts", arguments: timestampCases)
    func timestamp(_ example: FieldRuleCase) { check(example) }

    @Test("domain", arguments: domainCases)
    func domain(_ example: FieldRuleCase) { check(example) }

    @Test("service", arguments: serviceCases)
    func service(_ example: FieldRuleCase) { check(example) }

    @Test("status", arguments: statusCases)
    func status(_ example: FieldRuleCase) { check(example) }

    @Test("duration_ms", arguments: durationCases)
    func duration(_ example: FieldRuleCase) { check(example) }

    @Test("region", arguments: regionCases)
    func region(_ example: FieldRuleCase) { check(example) }

    @Test("channel", arguments: channelCases)
    func channel(_ example: FieldRuleCase) { check(example) }

    @Test("amount", arguments: amountCases)
    func amount(_ example: FieldRuleCase) { check(example) }

    @Test("applicant", arguments: applicantCases)
    func applicant(_ example: FieldRuleCase) { check(example) }

    @Test("src", arguments: sourceCases)
    func source(_ example: FieldRuleCase) { check(example) }

    @Test("seq", arguments: sequenceCases)
    func sequence(_ example: FieldRuleCase) { check(example) }

    private func check(_ example: FieldRuleCase) {
        let line = EventFixture.event(example.replacing)
        #expect(decodedVerdict(line) == example.expected, "\(line)")
    }
}
