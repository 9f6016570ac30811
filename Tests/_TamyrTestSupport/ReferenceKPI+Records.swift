package import Foundation

/// One KPI record the reference expects, with the exact values behind each
/// field (contract section 4); `compare` applies the contract's tolerances.
package struct ExpectedRecord: Sendable {
    /// What identifies a record on the wire: topic, window start and the group's
    /// breakdown value ("" for domain and all-domain records).
    package struct Key: Hashable, Sendable, CustomStringConvertible {
        package var topic: String
        package var start: String
        package var groupValue: String

        package init(topic: String, start: String, groupValue: String) {
            self.topic = topic
            self.start = start
            self.groupValue = groupValue
        }

        package var description: String { "\(topic) \(start)" + (groupValue.isEmpty ? "" : " [\(groupValue)]") }
    }

    package struct TopService: Equatable, Sendable, CustomStringConvertible {
        package var service: String
        package var count: Int

        package init(service: String, count: Int) {
            self.service = service
            self.count = count
        }

        package var description: String { "\(service): \(count)" }
    }

    package var topic: String
    package var window: String
    package var startMillis: Int64
    package var endMillis: Int64
    /// "domain" and, in breakdown records, the dimension and its (folded) value.
    package var group: [String: String]
    /// The breakdown dimension, nil for domain and all-domain records.
    package var dimension: String?
    package var count = 0
    package var ok = 0
    package var failed = 0
    package var rejected = 0
    package var sizeMillis: Int64
    /// Every duration in the group, in microseconds, sorted ascending.
    package var durationsMicros: [Int64] = []
    /// Only in per-service records: the group's service target, when it has one.
    package var slaMillis: Int64?
    /// Events with a target, and those within it.
    package var slaWithTarget = 0
    package var slaMet = 0
    /// Events with channel online or mobile, and with any known channel.
    package var digital = 0
    package var channelKnown = 0
    package var amountSumTiyn: Decimal = 0
    package var amountCount = 0
    package var distinctApplicants = 0
    package var anyApplicant = false
    /// Only in per-domain and all-domain records.
    package var topServices: [TopService]?

    package var key: Key {
        Key(topic: topic, start: start, groupValue: dimension.flatMap { group[$0] } ?? "")
    }

    package var start: String { ReferenceTime.rfc3339(millis: startMillis) }
    package var end: String { ReferenceTime.rfc3339(millis: endMillis) }

    package var successRatio: Decimal { Decimal(ok) / Decimal(count) }
    package var ratePerSecond: Decimal { Decimal(count) * 1_000 / Decimal(sizeMillis) }
    package var meanMillis: Decimal { durationsMicros.reduce(Decimal(0)) { $0 + Decimal($1) } / Decimal(count) / 1_000 }
    package var maxMillis: Decimal { Decimal(durationsMicros.last!) / 1_000 }

    /// The exact nearest-rank value: the duration at rank ceil(q × count), 1-based, sorted ascending.
    package func percentileMillis(percent: Int) -> Decimal {
        let rank = max(1, (percent * count + 99) / 100)
        return Decimal(durationsMicros[rank - 1]) / 1_000
    }

    package var slaRatio: Decimal? { slaWithTarget == 0 ? nil : Decimal(slaMet) / Decimal(slaWithTarget) }
    package var digitalShare: Decimal? { channelKnown == 0 ? nil : Decimal(digital) / Decimal(channelKnown) }
    package var amountSum: Decimal? { amountCount == 0 ? nil : amountSumTiyn / 100 }
    package var amountMean: Decimal? { amountCount == 0 ? nil : amountSumTiyn / 100 / Decimal(amountCount) }
    package var uniqueApplicants: Int? { anyApplicant ? distinctApplicants : nil }
}

