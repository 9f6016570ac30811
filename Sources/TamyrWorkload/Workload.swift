/// A seeded, deterministic stream of synthetic e-government service transactions, written as
/// the JSON events of wire contract section 2.
///
/// Contracts:
/// - Determinism: two workloads built from equal options and given the same sequence of
///   `nowMillis` values append byte-identical lines, on every run and platform.
/// - The module never reads a clock: event times are derived from the caller's `nowMillis`.
/// - A valid event satisfies every rule of contract section 2 with the configured domains.
///   Its `ts` lies in `[now - maxDisorder, now]`, or in `[now - 10 min, now - 30 s]` for the
///   `lateFraction` share of late events.
/// - An invalid event breaks exactly the rule named by its `InvalidKind` and no other.
/// - Each call appends one line without a trailing newline and allocates nothing on the heap
///   beyond the growth of the caller's buffer: every fixed string is rendered (and
///   JSON-escaped) once in `init`, numbers are written digit by digit.
package struct Workload: Sendable {
    /// The options this workload was built from.
    package let options: WorkloadOptions
    /// How many events have been generated so far (valid and invalid).
    package private(set) var generatedCount: Int64 = 0

    private var generator: SeededGenerator
    private let domains: [DomainTable]
    private let domainWeights: WeightedTable
    /// A quoted domain name guaranteed not to be among the configured ones.
    private let unknownDomain: [UInt8]
    private let regions: [[UInt8]]
    private let regionWeights: WeightedTable
    private let channels: [[UInt8]]
    private let channelWeights: WeightedTable
    /// Escaped id prefix without quotes, e.g. `gen-1-` or `<src>-`; the event number follows.
    private let idPrefix: [UInt8]
    /// The quoted `src` value, when configured.
    private let source: [UInt8]?
    private let applicants: ApplicantPopulation
    private let maxDisorderMs: Int64
    private let futureSkewMs: Int64
    /// Complete `"key":value` fragments for the occasional unknown field.
    private let extras: [[UInt8]]

    /// A configured domain, pre-rendered.
    private struct DomainTable: Sendable {
        let name: [UInt8]
        let services: [ServiceTable]
        let serviceWeights: WeightedTable
    }

    /// A service, pre-rendered, with its behaviour.
    private struct ServiceTable: Sendable {
        let name: [UInt8]
        /// The same name with its first letter in uppercase, for out-of-range events.
        let uppercaseName: [UInt8]
        let model: ServiceCatalog.Service
    }

    /// Builds the tables for `options`. Traps when `options.problems` is not empty.
    package init(options: WorkloadOptions) {
        precondition(options.problems.isEmpty, "invalid WorkloadOptions: \(options.problems)")
        self.options = options
        self.generator = SeededGenerator(seed: options.seed)

        var domainTables: [DomainTable] = []
        var weights: [UInt64] = []
        for name in options.domains {
            let catalog = ServiceCatalog.domain(named: name)
            let services = catalog.services.map { service in
                ServiceTable(name: JSONText.quoted(service.name),
                             uppercaseName: JSONText.quoted(Self.capitalized(service.name)),
                             model: service)
            }
            // Zipf-like popularity: the service of rank k gets weight 1000 / k.
            let popularity = (1...services.count).map { UInt64(1000 / $0) }
            domainTables.append(DomainTable(name: JSONText.quoted(name), services: services,
                                            serviceWeights: WeightedTable(weights: popularity)))
            weights.append(catalog.weight)
        }
        self.domains = domainTables
        self.domainWeights = WeightedTable(weights: weights)

        var unknown = "space"
        var suffix = 1
        while options.domains.contains(unknown) {
            unknown = "space-\(suffix)"
            suffix += 1
        }
        self.unknownDomain = JSONText.quoted(unknown)

        self.regions = KazakhstanRegions.weighted.map { JSONText.quoted($0.code) }
        self.regionWeights = WeightedTable(weights: KazakhstanRegions.weighted.map(\.weight))
        self.channels = ["online", "mobile", "office"].map(JSONText.quoted)
        self.channelWeights = WeightedTable(weights: [45, 40, 15])

        var prefix: [UInt8] = []
        if let source = options.source {
            JSONText.appendEscapedContents(source.utf8, to: &prefix)
            self.source = JSONText.quoted(source)
        } else {
            // Without a producer id the seed tells concurrent generators' ids apart.
            JSONText.appendStatic("gen-", to: &prefix)
            JSONText.appendHex(options.seed, digits: Self.hexDigits(options.seed), to: &prefix)
            self.source = nil
        }
        prefix.append(UInt8(ascii: "-"))
        self.idPrefix = prefix

        self.applicants = ApplicantPopulation(size: options.applicantPopulation)
        self.maxDisorderMs = max(0, options.maxDisorder.wholeMilliseconds)
        self.futureSkewMs = max(0, options.futureSkew.wholeMilliseconds)
        self.extras = Self.renderExtras()
    }

    /// Appends one event as a single JSON line WITHOUT a trailing newline to `buffer`, event
    /// time near `nowMillis` (epoch ms, supplied by the caller: the module never reads a
    /// clock). Returns what was generated.
    @discardableResult
    package mutating func appendEvent(nowMillis: Int64, to buffer: inout [UInt8]) -> GeneratedEvent {
        let number = options.firstSeq &+ generatedCount
        generatedCount &+= 1

        var kind: InvalidKind?
        if options.invalidFraction > 0, generator.chance(options.invalidFraction) {
            kind = options.invalidKinds[Int(generator.below(UInt64(options.invalidKinds.count)))]
        }

        var draft = makeDraft(number: number, nowMillis: nowMillis)
        var fault = Fault.none
        switch kind {
        case nil:
            if options.extraFieldFraction > 0, generator.chance(options.extraFieldFraction) {
                draft.extra = Int(generator.below(UInt64(extras.count)))
            }
        case .malformedJSON?:
            fault = .malformed(.draw(using: &generator))
        case .missingField?:
            fault = .omit(.draw(using: &generator))
        case .badType?:
            fault = .badType(.draw(using: &generator))
        case .outOfRange?:
            fault = .outOfRange(.draw(using: &generator))
        case .unknownDomain?:
            fault = .unknownDomain
        case .futureTs?:
            fault = .futureTimestamp
            draft.timestampMillis = nowMillis &+ futureSkewMs &+ 3_600_000 &+ generator.int(in: 0...60_000)
            draft.isLate = false
        }

        let start = buffer.count
        write(draft, fault: fault, to: &buffer)
        if case .malformed(let variant) = fault {
            breakSyntax(of: &buffer, lineStart: start, variant: variant)
        }

        return GeneratedEvent(
            invalid: kind,
            seq: source == nil ? nil : number,
            timestampMillis: draft.timestampMillis,
            isLate: draft.isLate,
            amountTiyn: fault.keepsAmount ? draft.amountTiyn : nil,
            durationMicros: fault.keepsDuration ? draft.durationMicros : nil,
            variant: fault.description
        )
    }

    // MARK: - Drawing an event

    private enum Status: Int {
        case ok, failed, rejected
    }

    /// All the values of one event before it is written.
    private struct Draft {
        var number: Int64
        var timestampMillis: Int64
        var isLate: Bool
        /// `nil` for epoch milliseconds, else the RFC 3339 offset east of UTC in minutes.
        var rfc3339Offset: Int64?
        var domain: Int
        var service: Int
        var status: Status
        var durationMicros: Int64
        var durationDecimals: Int
        var region: Int?
        var channel: Int?
        var amountTiyn: Int64?
        var amountDecimals: Int
        var applicant: UInt64?
        var extra: Int?
        /// Write `"key": value, ` with spaces, as pretty-ish producers do.
        var spaced: Bool
    }

    private mutating func makeDraft(number: Int64, nowMillis: Int64) -> Draft {
        var timestamp = nowMillis &- generator.int(in: 0...maxDisorderMs)
        let late = options.lateFraction > 0 && generator.chance(options.lateFraction)
        if late { timestamp = nowMillis &- generator.int(in: 30_000...600_000) }

        let rfc3339: Bool
        switch options.timestampStyle {
        case .epochMillis: rfc3339 = false
        case .rfc3339: rfc3339 = true
        case .mixed: rfc3339 = generator.chance(0.1)
        }
        var offset: Int64?
        if rfc3339 {
            // Kazakhstan has used UTC+5 nationwide since 2024; older systems still send +06:00.
            let pick = generator.below(100)
            offset = pick < 30 ? 0 : pick < 85 ? 300 : 360
        }

        let domainIndex = domainWeights.sample(using: &generator)
        let domain = domains[domainIndex]
        let serviceIndex = domain.serviceWeights.sample(using: &generator)
        let model = domain.services[serviceIndex].model

        let outcome = generator.below(10_000)
        let status: Status = outcome < model.failedBasisPoints ? .failed
            : outcome < model.failedBasisPoints + model.rejectedBasisPoints ? .rejected : .ok

        var durationMs = DeterministicMath.logNormal(median: model.medianMs, sigma: model.sigma,
                                                     using: &generator)
        // Failures are often timeouts, so they run longer; rejections stop at a check, early.
        switch status {
        case .ok: break
        case .failed: durationMs *= 2.2
        case .rejected: durationMs *= 0.7
        }
        // Capped at 10 minutes: far inside the 24 h limit, beyond any plausible real call.
        let micros = Int64(min(max(durationMs, 0), 600_000) * 1000)
        let decimalsPick = generator.below(100)
        let decimals = decimalsPick < 55 ? 0 : decimalsPick < 70 ? 1 : decimalsPick < 85 ? 2 : 3
        let unit = Self.powerOfTen(3 - decimals)
        // Round to the printed precision so `durationMicros` equals the printed value.
        let durationMicros = (micros + unit / 2) / unit * unit

        let region = generator.chance(0.02) ? nil : regionWeights.sample(using: &generator)
        let channel = generator.chance(0.03) ? nil : channelWeights.sample(using: &generator)

        var amountTiyn: Int64?
        var amountDecimals = 2
        if let amount = model.amount {
            let tenge = DeterministicMath.logNormal(median: amount.medianTenge, sigma: amount.sigma,
                                                    using: &generator)
            let minimum = amount.minimumTenge * 100
            let maximum = amount.maximumTenge * 100
            var tiyn = min(max(Int64(min(tenge, 1e15) * 100), minimum), maximum)
            if generator.below(10_000) < amount.wholeTengeBasisPoints { tiyn = tiyn / 100 * 100 }
            // Whole amounts are written either `12500` or `12500.00`; others always with 2 digits.
            if tiyn % 100 == 0 && generator.chance(0.5) { amountDecimals = 0 }
            amountTiyn = tiyn
        }

        let applicant = generator.below(10_000) < model.applicantBasisPoints
            ? applicants.draw(using: &generator) : nil

        return Draft(
            number: number, timestampMillis: timestamp, isLate: late, rfc3339Offset: offset,
            domain: domainIndex, service: serviceIndex, status: status,
            durationMicros: durationMicros, durationDecimals: decimals,
            region: region, channel: channel, amountTiyn: amountTiyn, amountDecimals: amountDecimals,
            applicant: applicant, extra: nil, spaced: generator.chance(0.02)
        )
    }

    // MARK: - Writing an event

    /// Appends `draft` as one JSON object, with `fault` applied to the one field it concerns.
    private mutating func write(_ draft: Draft, fault: Fault, to buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "{"))
        var first = true

        if !fault.omits(.id) {
            key(",\"id\":", &first, draft.spaced, &buffer)
            if fault.matches(.badType(.idAsNumber)) {
                JSONText.appendInteger(draft.number, to: &buffer)
            } else {
                buffer.append(UInt8(ascii: "\""))
                buffer.append(contentsOf: idPrefix)
                JSONText.appendInteger(draft.number, to: &buffer)
                buffer.append(UInt8(ascii: "\""))
            }
        }

        if !fault.omits(.ts) {
            key(",\"ts\":", &first, draft.spaced, &buffer)
            if fault.matches(.badType(.tsAsBoolean)) {
                JSONText.appendStatic("true", to: &buffer)
            } else if let offset = draft.rfc3339Offset {
                CivilTime.appendRFC3339(millis: draft.timestampMillis, offsetMinutes: offset, to: &buffer)
            } else {
                JSONText.appendInteger(draft.timestampMillis, to: &buffer)
            }
        }

        let domain = domains[draft.domain]
        let service = domain.services[draft.service]
        if !fault.omits(.domain) {
            key(",\"domain\":", &first, draft.spaced, &buffer)
            if fault.matches(.badType(.domainAsNumber)) {
                JSONText.appendInteger(Int64(draft.domain + 1), to: &buffer)
            } else if fault.matches(.unknownDomain) {
                buffer.append(contentsOf: unknownDomain)
            } else {
                buffer.append(contentsOf: domain.name)
            }
        }

        if !fault.omits(.service) {
            key(",\"service\":", &first, draft.spaced, &buffer)
            if fault.matches(.badType(.serviceAsArray)) {
                buffer.append(UInt8(ascii: "["))
                buffer.append(contentsOf: service.name)
                buffer.append(UInt8(ascii: "]"))
            } else if fault.matches(.outOfRange(.uppercaseService)) {
                buffer.append(contentsOf: service.uppercaseName)
            } else {
                buffer.append(contentsOf: service.name)
            }
        }

        if !fault.omits(.status) {
            key(",\"status\":", &first, draft.spaced, &buffer)
            if fault.matches(.badType(.statusAsNumber)) {
                // The HTTP-like codes older producers used instead of the status words.
                switch draft.status {
                case .ok: JSONText.appendStatic("200", to: &buffer)
                case .failed: JSONText.appendStatic("500", to: &buffer)
                case .rejected: JSONText.appendStatic("403", to: &buffer)
                }
            } else if fault.matches(.outOfRange(.statusMaybe)) {
                JSONText.appendStatic("\"maybe\"", to: &buffer)
            } else {
                switch draft.status {
                case .ok: JSONText.appendStatic("\"ok\"", to: &buffer)
                case .failed: JSONText.appendStatic("\"failed\"", to: &buffer)
                case .rejected: JSONText.appendStatic("\"rejected\"", to: &buffer)
                }
            }
        }

        if !fault.omits(.duration) {
            key(",\"duration_ms\":", &first, draft.spaced, &buffer)
            if fault.matches(.badType(.durationAsString)) {
                buffer.append(UInt8(ascii: "\""))
                JSONText.appendFixed(draft.durationMicros / Self.powerOfTen(3 - draft.durationDecimals),
                                     fractionDigits: draft.durationDecimals, to: &buffer)
                buffer.append(UInt8(ascii: "\""))
            } else if fault.matches(.outOfRange(.negativeDuration)) {
                // At least 1 ms below zero, so it can never print as -0.
                let magnitude = max(draft.durationMicros, 1000)
                JSONText.appendFixed(-magnitude / Self.powerOfTen(3 - draft.durationDecimals),
                                     fractionDigits: draft.durationDecimals, to: &buffer)
            } else if fault.matches(.outOfRange(.excessiveDuration)) {
                JSONText.appendInteger(86_400_001 + generator.int(in: 0...900_000_000), to: &buffer)
            } else {
                JSONText.appendFixed(draft.durationMicros / Self.powerOfTen(3 - draft.durationDecimals),
                                     fractionDigits: draft.durationDecimals, to: &buffer)
            }
        }

        if fault.matches(.badType(.regionAsNumber)) {
            key(",\"region\":", &first, draft.spaced, &buffer)
            JSONText.appendInteger(Int64(draft.region ?? 0) + 1, to: &buffer)
        } else if let region = draft.region {
            key(",\"region\":", &first, draft.spaced, &buffer)
            buffer.append(contentsOf: regions[region])
        }

        if fault.matches(.badType(.channelAsNumber)) {
            key(",\"channel\":", &first, draft.spaced, &buffer)
            JSONText.appendInteger(Int64(draft.channel ?? 0) + 1, to: &buffer)
        } else if let channel = draft.channel {
            key(",\"channel\":", &first, draft.spaced, &buffer)
            buffer.append(contentsOf: channels[channel])
        }

        if fault.needsAmount {
            // Amount faults apply to any service: amount is optional, so adding a broken one
            // to a non-payment event breaks only the amount rule.
            let tiyn = draft.amountTiyn ?? generator.int(in: 10_000...5_000_000)
            key(",\"amount\":", &first, draft.spaced, &buffer)
            if fault.matches(.badType(.amountAsString)) {
                buffer.append(UInt8(ascii: "\""))
                JSONText.appendFixed(tiyn, fractionDigits: 2, to: &buffer)
                buffer.append(UInt8(ascii: "\""))
            } else if fault.matches(.outOfRange(.negativeAmount)) {
                JSONText.appendFixed(-max(tiyn, 1), fractionDigits: 2, to: &buffer)
            } else {
                // Three decimals with the last one non-zero, e.g. 1.005: not a whole tiyn.
                JSONText.appendFixed(tiyn * 10 + generator.int(in: 1...9), fractionDigits: 3, to: &buffer)
            }
        } else if let tiyn = draft.amountTiyn {
            key(",\"amount\":", &first, draft.spaced, &buffer)
            if draft.amountDecimals == 0 {
                JSONText.appendInteger(tiyn / 100, to: &buffer)
            } else {
                JSONText.appendFixed(tiyn, fractionDigits: 2, to: &buffer)
            }
        }

        if let applicant = draft.applicant {
            key(",\"applicant\":", &first, draft.spaced, &buffer)
            applicants.appendID(of: applicant, to: &buffer)
        }

        if let source {
            key(",\"src\":", &first, draft.spaced, &buffer)
            buffer.append(contentsOf: source)
            key(",\"seq\":", &first, draft.spaced, &buffer)
            JSONText.appendInteger(draft.number, to: &buffer)
        }

        if let extra = draft.extra {
            separator(&first, draft.spaced, &buffer)
            if extra == 0 {
                // A fresh trace id per event, as a tracing library would attach.
                JSONText.appendStatic("\"trace\":\"", to: &buffer)
                JSONText.appendHex(generator.next(), digits: 16, to: &buffer)
                JSONText.appendHex(generator.next(), digits: 16, to: &buffer)
                buffer.append(UInt8(ascii: "\""))
            } else {
                buffer.append(contentsOf: extras[extra])
            }
        }

        buffer.append(UInt8(ascii: "}"))
    }

    /// Writes the separator before a member (nothing before the first one).
    @inline(__always)
    private func separator(_ first: inout Bool, _ spaced: Bool, _ buffer: inout [UInt8]) {
        if first {
            first = false
        } else {
            JSONText.appendStatic(spaced ? ", " : ",", to: &buffer)
        }
    }

    /// Writes a member name with its separator. `member` is the compact form `,"name":`
    /// (static ASCII needing no escaping), so the common case is a single append.
    @inline(__always)
    private func key(_ member: StaticString, _ first: inout Bool, _ spaced: Bool, _ buffer: inout [UInt8]) {
        member.withUTF8Buffer { bytes in
            if !spaced {
                buffer.append(contentsOf: first ? UnsafeBufferPointer(rebasing: bytes.dropFirst()) : bytes)
            } else {
                if !first { JSONText.appendStatic(", ", to: &buffer) }
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[1..<(bytes.count - 1)]))
                JSONText.appendStatic(": ", to: &buffer)
            }
        }
        first = false
    }

    /// Turns the well-formed object at `buffer[lineStart...]` into a line that is not JSON.
    private mutating func breakSyntax(of buffer: inout [UInt8], lineStart: Int, variant: MalformedVariant) {
        let length = buffer.count - lineStart
        switch variant {
        case .truncated:
            // Any proper prefix of an object lacks its closing brace, so none parses; keep at
            // least the `{` so the line is never empty (empty lines are skipped, not rejected).
            let keep = 1 + Int(generator.below(UInt64(length - 1)))
            buffer.removeLast(length - keep)
        case .missingQuote:
            // `{"id":...` becomes `{id":...`: a bare word where a member name must be.
            buffer.remove(at: lineStart + 1)
        case .trailingGarbage:
            switch generator.below(5) {
            case 0: JSONText.appendStatic("}", to: &buffer)
            case 1: JSONText.appendStatic(",", to: &buffer)
            case 2: JSONText.appendStatic(" garbage", to: &buffer)
            case 3: JSONText.appendStatic("{}", to: &buffer)
            default: JSONText.appendStatic("]", to: &buffer)
            }
        }
    }

    // MARK: - Helpers

    private static func powerOfTen(_ exponent: Int) -> Int64 {
        var result: Int64 = 1
        for _ in 0..<exponent { result *= 10 }
        return result
    }

    private static func hexDigits(_ value: UInt64) -> Int {
        max(1, (64 - value.leadingZeroBitCount + 3) / 4)
    }

    /// `name` with its first lowercase ASCII letter uppercased, or `X` prepended if it has
    /// none, so the result always breaks the `a-z 0-9 . _ -` rule and nothing else.
    private static func capitalized(_ name: String) -> String {
        var bytes = Array(name.utf8)
        if let index = bytes.firstIndex(where: { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) }) {
            bytes[index] -= 32
            return String(decoding: bytes, as: UTF8.self)
        }
        return "X" + name
    }

    /// The unknown fields, rendered once through the JSON escaper. Index 0 is a placeholder
    /// for the per-event trace id written in `write`.
    private static func renderExtras() -> [[UInt8]] {
        func member(_ name: String, _ value: [UInt8]) -> [UInt8] {
            JSONText.quoted(name) + [UInt8(ascii: ":")] + value
        }
        func raw(_ text: String) -> [UInt8] { Array(text.utf8) }
        return [
            [],
            member("client", raw("{") + member("app", JSONText.quoted("eGov Mobile")) + raw(",")
                + member("version", JSONText.quoted("5.3.1")) + raw(",")
                + member("os", JSONText.quoted("Android 14")) + raw("}")),
            // Kazakh text: multi-byte UTF-8 the daemon must skip without mangling.
            member("note", JSONText.quoted("Өтініш қабылданды")),
            // Quotes, a tab and backslashes: escapes the daemon's skipper must honour.
            member("comment", JSONText.quoted("operator wrote \"see scan\"\tC:\\scans\\0412.pdf")),
            member("attempt", raw("2")),
            member("tags", raw("[") + JSONText.quoted("egov") + raw(",1,true,null,{\"k\":[]}]")),
            member("geo", raw("{\"lat\":51.1694,\"lon\":71.4491}")),
        ]
    }
}
