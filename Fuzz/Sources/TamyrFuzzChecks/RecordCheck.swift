import TamyrCore

/// What must hold of the records a finished ``PipelineRun`` published.
enum RecordCheck {
    /// Checks, after ``PipelineRun/closeEverything()``:
    ///
    /// - every `kpi.all` record (each accepted event's values reach one unless
    ///   it is late), the first ``sampledRecords`` other records and the status
    ///   record are one JSON object each: Tamyr's own decoder (a full RFC 8259
    ///   parser) does not find them `malformed_json`. The other records differ
    ///   from those only in group names and subsets of the same values;
    ///   checking them all cost the fuzzer a third of its speed;
    /// - no window is left open;
    /// - every accepted event is counted once in each window of each spec that
    ///   contains it, or as late for that window: per spec, the `count` of its
    ///   `kpi.all.<window>` records plus its late count equals
    ///   accepted × (size / step).
    static func check(_ run: inout PipelineRun, _ label: String, into violations: inout [String]) {
        var parser = EventDecoder(domains: FuzzSettings.domains, maxFutureSkewMillis: 0)
        let status = run.statusRecord()
        var others = 0
        for (topic, payload) in run.records + [(StatusRecord.topic, status)] {
            if !topic.hasPrefix("kpi.all.") && topic != StatusRecord.topic {
                others += 1
                if others > sampledRecords { continue }
            }
            if !isJSONObject(payload, &parser) {
                violations.append("\(label): \(topic) is not JSON: \(String(decoding: payload, as: UTF8.self))")
            }
        }
        let open = run.pipeline.engine.openWindows
        if open != 0 { violations.append("\(label): \(open) windows open after the watermark passed every end") }

        let accepted = run.pipeline.accounting.totals.accepted
        let late = run.pipeline.engine.late
        for (index, spec) in run.configuration.windows.all.enumerated() {
            let topic = "kpi.all.\(spec.name)"
            var counted: UInt64 = 0
            for record in run.records where record.topic == topic {
                guard let count = integer(named: "count", in: record.payload) else {
                    violations.append("\(label): \(topic) has no count")
                    continue
                }
                counted += count
            }
            let expected = accepted * UInt64(spec.sizeMillis / spec.everyMillis)
            if counted + late[index].count != expected {
                violations.append(
                    "\(label): window \(spec.name) counted \(counted) and \(late[index].count) late; "
                        + "\(accepted) accepted events belong to \(expected) windows")
            }
        }
    }

    /// Records other than `kpi.all` and status checked for JSON syntax per run.
    static let sampledRecords = 32

    /// Whether `bytes` hold exactly one JSON object and nothing else.
    private static func isJSONObject(_ bytes: [UInt8], _ parser: inout EventDecoder) -> Bool {
        guard bytes.first == UInt8(ascii: "{"), !bytes.contains(0x0A) else { return false }
        var events = EventCollector()
        bytes.withUnsafeBytes { parser.decode($0, nowMillis: 0, into: &events) }
        return events.events.count == 1 && events.events[0].rejection != .malformedJSON
    }

    /// The value of the first top-level-looking member `"name":<digits>` in a
    /// record written by KPIRecordWriter (its keys are fixed and unescaped).
    private static func integer(named name: String, in payload: [UInt8]) -> UInt64? {
        let key = Array("\"\(name)\":".utf8)
        guard payload.count > key.count,
            let start = (0 ... payload.count - key.count).first(where: { payload[$0 ..< $0 + key.count].elementsEqual(key) })
        else { return nil }
        var value: UInt64 = 0
        var index = start + key.count
        var digits = 0
        while index < payload.count, (0x30 ... 0x39).contains(payload[index]), digits < 19 {
            value = value * 10 + UInt64(payload[index] - 0x30)
            index += 1
            digits += 1
        }
        return digits > 0 ? value : nil
    }
}