/// Builds the records of one closed window from its events.
package enum ReferenceRecords {
    package static let dimensions = ["service", "region", "channel"]

    package static func value(of event: ReferenceEvent, _ dimension: String) -> String {
        switch dimension {
        case "service": event.service
        case "region": event.region
        default: event.channel
        }
    }

    /// The group value of each event (same order) for one dimension: the first
    /// `maxGroups` distinct values, in order of first arrival, keep their own;
    /// every further value becomes "other".
    package static func folded(_ events: [ReferenceEvent], _ dimension: String, maxGroups: Int?) -> [String] {
        var kept: [String] = []
        return events.map { event in
            let value = value(of: event, dimension)
            if kept.contains(value) { return value }
            if let maxGroups, kept.count >= maxGroups { return "other" }
            kept.append(value)
            return value
        }
    }

    /// The window's records in publication order (docs/protocol.md section 3): per
    /// configured domain with events, its record then its breakdowns (dimensions in
    /// configuration order, values sorted by name), then the all-domain record.
    package static func records(
        window: ReferenceConfig.Window, startMillis: Int64, events: [ReferenceEvent], config: ReferenceConfig
    ) -> [ExpectedRecord] {
        let name = window.name
        let endMillis = startMillis + window.sizeMillis
        func record(_ topic: String, _ group: [String: String], _ dimension: String?, _ members: [ReferenceEvent]) -> ExpectedRecord {
            var record = ExpectedRecord(
                topic: topic, window: name, startMillis: startMillis, endMillis: endMillis, group: group, dimension: dimension,
                sizeMillis: window.sizeMillis
            )
            fill(&record, members, config: config)
            return record
        }
        var records: [ExpectedRecord] = []
        var allServiceCounts: [String: Int] = [:]
        for domain in config.domains {
            let members = events.filter { $0.domain == domain }
            guard !members.isEmpty else { continue }
            let services = folded(members, "service", maxGroups: config.maxGroups)
            var domainRecord = record("kpi.\(domain).\(name)", ["domain": domain], nil, members)
            let serviceCounts = Dictionary(services.map { ($0, 1) }, uniquingKeysWith: +)
            domainRecord.topServices = top(serviceCounts)
            for (service, count) in serviceCounts { allServiceCounts[service, default: 0] += count }
            records.append(domainRecord)
            for dimension in config.breakdowns {
                let values = folded(members, dimension, maxGroups: config.maxGroups)
                var groups: [String: [ReferenceEvent]] = [:]
                for (event, value) in zip(members, values) { groups[value, default: []].append(event) }
                for value in groups.keys.sorted() {
                    var breakdown = record(
                        "kpi.\(domain).\(name).\(dimension)", ["domain": domain, dimension: value], dimension, groups[value]!
                    )
                    if dimension == "service" { breakdown.slaMillis = config.slaTarget(service: value, domain: domain) }
                    records.append(breakdown)
                }
            }
        }
        var all = record("kpi.all.\(name)", ["domain": "all"], nil, events)
        all.topServices = top(allServiceCounts)
        records.append(all)
        return records
    }

    /// Up to 5 services, count descending, ties by name ascending.
    package static func top(_ counts: [String: Int]) -> [ExpectedRecord.TopService] {
        counts.map { ExpectedRecord.TopService(service: $0.key, count: $0.value) }
            .sorted { ($0.count, $1.service) > ($1.count, $0.service) }
            .prefix(5).map { $0 }
    }

    private static func fill(_ record: inout ExpectedRecord, _ events: [ReferenceEvent], config: ReferenceConfig) {
        var applicants: Set<[UInt8]> = []
        for event in events {
            record.count += 1
            switch event.status {
            case "ok": record.ok += 1
            case "failed": record.failed += 1
            default: record.rejected += 1
            }
            record.durationsMicros.append(event.durationMicros)
            if let target = config.slaTarget(service: event.service, domain: event.domain) {
                record.slaWithTarget += 1
                // duration (µs) <= target (ms), compared exactly
                if event.durationMicros <= target * 1_000 { record.slaMet += 1 }
            }
            if event.channel != "unknown" { record.channelKnown += 1 }
            if event.channel == "online" || event.channel == "mobile" { record.digital += 1 }
            if let amount = event.amountTiyn {
                record.amountCount += 1
                record.amountSumTiyn += Decimal(amount)
            }
            if let applicant = event.applicant {
                record.anyApplicant = true
                applicants.insert(applicant)
            }
        }
        record.durationsMicros.sort()
        record.distinctApplicants = applicants.count
    }
}
