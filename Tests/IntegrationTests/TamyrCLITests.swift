import Foundation
import Testing
import ZeroMQ
import _TamyrTestSupport

/// The `tamyr` tool as an operator runs it.
@Suite(.serialized)
struct TamyrCLITests {
    @Test func checkConfigAcceptsTheShippedConfig() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("config/tamyrd.yaml").path
        let result = try runBuilt("tamyr", ["check-config", path])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("\(path): ok"))
    }

    @Test func checkConfigExplainsEveryProblem() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).yaml")
        try "ingest:\n  pull: [\"tcp://127.0.0.1\"]\nwindows:\n  hopping: [5m/7s]\n  tumblin: [1m]\n"
            .write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try runBuilt("tamyr", ["check-config", file.path])
        #expect(result.status == 78)
        #expect(result.standardError.contains("\(file.path):2: ingest.pull[0]: \"tcp://127.0.0.1\" has no port"))
        #expect(result.standardError.contains("\(file.path):4: windows.hopping[0]: step 7s does not divide size 5m"))
        #expect(result.standardError.contains("\(file.path):5: windows.tumblin: unknown key"))
    }

    @Test func produceFeedsTamyrdAndTheCountsAgree() throws {
        let tamyrd = try RunningTamyrd()
        let (daemon, status) = (tamyrd.daemon, tamyrd.status)
        let result = try runBuilt("tamyr", [
            "produce", "--connect", daemon.ingestEndpoint, "--rate", "0", "--count", "5000", "--batch", "10",
            "--src", "cli-test", "--invalid-ratio", "0.05", "--seed", "7", "--summary",
        ])
        #expect(result.status == 0, "\(result.standardError)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(summary.int("events") == 5_000)
        #expect(summary.int("messages") == 500)
        let invalid = summary.object("invalid")
        let invalidTotal = invalid.values.reduce(0) { $0 + (($1 as? NSNumber)?.intValue ?? 0) }
        #expect(invalidTotal > 100)
        let record = try #require(try status.waitFor(timeout: 20) { $0.int("received") >= 5_000 })
        #expect(record.int("received") == 5_000)
        #expect(record.int("accepted") == 5_000 - invalidTotal)
        for (reason, count) in invalid {
            #expect(record.object("rejected").int(reason) == (count as? NSNumber)?.intValue, "\(reason)")
        }
        #expect(record.object("producers").object("cli-test").int("last_seq") == 5_000)
        // A malformed line's seq cannot be read, so each one is a gap in the producer's sequence, and nothing else is.
        #expect(record.object("producers").object("cli-test").int("gaps") == invalid.int("malformed_json"))
        #expect(invalid.int("malformed_json") > 0)
        #expect(daemon.terminate() == 0)
    }

    @Test func replaySendsAFileAsItIs() throws {
        let tamyrd = try RunningTamyrd()
        let (daemon, status) = (tamyrd.daemon, tamyrd.status)
        let now = RunningTamyrd.nowMillis
        let lines = (0..<30).map { i in
            i % 10 == 9 ? #"{"id":"r\#(i)","#  // truncated: malformed
                : #"{"id":"r\#(i)","ts":\#(now),"domain":"customs","service":"transit","status":"ok","duration_ms":\#(i)}"#
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("replay-\(UUID().uuidString).jsonl")
        try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try runBuilt("tamyr", ["produce", "--connect", daemon.ingestEndpoint, "--replay", file.path, "--rate", "0"])
        #expect(result.status == 0, "\(result.standardError)")
        let record = try #require(try status.waitFor(timeout: 10) { $0.int("received") >= 30 })
        #expect(record.int("received") == 30)
        #expect(record.int("messages") == 30)
        #expect(record.object("rejected").int("malformed_json") == 3)
        #expect(record.int("accepted") == 27)
        #expect(daemon.terminate() == 0)
    }

    @Test func watchPrintsStatusLinesWhenNotOnATerminal() throws {
        let daemon = try TamyrdProcess()
        defer { _ = daemon.terminate() }
        let raw = try runBuilt("tamyr", ["watch", "--connect", daemon.publishEndpoint, "--count", "2", "--raw"], timeout: 20)
        #expect(raw.status == 0)
        let rawLines = raw.standardOutput.split(separator: "\n")
        #expect(rawLines.count == 2)
        #expect(rawLines.allSatisfy { $0.hasPrefix("status.tamyrd {\"v\":1,") })
        let plain = try runBuilt("tamyr", ["watch", "--connect", daemon.publishEndpoint, "--count", "2"], timeout: 20)
        #expect(plain.status == 0)
        let plainLines = plain.standardOutput.split(separator: "\n")
        #expect(plainLines.count == 2)
        #expect(plainLines.allSatisfy { $0.hasPrefix("status received=0 accepted=0 rejected=0") })
        #expect(!plain.standardOutput.contains("\u{1B}["))  // no terminal escapes in a pipe
    }

    @Test func watchPrintsOneLinePerDomainRecordOfTheChosenWindow() throws {
        let tamyrd = try RunningTamyrd(extraYAML: """
            windows:
              allowed_lateness: 0s
              idle_timeout: 1s
              tumbling: [1s, 2s]
              hopping: []
            kpi:
              domains: [tax, customs]
            """)
        let push = try tamyrd.pushSocket()
        defer { push.close() }
        let watcher = Process()
        watcher.executableURL = TamyrdProcess.executable("tamyr")
        // Two records: the tax and customs records of the first closed 1s window (breakdowns and 2s are skipped).
        watcher.arguments = ["watch", "--connect", tamyrd.daemon.publishEndpoint, "--topic", "kpi.", "--window", "1s", "--count", "2"]
        let output = Pipe()
        watcher.standardOutput = output
        try watcher.run()
        usleep(500_000)  // let the SUB connect before anything is published
        let now = RunningTamyrd.nowMillis
        for (index, domain) in ["tax", "tax", "customs"].enumerated() {
            try push.send(#"{"id":"w\#(index)","ts":\#(now),"domain":"\#(domain)","service":"vat-return","status":"ok","duration_ms":40}"#)
        }
        let deadline = Date().addingTimeInterval(TimeoutScale.seconds(20))
        while watcher.isRunning && Date() < deadline { usleep(20_000) }
        if watcher.isRunning { watcher.terminate() }
        let lines = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 2, "\(lines)")
        // Records come in config order: tax, then customs.
        #expect(lines.first?.hasPrefix("kpi tax 1s ") == true && lines.first?.contains("count=2") == true, "\(lines)")
        #expect(lines.last?.hasPrefix("kpi customs 1s ") == true && lines.last?.contains("count=1") == true, "\(lines)")
    }
}
