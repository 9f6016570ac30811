import Foundation
import Testing
import TamyrCore
import TamyrRuntime
import ZeroMQ
import _TamyrTestSupport

/// Key files as operators write them: every problem names the file (and line) and the config
/// key that points at it, and nothing traps on a malformed file.
@Suite(.serialized)
struct CurveCredentialsTests {
    private let scratch: ScratchDirectory
    private var directory: String { scratch.path }

    init() throws {
        scratch = try ScratchDirectory("curve-credentials")
    }

    private func write(_ name: String, _ text: String, mode: Int = 0o600) throws -> String {
        let path = scratch.file(name)
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        return path
    }

    private func configuration(secret: String, producers: String?, consumers: String? = nil) -> TamyrConfiguration {
        var configuration = TamyrConfiguration()
        configuration.security.curveSecretKeyFile = secret
        configuration.ingest.curve = producers != nil
        configuration.ingest.curveClients = producers
        configuration.publish.curve = consumers != nil
        configuration.publish.curveClients = consumers
        return configuration
    }

    private func problems(_ configuration: TamyrConfiguration) -> [String] {
        do {
            _ = try CurveCredentials.load(for: configuration)
            return []
        } catch {
            return error.errors.map(\.description)
        }
    }

    @Test func readsTheServerKeyAndBothAllowLists() throws {
        let server = try CurveKeyPair.generate()
        let producer = try CurveKeyPair.generate(), consumer = try CurveKeyPair.generate()
        let secret = try write("tamyrd.key", server.secretKey.z85 + "\n")
        let producers = try write("producers.txt", "# customs gateway\n\(producer.publicKey.z85)\n\n  \(producer.publicKey.z85)\r\n")
        _ = try write("consumers/dashboard.pub", consumer.publicKey.z85 + "\n", mode: 0o644)
        _ = try write("consumers/README", "not a key, ignored\n", mode: 0o644)
        let credentials = try #require(try CurveCredentials.load(
            for: configuration(secret: secret, producers: producers, consumers: "\(directory)/consumers")))
        #expect(credentials.server.publicKey == server.publicKey)
        #expect(credentials.producers?.keys == [producer.publicKey])
        #expect(credentials.consumers?.keys == [consumer.publicKey])
    }

    @Test func withoutCurveNothingIsRead() throws {
        #expect(try CurveCredentials.load(for: TamyrConfiguration()) == nil)
    }

    @Test(arguments: [0o644, 0o640, 0o604, 0o620])
    func aSecretKeyOthersCanAccessStopsStartUpNamingTheFileAndMode(mode: Int) throws {
        let secret = try write("tamyrd.key", try CurveKeyPair.generate().secretKey.z85 + "\n", mode: mode)
        let producers = try write("p.pub", try CurveKeyPair.generate().publicKey.z85, mode: 0o644)
        let found = problems(configuration(secret: secret, producers: producers))
        #expect(found == ["\(secret): security.curve_secret_key_file: mode 0\(String(mode, radix: 8)) lets group or others "
            + "access this secret key; tamyrd refuses to start until only its owner can: chmod 600 \(secret)"])
    }

    @Test func aCommentThatLooksLikeAKeyStaysAComment() throws {
        // No Z85 key starts with '#' (a group's first character stands for at most 2^32 / 85^4,
        // below '#''s 84), so a 40-character '#' line is a comment, whatever follows.
        let pair = try CurveKeyPair.generate()
        let list = try write("list", "#\(pair.publicKey.z85.dropFirst())\n\(pair.publicKey.z85)\n", mode: 0o644)
        #expect(try ClientAllowList.load(list).keys == [pair.publicKey])
    }

    @Test func malformedFilesAreNamedWithTheirLineAndNeverQuoted() throws {
        let server = try CurveKeyPair.generate()
        let secret = try write("tamyrd.key", server.secretKey.z85 + "x\n")
        let valid = try CurveKeyPair.generate().publicKey.z85
        let producers = try write("producers", "\(valid)\n\(valid.dropLast())\n", mode: 0o644)
        let found = problems(configuration(secret: secret, producers: producers))
        #expect(found.count == 2, "\(found)")
        #expect(found.contains("\(secret):1: security.curve_secret_key_file: not a Z85 CURVE secret key: expected 40 "
            + "characters of the Z85 alphabet, got 41 characters (a comment line starts with #)"))
        #expect(found.contains { $0.hasPrefix("\(producers):2: ingest.curve_clients: not a Z85 CURVE public key") })
        #expect(!found.joined().contains(server.secretKey.z85))
    }

    @Test func unusableAllowListsAreRefused() throws {
        let secret = try write("tamyrd.key", try CurveKeyPair.generate().secretKey.z85)
        let empty = try write("empty", "# nobody yet\n", mode: 0o644)
        #expect(problems(configuration(secret: secret, producers: empty)) == [
            "\(empty): ingest.curve_clients: holds no key, so every client would be refused",
        ])
        let withSecret = "\(directory)/with-secret"
        _ = try write("with-secret/client.key", try CurveKeyPair.generate().secretKey.z85)
        #expect(problems(configuration(secret: secret, producers: withSecret)) == [
            "\(withSecret)/client.key: ingest.curve_clients: a secret key file in an allow-list directory; "
                + "allow-lists hold public keys (*.pub) only",
        ])
        #expect(problems(configuration(secret: secret, producers: "\(directory)/missing")) == [
            "\(directory)/missing: ingest.curve_clients: cannot be read: No such file or directory",
        ])
        let binary = scratch.file("binary")
        try Data([0xFF, 0xFE, 0x00, 0x80]).write(to: URL(fileURLWithPath: binary))
        #expect(problems(configuration(secret: secret, producers: binary)) == ["\(binary): ingest.curve_clients: is not UTF-8 text"])
    }
}
