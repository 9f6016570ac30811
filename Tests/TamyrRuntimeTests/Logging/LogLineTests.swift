import Logging
import Testing
import TamyrRuntime

/// The bytes tamyrd writes for a log event, under systemd's journal and elsewhere.
@Suite("Log lines carry a syslog priority under the journal and a time elsewhere")
struct LogLineTests {
    // 2026-11-30T10:03:13.042Z
    private let now: Int64 = 1_796_032_993_042

    @Test("journald priorities follow sd-daemon(3)", arguments: [
        (Logger.Level.trace, 7), (.debug, 7), (.info, 6), (.notice, 5), (.warning, 4), (.error, 3), (.critical, 2),
    ])
    func priorities(level: Logger.Level, priority: Int) {
        let line = LogLine.format(level, "m", metadata: [:], label: "tamyrd", style: .journal, nowMillis: now)
        #expect(line == "<\(priority)>m\n")
    }

    @Test("journal lines have no time and no label; metadata is sorted key=value")
    func journal() {
        let line = LogLine.format(
            .info, "tamyrd ready", metadata: ["pull": "[tcp://127.0.0.1:7101]", "publish": "[tcp://127.0.0.1:7102]"],
            label: "tamyrd", style: .journal, nowMillis: now)
        #expect(line == "<6>tamyrd ready publish=[tcp://127.0.0.1:7102] pull=[tcp://127.0.0.1:7101]\n")
    }

    @Test("every line of a multi-line message keeps the priority")
    func multiline() {
        let line = LogLine.format(.error, "first\nsecond", metadata: [:], label: "tamyrd", style: .journal, nowMillis: now)
        #expect(line == "<3>first\n<3>second\n")
    }

    @Test("plain lines start with the UTC time in milliseconds, the level and the label")
    func plain() {
        let line = LogLine.format(.warning, "events rejected", metadata: ["rejected.total": "3"], label: "tamyrd", style: .plain, nowMillis: now)
        #expect(line == "2026-11-30T10:03:13.042Z warning tamyrd: events rejected rejected.total=3\n")
        let whole = LogLine.format(.info, "m", metadata: [:], label: "t", style: .plain, nowMillis: now - 42)
        #expect(whole == "2026-11-30T10:03:13.000Z info t: m\n")
    }

    @Test("JOURNAL_STREAM must name stderr's own device and inode")
    func detection() {
        #expect(LogStyle.detect(journalStream: nil) == .plain)
        #expect(LogStyle.detect(journalStream: "garbage") == .plain)
        #expect(LogStyle.detect(journalStream: "1:1") == .plain)
    }

    @Test("the level switch changes every handler's level at once")
    func levelSwitch() {
        let levels = LogLevelSwitch(.info)
        let a = StderrLogHandler(label: "a", style: .plain, levels: levels)
        var b = StderrLogHandler(label: "b", style: .plain, levels: levels)
        levels.set(.debug)
        #expect(a.logLevel == .debug && b.logLevel == .debug)
        b.logLevel = .error
        levels.set(.warning)
        #expect(a.logLevel == .warning && b.logLevel == .error)
    }
}
