import Foundation
import Testing
import TamyrFuzzChecks

/// The decoder fuzzer's invariants (`Fuzz/Sources/TamyrFuzzChecks`) on every
/// input of its committed corpus (`Fuzz/corpus`): the seeds, and each input a
/// fuzzing run found a bug with. `make fuzz` explores from here; this keeps the
/// found bugs fixed in every `make test`, without the fuzzer's build.
@Suite("The fuzzer's invariants hold for every input in its corpus")
struct FuzzCorpusTests {
    static let corpus = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/corpus")

    static var inputs: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: corpus.path)) ?? []).sorted()
    }

    @Test("the corpus is there and holds every kind of seed")
    func corpusIsComplete() {
        let names = Self.inputs
        for prefix in ["valid-", "batch-", "invalid-malformed_json", "invalid-missing_field", "invalid-bad_type",
                       "invalid-out_of_range", "invalid-unknown_domain", "invalid-future_ts", "ts-", "number-", "string-", "utf8-"] {
            #expect(names.contains { $0.hasPrefix(prefix) }, "no seed named \(prefix)* in \(Self.corpus.path)")
        }
    }

    @Test("every input", arguments: inputs)
    func everyInput(name: String) throws {
        let bytes = try [UInt8](Data(contentsOf: Self.corpus.appendingPathComponent(name)))
        let violations = bytes.withUnsafeBytes { FuzzChecks.violations(in: $0) }
        #expect(violations.isEmpty, "\(name): \(violations.joined(separator: "\n"))")
    }
}
