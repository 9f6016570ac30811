import Foundation
import Testing
import ZeroMQ
import _TamyrTestSupport

/// `tamyr keygen`, and `tamyr produce` / `tamyr watch` against a tamyrd whose endpoints
/// require CURVE, as an operator runs them.
@Suite(.serialized)
struct TamyrCurveCLITests {
    private let scratch: ScratchDirectory
    private var directory: String { scratch.path }

    init() throws {
        scratch = try ScratchDirectory("curve-cli")
    }

    private func keygen(_ name: String) throws -> (secret: String, public: String) {
        let result = try runBuilt("tamyr", ["keygen", "\(directory)/\(name)"])
        #expect(result.status == 0, "\(result.standardError)")
        return ("\(directory)/\(name).key", "\(directory)/\(name).pub")
    }

    private func mode(_ path: String) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    private func text(_ path: String) throws -> String {
        try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// This process's umask (which `tamyr keygen` inherits), from /proc: calling umask(2)
    /// to read it would change it for every thread for a moment.
    private func umask() throws -> Int {
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("Umask:") })
        return try #require(Int(line.dropFirst("Umask:".count).trimmingCharacters(in: .whitespaces), radix: 8))
    }

    @Test func keygenWritesAPrivateSecretKeyAndItsPublicKeyAndNeverOverwrites() throws {
        let files = try keygen("tamyrd")
        // Created with these modes; the umask can only take bits away.
        #expect(try mode(files.secret) == 0o600 & ~umask())
        #expect(try mode(files.public) == 0o644 & ~umask())
        let secret = try #require(CurveSecretKey(z85: try text(files.secret)))
        #expect(try secret.publicKey().z85 == (try text(files.public)))
        let again = try runBuilt("tamyr", ["keygen", "\(directory)/tamyrd"])
        #expect(again.status != 0)
        #expect(again.standardError.contains("\(files.secret) exists; keygen never overwrites a key"))
        #expect(try text(files.secret) == secret.z85)
    }

    @Test func produceAndWatchGetInWithAllowListedKeysAndFailClearlyWithOthers() throws {
        let server = try keygen("tamyrd"), producer = try keygen("producer"), consumer = try keygen("consumer")
        let daemon = try TamyrdProcess(
            extraYAML: "security:\n  curve_secret_key_file: \(server.secret)\n",
            ingestYAML: "curve: true\ncurve_clients: \(producer.public)",
            publishYAML: "curve: true\ncurve_clients: \(consumer.public)"
        )
        defer { _ = daemon.terminate() }
        let produced = try runBuilt("tamyr", [
            "produce", "--connect", daemon.ingestEndpoint, "--server-key", server.public, "--client-key", producer.secret,
            "--count", "500", "--rate", "0", "--src", "curve-cli",
        ])
        #expect(produced.status == 0, "\(produced.standardError)")
        func status(until condition: ([String: Any]) -> Bool) throws -> [String: Any]? {
            for _ in 0..<50 {
                let watched = try runBuilt("tamyr", [
                    "watch", "--connect", daemon.publishEndpoint, "--server-key", server.public, "--client-key", consumer.secret,
                    "--topic", "status.tamyrd", "--raw", "--count", "1",
                ], timeout: 20)
                #expect(watched.status == 0, "\(watched.standardError)")
                guard let json = watched.standardOutput.split(separator: " ", maxSplits: 1).last,
                    let record = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
                else { return nil }
                if condition(record) { return record }
            }
            return nil
        }
        let counted = try #require(try status { $0.int("received") >= 500 })
        #expect(counted.int("accepted") == 500)

        let wrongProducer = try runBuilt("tamyr", [
            "produce", "--connect", daemon.ingestEndpoint, "--server-key", server.public, "--client-key", consumer.secret,
            "--count", "10", "--rate", "0",
        ])
        #expect(wrongProducer.status == 1)
        #expect(wrongProducer.standardError.contains("refused this client's CURVE key (ZAP status 400)"), "\(wrongProducer.standardError)")
        let wrongConsumer = try runBuilt("tamyr", [
            "watch", "--connect", daemon.publishEndpoint, "--server-key", server.public, "--client-key", producer.secret, "--count", "1",
        ], timeout: 20)
        #expect(wrongConsumer.status == 1)
        #expect(wrongConsumer.standardError.contains("refused this client's CURVE key"), "\(wrongConsumer.standardError)")
        let plainConsumer = try runBuilt("tamyr", ["watch", "--connect", daemon.publishEndpoint, "--count", "1"], timeout: 20)
        #expect(plainConsumer.status == 1)
        #expect(plainConsumer.standardError.contains("the endpoint may require CURVE"), "\(plainConsumer.standardError)")

        let after = try #require(try status { $0.object("security").int("refused") >= 2 })
        #expect(after.int("received") == 500)
        #expect(after.object("security").int("refused") == 2)
        #expect(daemon.terminate() == 0)
    }
}
