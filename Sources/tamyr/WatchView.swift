import Foundation
import TamyrCore

/// What `tamyr watch` shows: the latest status, with rates computed between
/// consecutive status records, and the latest other records by topic.
/// In live mode the screen is redrawn in place within 80 columns; otherwise
/// each record is printed as one plain line.
struct WatchView {
    let endpoint: String
    let live: Bool
    private var lastStatus: [String: Any]?
    private var previous: (received: Double, uptime: Double)?
    private var rate: Double?
    private var others: [(topic: String, line: String)] = []

    init(endpoint: String, live: Bool) {
        self.endpoint = endpoint
        self.live = live
    }

    func waiting() {
        if live {
            print("\u{1B}[2J\u{1B}[Htamyr watch: waiting for tamyrd on \(endpoint) ...")
            fflush(nil)  // nil flushes every stream; naming `stdout` is a Swift 6 concurrency error
        }
    }

    mutating func show(topic: String, payload: [UInt8]) {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(payload))) as? [String: Any] else {
            emit("\(topic) (not a JSON object: \(payload.count) bytes)")
            return
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
