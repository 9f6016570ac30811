@testable import TamyrCore
import Testing

/// Which keys a reload applies and which wait for a restart.
struct ConfigurationChangeTests {
    @Test func everyKeyOfTheTableIsClassified() {
        // A key missing here would be ignored by a reload without a word.
        let covered = ConfigurationChange.coveredPaths
        for key in ConfigurationKeys.all {
            #expect(covered.contains { key.path == $0 || key.path.hasPrefix($0 + ".") }, "\(key.path)")
        }
    }

    @Test func liveKeysAreTakenAndTheOthersKept() {
        let old = TamyrConfiguration()
        var new = old
        new.sla.domainMillis["tax"] = 5_000
        new.kpi.maxGroups = 7
        new.publish.statusEveryMillis = 1_000
        new.logLevel = .debug
        new.alerts = [AlertRule(
            name: "a", window: "1m", domain: "tax", field: .count, comparison: .greater, thresholdText: "1", threshold: 1,
            forWindows: 1)]
        new.ingest.pull = [Endpoint(text: "tcp://127.0.0.1:9999")]
        new.windows.tumbling = [WindowSpec(tumbling: 120_000)]
        new.deadLetters.perSecond = 3

        let change = ConfigurationChange(from: old, to: new)
        #expect(change.live == ["publish.status_every", "kpi.max_groups", "sla.domains", "log.level", "alerts"])
        #expect(change.needRestart == ["ingest.pull", "windows.tumbling", "deadletter"])
        var expected = new
        expected.ingest.pull = old.ingest.pull
        expected.windows.tumbling = old.windows.tumbling
        expected.deadLetters = old.deadLetters
        #expect(change.applied == expected)
    }

    @Test func anUnchangedFileChangesNothing() {
        let change = ConfigurationChange(from: TamyrConfiguration(), to: TamyrConfiguration())
        #expect(change.isEmpty && change.applied == TamyrConfiguration())
    }
}
