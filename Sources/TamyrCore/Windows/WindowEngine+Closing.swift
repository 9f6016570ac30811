extension WindowEngine {
    /// Assembles window `k` of spec `spec` from its panes, folds groups beyond
    /// the cap, and queues its records: per domain (configuration order) the
    /// domain record, then each published breakdown with its values sorted by
    /// name; then `kpi.all`.
    mutating func emit(spec: Int, window k: Int64) {
        let window = settings.windows[spec]
        let classIndex = classOfSpec[spec]
        let start = k * window.everyMillis
        let end = k + window.sizeMillis / window.everyMillis
        var assembled = PaneBlock()
        var index = k
        // The panes merged after the last close (see Deferred work), moved out, not copied.
        if var partial = partials[spec].take(), partial.window == k {
            swap(&assembled, &partial.merged)
            index = partial.through
        }
        if sliding[spec] != nil {
            // A constant number of merges per window (see SlidingWindowAggregate).
            assembled = sliding[spec]!.window(k, panes: classes[classIndex].panes)
            index = end
        }
        absorbPanes(index ..< end, of: classIndex, into: &assembled)
        var merged: [GroupKey: KPIAccumulator] = [:]
        var serviceNames: [UInt64: String] = [:]
        swap(&merged, &assembled.groups)
        swap(&serviceNames, &assembled.serviceNames)
        guard !merged.isEmpty else { return }
        foldedBySpec[spec] += fold(&merged)
        // Alert records follow the window's KPI records, so a consumer has the figures first.
        defer {
            alerts.windowClosed(
                spec: spec, window: k, accumulators: { $0 < 0 ? merged[.all] : merged[.domain(UInt8($0))] }, into: &outbox)
        }
        // Declared after the alerts' (defers run last first): counts the KPI records only.
        let recordsBefore = outbox.count
        defer {
            publishedBySpec[spec].windows += 1
            publishedBySpec[spec].records += UInt64(outbox.count - recordsBefore)
        }

        let name = windowNames[spec]
        let context = KPIRecordWriter.Window(name: name, startMillis: start, sizeMillis: window.sizeMillis)
        var allServices: [String: UInt64] = [:]
        for (index, domainName) in settings.domains.enumerated() {
            let domain = UInt8(index)
            guard let total = merged[.domain(domain)] else { continue }
            var services: [(name: String, key: GroupKey)] = []
            for key in merged.keys where key.domain == domain && key.dimension == .service {
                services.append((key.value == GroupKey.otherValue ? "other" : serviceNames[key.value] ?? "?", key))
            }
            services.sort { $0.name < $1.name }
            var top: [(String, UInt64)] = services.map { ($0.name, merged[$0.key]!.count) }
            for (service, count) in top { allServices[service, default: 0] += count }
            top = Self.topFive(top)
            append(writer.record(
                topic: "kpi.\(domainName).\(name)", window: context,
                group: [("domain", domainName)], total, slaMicros: nil, topServices: top))
            for dimension in settings.breakdowns {
                let topic = "kpi.\(domainName).\(name).\(dimension.name)"
                var groups: [(name: String, key: GroupKey)] = []
                switch dimension {
                case .service: groups = services
                case .region, .channel:
                    for key in merged.keys where key.domain == domain && key.dimension == dimension {
                        groups.append((Self.valueName(key), key))
                    }
                    groups.sort { $0.name < $1.name }
                case .none: continue
                }
                for group in groups {
                    var sla: Int64?? = nil
                    if dimension == .service {
                        // The service's own target: its own, else its domain's, else the default.
                        // `other` is named like a service and gets the same rule.
                        let hash = group.key.value == GroupKey.otherValue ? Self.otherServiceHash : group.key.value
                        sla = .some(
                            settings.slaServiceMicros[hash] ?? settings.slaDomainMicros[index] ?? settings.slaDefaultMicros
                        )
                    }
                    append(writer.record(
                        topic: topic, window: context,
                        group: [("domain", domainName), (dimension.name, group.name)],
                        merged[group.key]!, slaMicros: sla, topServices: nil), series: group.name)
                }
            }
        }
        if let all = merged[.all] {
            let top = Self.topFive(allServices.map { ($0.key, $0.value) })
            append(writer.record(
                topic: "kpi.all.\(name)", window: context, group: [("domain", "all")], all, slaMicros: nil,
                topServices: top))
        }
    }

    /// Adds panes `panes` of class `classIndex` to `assembled`: whole blocks inside the
    /// range come merged already (see PaneBlock), the other panes one by one.
    ///
    /// Blocks first: a group's first merge shares its source's table and the next copies it,
    /// which for a block's table (never compacted) is a memory copy, and for an ended pane's
    /// compacted table a rehash (``Pane/compactDistinctCounters()``).
    mutating func absorbPanes(_ panes: Range<Int64>, of classIndex: Int, into assembled: inout PaneBlock) {
        let blockSize = classes[classIndex].blockSize
        var firstWhole = panes.upperBound
        var endWhole = panes.upperBound
        if blockSize > 1 {
            firstWhole = floorDivide(panes.lowerBound + blockSize - 1, blockSize) * blockSize
            endWhole = max(firstWhole, floorDivide(panes.upperBound, blockSize) * blockSize)
            for start in stride(from: firstWhole, to: endWhole, by: Int(blockSize)) {
                assembled.absorb(block(floorDivide(start, blockSize), of: classIndex))
            }
        }
        for index in panes where index < firstWhole || index >= endWhole {
            if let pane = classes[classIndex].panes[index] { assembled.absorb(pane) }
        }
    }

    /// Block `number` of class `classIndex`, built from its panes the first time.
    mutating func block(_ number: Int64, of classIndex: Int) -> PaneBlock {
        if let built = classes[classIndex].blocks[number] { return built }
        var block = PaneBlock()
        let size = classes[classIndex].blockSize
        for pane in number * size ..< (number + 1) * size {
            if let pane = classes[classIndex].panes[pane] { block.absorb(pane) }
        }
        // Built from ended panes only (PaneBlock), so kept for late events and merges alone.
        block.compactDistinctCounters()
        classes[classIndex].blocks[number] = block
        return block
    }

    /// Folds, per domain and dimension, the groups beyond `maxGroups` (in order
    /// of first arrival) into the `other` group. Returns the events now in
    /// `other` groups.
    private func fold(_ merged: inout [GroupKey: KPIAccumulator]) -> UInt64 {
        var byFamily: [UInt16: [GroupKey]] = [:]
        for key in merged.keys where key.dimension != .none && key.domain != GroupKey.allDomains && key.value != GroupKey.otherValue {
            byFamily[UInt16(key.domain) << 8 | UInt16(key.dimension.rawValue), default: []].append(key)
        }
        for (_, keys) in byFamily where keys.count > settings.maxGroups {
            let ordered = keys.sorted { merged[$0]!.firstArrival < merged[$1]!.firstArrival }
            for key in ordered[settings.maxGroups...] {
                let other = GroupKey(domain: key.domain, dimension: key.dimension, value: GroupKey.otherValue)
                merged[other, default: KPIAccumulator()].merge(merged.removeValue(forKey: key)!)
            }
        }
        var folded: UInt64 = 0
        for (key, accumulator) in merged where key.value == GroupKey.otherValue { folded += accumulator.count }
        return folded
    }

    static let otherServiceHash = ServiceHash.hash("other")

    /// Count descending, ties by name ascending, at most five.
    static func topFive(_ services: [(String, UInt64)]) -> [(String, UInt64)] {
        Array(services.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.prefix(5))
    }

    static func valueName(_ key: GroupKey) -> String {
        if key.value == GroupKey.otherValue { return "other" }
        switch key.dimension {
        case .region: return RegionCode.name(key.value)
        case .channel: return Channel(rawValue: UInt8(truncatingIfNeeded: key.value))?.name ?? "unknown"
        case .service, .none: return ""
        }
    }

    /// Queues a written record for ``drainRecords(_:)``; `series` as in ``Record``.
    private mutating func append(_ record: (topic: String, payload: [UInt8]), series: String = "") {
        outbox.append((record.topic, series, record.payload))
    }
}
