import Foundation
import TamyrCore

/// What `tamyr watch` shows: the latest status, with rates computed between
/// consecutive status records, and the latest other records by topic.
/// In live mode the screen is redrawn in place within 80 columns; otherwise
/// each record is printed as one plain line.
struct WatchView {
    let endpoint: String
    let window: String
    /// Per domain: the SLA target in ms (from tamyrd's config, when given).
    let slaTargets: [String: Int64]
    let live: Bool
    private var lastStatus: [String: Any]?
    /// The latest closed window's record per domain (and "all"), for `window`.
    private var kpis: [String: [String: Any]] = [:]
    private var domainOrder: [String] = []
    private var previous: (received: Double, uptime: Double)?
    private var rate: Double?
    private var others: [(topic: String, line: String)] = []
    /// The latest record of each alert rule (`alert.<domain>.<rule>`), in order of first sight.
    private var alerts: [(topic: String, record: [String: Any])] = []

    init(endpoint: String, window: String, slaTargets: [String: Int64] = [:], live: Bool) {
        self.endpoint = endpoint
        self.window = window
        self.slaTargets = slaTargets
        self.live = live
    }

    func waiting() {
        if live {
            print("\u{1B}[2J\u{1B}[Htamyr watch: waiting for tamyrd on \(endpoint) ...")
            fflush(nil)  // nil flushes every stream; naming `stdout` is a Swift 6 concurrency error
        }
    }

