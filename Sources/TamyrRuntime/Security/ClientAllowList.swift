import Foundation
package import ZeroMQ

/// The public keys of the clients allowed to connect to one kind of endpoint, and where
/// they came from.
package struct ClientAllowList: Sendable, Equatable {
    /// The file or directory the keys were read from, for logs.
    package let source: String
    package let keys: Set<CurvePublicKey>

    package init(source: String, keys: Set<CurvePublicKey>) {
        self.source = source
        self.keys = keys
    }

    /// Reads the allow-list at `path`:
    ///
    /// - a **file** holds one Z85 public key per line (``KeyFile`` format);
    /// - a **directory** holds one public key file per client, named `*.pub` (what
    ///   `tamyr keygen` writes); other files are ignored, so notes or backups may sit beside
    ///   them, except `*.key` files, which are refused: a secret key has no place in an
    ///   allow-list, and its 40 characters would pass for a public key.
    ///
    /// An allow-list with no key is an error: it would refuse every client, which is never
    /// what the operator meant. Read once at start-up (a changed list needs a restart).
    package static func load(_ path: String) throws(KeyFileError) -> ClientAllowList {
        let info = try KeyFile.status(of: path)
        var keys: Set<CurvePublicKey> = []
        if info.st_mode & S_IFMT == S_IFDIR {
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
            } catch {
                throw KeyFileError(path: path, message: "cannot list the directory: \(error.localizedDescription)")
            }
            for name in names where !name.hasPrefix(".") {
                let file = (path as NSString).appendingPathComponent(name)
                if name.hasSuffix(".key") {
                    throw KeyFileError(
                        path: file,
                        message: "a secret key file in an allow-list directory; allow-lists hold public keys (*.pub) only"
                    )
                }
                if name.hasSuffix(".pub") { keys.insert(try KeyFile.publicKey(at: file)) }
            }
            if keys.isEmpty {
                throw KeyFileError(path: path, message: "holds no *.pub key file, so every client would be refused")
            }
        } else {
            keys = Set(try KeyFile.publicKeys(at: path))
            if keys.isEmpty { throw KeyFileError(path: path, message: "holds no key, so every client would be refused") }
        }
        return ClientAllowList(source: path, keys: keys)
    }
}
