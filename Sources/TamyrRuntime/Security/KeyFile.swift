import Foundation
package import ZeroMQ

/// Reads CURVE keys from the files `tamyr keygen` writes and operators collect.
///
/// Format: one Z85 key (40 characters) per line; blank lines and lines starting with `#` are
/// ignored. `#` is a Z85 character, but no key can start with it: the first character of a
/// 5-character group stands for at most 2^32 / 85^4 (82), and `#` is 84. Spaces, tabs and
/// `\r` around a line are ignored. Nothing here traps or quotes the file's content: every problem is a
/// ``KeyFileError`` naming the file and line.
package enum KeyFile {
    /// Larger files are refused unread: the biggest sensible allow-list is far smaller.
    static let maximumBytes = 4 << 20

    /// The one secret key in `path`, after checking that neither group nor others can access
    /// the file (as `ssh` does for its keys: whoever can read it can impersonate tamyrd, and
    /// whoever can write it can swap tamyrd's identity for theirs).
    package static func secretKey(at path: String) throws(KeyFileError) -> CurveSecretKey {
        let info = try status(of: path)
        let access = info.st_mode & 0o077
        if access != 0 {
            let mode = String(info.st_mode & 0o777, radix: 8)
            throw KeyFileError(
                path: path,
                message: "mode 0\(mode) lets group or others access this secret key; "
                    + "tamyrd refuses to start until only its owner can: chmod 600 \(path)"
            )
        }
        let keys = try lines(in: path, expecting: "secret key")
        guard keys.count == 1, let key = CurveSecretKey(z85: keys[0].text) else {
            throw KeyFileError(path: path, message: "holds \(keys.count) keys; a secret key file holds exactly one")
        }
        return key
    }

    /// The one public key in `path` (a `.pub` file).
    package static func publicKey(at path: String) throws(KeyFileError) -> CurvePublicKey {
        let keys = try publicKeys(at: path)
        guard keys.count == 1 else {
            throw KeyFileError(path: path, message: "holds \(keys.count) keys; a public key file holds exactly one")
        }
        return keys[0]
    }

    /// Every public key in the file `path`, in file order (possibly none).
    package static func publicKeys(at path: String) throws(KeyFileError) -> [CurvePublicKey] {
        try lines(in: path, expecting: "public key").map { line in
            // `lines` only returns lines that decode as a key.
            CurvePublicKey(z85: line.text)!
        }
    }

    /// The key lines of `path`, each checked to be a Z85 key.
    private static func lines(in path: String, expecting what: String) throws(KeyFileError) -> [(number: Int, text: Substring)] {
        let info = try status(of: path)
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw KeyFileError(path: path, message: "is not a regular file")
        }
        guard Int(info.st_size) <= maximumBytes else {
            throw KeyFileError(path: path, message: "is \(info.st_size) bytes; a key file is at most \(maximumBytes)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw KeyFileError(path: path, message: "cannot be read: \(String(cString: strerror(errno)))")
        }
        guard String(validating: data, as: UTF8.self) != nil else {
            throw KeyFileError(path: path, message: "is not UTF-8 text")
        }
        var keys: [(number: Int, text: Substring)] = []
        // Bytes, not Characters: "\r\n" is one Character, and would hide the line break.
        let blank: Set<UInt8> = [0x20, 0x09, 0x0D]
        for (index, rawLine) in data.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            let bytes = rawLine.drop { blank.contains($0) }.reversed().drop { blank.contains($0) }.reversed()
            let line = String(decoding: bytes, as: UTF8.self)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.utf8.count == 40, CurvePublicKey(z85: line) != nil {
                keys.append((index + 1, Substring(line)))
            } else {
                throw KeyFileError(
                    path: path, line: index + 1,
                    message: "not a Z85 CURVE \(what): expected 40 characters of the Z85 alphabet, "
                        + "got \(line.utf8.count) characters (a comment line starts with #)"
                )
            }
        }
        return keys
    }

    /// `stat` of `path`, following links, or an error naming the file.
    static func status(of path: String) throws(KeyFileError) -> stat {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw KeyFileError(path: path, message: "cannot be read: \(String(cString: strerror(errno)))")
        }
        return info
    }
}
