import ArgumentParser
import Foundation
import ZeroMQ

extension TamyrCommand {
    struct Keygen: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a new CURVE key pair: PREFIX.key (secret, mode 0600) and PREFIX.pub (public).",
            discussion: """
                The secret file is created with mode 0600 (never widened afterwards), the public one with
                0644 (both less whatever the umask removes). Existing files are never overwritten.
                For tamyrd: security.curve_secret_key_file names PREFIX.key, and clients get PREFIX.pub
                as --server-key. For a client: its PREFIX.pub goes into tamyrd's allow-list
                (ingest.curve_clients or publish.curve_clients), its PREFIX.key is its --client-key.
                """
        )

        @Argument(help: "Path prefix of the two files, e.g. /etc/tamyr/keys/tamyrd.")
        var prefix: String

        func run() throws {
            let secretPath = prefix + ".key"
            let publicPath = prefix + ".pub"
            for path in [secretPath, publicPath] where FileManager.default.fileExists(atPath: path) {
                throw CommandFailure("\(path) exists; keygen never overwrites a key (remove it first, or pick another prefix)")
            }
            let pair = try CurveKeyPair.generate()
            try write(pair.secretKey.z85, to: secretPath, mode: 0o600)
            do {
                try write(pair.publicKey.z85, to: publicPath, mode: 0o644)
            } catch {
                unlink(secretPath)  // half a pair is worse than none
                throw error
            }
            print("wrote \(secretPath) (secret, mode 0600) and \(publicPath) (public key \(pair.publicKey))")
        }

        /// Creates `path` with `mode` from the start, so the secret is never readable by others,
        /// not even for a moment; `O_EXCL` refuses a file (or a link) that appeared meanwhile.
        private func write(_ key: String, to path: String, mode: mode_t) throws {
            let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
            guard descriptor >= 0 else {
                throw CommandFailure("cannot create \(path): \(String(cString: strerror(errno)))")
            }
            defer { close(descriptor) }
            let line = Array((key + "\n").utf8)
            let written = line.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            guard written == line.count, fsync(descriptor) == 0 else {
                let reason = String(cString: strerror(errno))
                unlink(path)
                throw CommandFailure("cannot write \(path): \(reason)")
            }
        }
    }
}