    /// Shows one record; returns whether the view shows it (breakdowns and other windows are skipped).
    @discardableResult
    mutating func show(topic: String, payload: [UInt8]) -> Bool {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(payload))) as? [String: Any] else {
            emit("\(topic) (not a JSON object: \(payload.count) bytes)")
            return true
        }
        if topic == StatusRecord.topic {
            let received = number(object["received"])
            let uptime = number(object["uptime_s"])
            if let previous, uptime > previous.uptime {
                rate = (received - previous.received) / (uptime - previous.uptime)
            }
            previous = (received, uptime)
            lastStatus = object
            if live { redraw() } else { emit(statusLine(object)) }
        } else if let domain = domainRecord(topic) {
            // Only the chosen window's per-domain and all-domain records: the operator's view.
            guard domain.window == window else { return false }
            if !domainOrder.contains(domain.name) {
                domainOrder.append(domain.name)
                domainOrder.sort { $0 == "all" ? false : $1 == "all" ? true : $0 < $1 }
            }
            kpis[domain.name] = object
            if live { redraw() } else { emit(kpiLine(domain.name, object)) }
        } else if topic.hasPrefix("kpi.") {
            return false  // breakdown records: not in the operator's view
        } else if topic.hasPrefix("alert.") {
            if let index = alerts.firstIndex(where: { $0.topic == topic }) {
                alerts[index].record = object
            } else {
                alerts.append((topic, object))
            }
            if live { redraw() } else { emit(alertLine(object, colour: false)) }
        } else {
            let line = recordLine(topic: topic, object)
            if live {
                others.removeAll { $0.topic == topic }
                others.append((topic, line))
                if others.count > 12 { others.removeFirst(others.count - 12) }
                redraw()
            } else {
                emit(line)
            }
        }
        return true
    }

    func finish() {
        if live { print("") }
    }

    private func emit(_ line: String) {
        print(line)
        fflush(nil)  // nil flushes every stream; naming `stdout` is a Swift 6 concurrency error
    }

    private func statusLine(_ status: [String: Any]) -> String {
        var parts = ["status", "received=\(integer(status["received"]))", "accepted=\(integer(status["accepted"]))"]
        parts.append("rejected=\(integer(rejectedTotal(status)))")
        parts.append("duplicates=\(integer(status["duplicates"]))")
        if let rate { parts.append("rate=\(Int(rate.rounded()))/s") }
        if let watermark = status["watermark"] as? String { parts.append("watermark=\(watermark)") }
        return parts.joined(separator: " ")
    }

    /// `kpi.<domain>.<window>` -> (domain, window); nil for breakdowns and other topics.
    private func domainRecord(_ topic: String) -> (name: String, window: String)? {
        guard topic.hasPrefix("kpi.") else { return nil }
        let rest = topic.dropFirst(4)
        guard let dot = rest.firstIndex(of: ".") else { return nil }
        let name = String(rest[..<dot])
        let windowName = String(rest[rest.index(after: dot)...])
        // A breakdown topic is the window name plus one more part.
        return windowName.contains(".") ? nil : (name, windowName)
    }

    private func kpiLine(_ domain: String, _ record: [String: Any]) -> String {
        var parts = ["kpi", domain, window, record["start"] as? String ?? "?", "count=\(integer(record["count"]))"]
        if let rate = record["rate_per_s"] { parts.append("rate=\(rate)") }
        if let success = record["success_ratio"] { parts.append("success=\(success)") }
        let durations = record["duration_ms"] as? [String: Any] ?? [:]
        parts.append("p95=\(durations["p95"] ?? "-") p99=\(durations["p99"] ?? "-")")
        if let sla = record["sla_ratio"] { parts.append("sla=\(sla)") }
        if let amount = record["amount_sum"] { parts.append("revenue=\(amount)") }
        if let digital = record["digital_share"] { parts.append("digital=\(digital)") }
        if let applicants = record["unique_applicants"] { parts.append("applicants=\(applicants)") }
        return parts.joined(separator: " ")
    }

    /// Two lines of at most 78 columns per domain; breaches in red.
    private func kpiLines(_ domain: String, _ record: [String: Any]) -> [String] {
        let red = "\u{1B}[31m", reset = "\u{1B}[0m", bold = "\u{1B}[1m"
        let start = (record["start"] as? String).map { String($0.dropFirst(11).prefix(8)) } ?? "?"
        let count = integer(record["count"])
        let rate = number(record["rate_per_s"])
        let success = number(record["success_ratio"])
        let durations = record["duration_ms"] as? [String: Any] ?? [:]
        let sla = record["sla_ratio"].map { number($0) }
        func mark(_ text: String, _ breach: Bool) -> String { breach ? red + text + reset : text }
        var first = "  \(grouped(count)) (\(String(format: "%.1f", rate))/s)"
        first += "  ok " + mark(String(format: "%.1f%%", success * 100), success < 0.95)
        let target = slaTargets[domain].map(Double.init)
        let p95 = number(durations["p95"]), p99 = number(durations["p99"])
        first += "  p95 " + mark(grouped(Int(p95.rounded())), target.map { p95 > $0 } ?? false)
        first += " p99 " + mark(grouped(Int(p99.rounded())), target.map { p99 > $0 } ?? false) + " ms"
        if let target { first += " (≤\(grouped(Int(target))))" }
        if let sla { first += "  SLA " + mark(String(format: "%.1f%%", sla * 100), sla < 0.9) }
        var second = "  "
        if let amount = record["amount_sum"] as? NSNumber { second += "revenue \(money(amount)) KZT  " }
        if let digital = record["digital_share"] { second += String(format: "digital %.1f%%  ", number(digital) * 100) }
        if let applicants = record["unique_applicants"] { second += "applicants \(grouped(integer(applicants)))" }
        return ["\(bold)\(pad(domain, 10))\(reset) \(window) from \(start)Z", first, second]
    }

    /// `FIRING customs-success: success_ratio < 0.95, value 0.93 (customs 5m/10s from 10:00:00Z)`.
    private func alertLine(_ record: [String: Any], colour: Bool) -> String {
        let firing = record["state"] as? String == "firing"
        let state = firing ? "FIRING" : "resolved"
        let shown = colour && firing ? "\u{1B}[31m\u{1B}[1m\(state)\u{1B}[0m" : state
        let start = (record["start"] as? String).map { String($0.dropFirst(11).dropLast()) } ?? "?"
        return "\(shown) \(record["rule"] ?? "?"): \(record["when"] ?? "?"), value \(record["value"] ?? "?")"
            + " (\(record["domain"] ?? "?") \(record["window"] ?? "?") from \(start)Z)"
    }

    private func recordLine(topic: String, _ record: [String: Any]) -> String {
        var parts = [topic]
        for key in ["start", "count", "success_ratio", "rate_per_s", "sla_ratio", "unique_applicants", "amount_sum", "state"] {
            if let value = record[key] { parts.append("\(key)=\(value)") }
        }
        return parts.joined(separator: " ")
    }

    private func redraw() {
        var lines: [String] = []
        let bold = "\u{1B}[1m", reset = "\u{1B}[0m", red = "\u{1B}[31m"
        lines.append("\(bold)tamyr watch\(reset)  \(endpoint)")
        if let status = lastStatus {
            let time = status["time"] as? String ?? "?"
            lines.append("status at \(time), up \(formatDuration(number(status["uptime_s"])))")
            lines.append("watermark  \(status["watermark"] as? String ?? "none yet")")
            let rateText = rate.map { "\(grouped(Int($0.rounded())))/s" } ?? "-"
            lines.append("received   \(pad(grouped(integer(status["received"])), 14))  rate \(rateText)")
            lines.append("accepted   \(pad(grouped(integer(status["accepted"])), 14))")
            let rejected = rejectedTotal(status)
            let rejectedText = pad(grouped(rejected), 14)
            lines.append("rejected   \(rejected > 0 ? red + rejectedText + reset : rejectedText)")
            if let reasons = status["rejected"] as? [String: Any] {
                for (reason, value) in reasons.sorted(by: { $0.key < $1.key }) where integer(value) > 0 {
                    lines.append("  \(pad(reason, 16)) \(pad(grouped(integer(value)), 12))")
                }
            }
            lines.append("duplicates \(pad(grouped(integer(status["duplicates"])), 14))")
            if let producers = status["producers"] as? [String: Any], !producers.isEmpty {
                lines.append("producers  (last seq / gaps / duplicates)")
                for (name, value) in producers.sorted(by: { $0.key < $1.key }).prefix(8) {
                    let p = value as? [String: Any] ?? [:]
                    let gaps = integer(p["gaps"])
                    let gapText = gaps > 0 ? red + grouped(gaps) + reset : "0"
                    lines.append("  \(pad(String(name.prefix(24)), 24)) \(grouped(integer(p["last_seq"]))) / \(gapText) / \(grouped(integer(p["duplicates"])))")
                }
                if producers.count > 8 { lines.append("  … and \(producers.count - 8) more") }
            }
        } else {
            lines.append("waiting for the first status record ...")
        }
        lines.append("")
        if kpis.isEmpty {
            lines.append("KPIs (\(window)): waiting for the first window to close ...")
        } else {
            // Red: success below 95%, SLA ratio below 90%, p95/p99 above the domain's target.
            lines.append("KPIs, latest closed \(window) window (red: breach)")
            for domain in domainOrder { lines.append(contentsOf: kpiLines(domain, kpis[domain]!)) }
        }
        if !alerts.isEmpty {
            lines.append("")
            let firing = alerts.filter { $0.record["state"] as? String == "firing" }.count
            lines.append("alerts (\(firing) firing)")
            // Firing rules first, then the resolved ones, each as last reported.
            for (_, record) in alerts.sorted(by: { ($0.record["state"] as? String == "firing") && !($1.record["state"] as? String == "firing") }) {
                lines.append("  " + alertLine(record, colour: true))
            }
        }
        if !others.isEmpty {
            lines.append("")
            lines.append("latest records")
            for other in others { lines.append("  " + String(other.line.prefix(76))) }
        }
        print("\u{1B}[H\u{1B}[2J" + lines.joined(separator: "\n"), terminator: "\n")
        fflush(nil)  // nil flushes every stream; naming `stdout` is a Swift 6 concurrency error
    }

    private func rejectedTotal(_ status: [String: Any]) -> Int {
        (status["rejected"] as? [String: Any])?.values.reduce(0) { $0 + integer($1) } ?? 0
    }

    private func number(_ value: Any?) -> Double { (value as? NSNumber)?.doubleValue ?? 0 }
    private func integer(_ value: Any?) -> Int { (value as? NSNumber)?.intValue ?? 0 }

    private func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return value < 0 ? "-" + out : out
    }

    /// 1234567.89 -> "1,234,567.89" (display only; the record carries the exact value).
    private func money(_ amount: NSNumber) -> String {
        let text = String(format: "%.2f", amount.doubleValue)
        let parts = text.split(separator: ".")
        return grouped(Int(parts[0]) ?? 0) + "." + (parts.count > 1 ? parts[1] : "00")
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    private func formatDuration(_ seconds: Double) -> String {
        let total = Int(seconds)
        if total < 60 { return "\(total)s" }
        if total < 3_600 { return "\(total / 60)m\(total % 60)s" }
        return "\(total / 3_600)h\(total % 3_600 / 60)m"
    }
}
