import Testing
import TamyrCore

@Suite("SnapshotProtocol: requests read strictly, replies as documented")
struct SnapshotProtocolTests {
    private func frames(_ texts: String...) -> [[UInt8]] { texts.map { Array($0.utf8) } }

    @Test("SNAPSHOT with or without a prefix")
    func accepted() {
        #expect(SnapshotProtocol.parse(frames("SNAPSHOT", "kpi.")) == .snapshot(prefix: "kpi."))
        #expect(SnapshotProtocol.parse(frames("SNAPSHOT")) == .snapshot(prefix: ""))
        #expect(SnapshotProtocol.parse(frames("SNAPSHOT", "")) == .snapshot(prefix: ""))
        #expect(SnapshotProtocol.parse(frames("SNAPSHOT", "kpi.tax.5m/10s")) == .snapshot(prefix: "kpi.tax.5m/10s"))
    }

    @Test("anything else is refused with a reason, never ignored")
    func refused() {
        let cases: [[[UInt8]]] = [
            [], [[]], frames("snapshot", "kpi."), frames("ICANHAZ?", "kpi."), frames("SNAPSHOT", "kpi.", "more"),
            frames("SNAPSHOT", String(repeating: "k", count: 257)), frames("SNAPSHOT", "kpi. x"), [Array("SNAPSHOT".utf8), [0xFF]],
        ]
        for request in cases {
            guard case .invalid(let reason) = SnapshotProtocol.parse(request) else {
                Issue.record("accepted \(request)")
                continue
            }
            #expect(!reason.isEmpty)
        }
    }

    @Test("the end marker and the error reply")
    func replies() {
        var json = JSONWriter()
        SnapshotProtocol.endPayload(prefix: "kpi.", records: 12, into: &json)
        #expect(String(decoding: json.bytes, as: UTF8.self) == #"{"v":1,"prefix":"kpi.","records":12}"#)
        SnapshotProtocol.errorPayload("bad \"x\"", into: &json)
        #expect(String(decoding: json.bytes, as: UTF8.self) == #"{"v":1,"error":"bad \"x\""}"#)
    }
}
