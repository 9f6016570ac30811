import Foundation
import Glibc

/// The daemon's state directory (`state.dir`): the checkpoint and the
/// applicant key live here. Created with mode 0700 when missing; tamyrd
/// refuses to start when it cannot write there, since every checkpoint would
/// then fail.
struct StateDirectory {
    let path: String

    init(path: String) throws {
        self.path = path
        do {
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw StartupError(message: "cannot create state.dir \(path): \(error.localizedDescription)")
        }
        guard access(path, W_OK | X_OK) == 0 else {
            throw StartupError(message: "state.dir \(path) is not writable by this user: \(String(cString: strerror(errno)))")
        }
    }

    func file(_ name: String) -> String { path + "/" + name }

    /// The secret key of the applicant hash, from `applicant.key` (32 hex
    /// digits), created with 128 random bits and mode 0600 on first start.
    ///
    /// The key keeps applicant ids (often a 12-digit IIN, easy to enumerate)
    /// from being recovered from their hashes by anyone who does not hold it,
    /// and it must stay the same across restarts, or distinct counts of windows
    /// that span a restart would count everyone twice. A key file readable by
    /// group or others is refused, as ssh refuses such a private key.
    func applicantKey() throws -> (UInt64, UInt64) {
        let name = file(Self.applicantKeyFile)
        var status = stat()
        if lstat(name, &status) != 0 {
            guard errno == ENOENT else { throw StartupError(message: "cannot read \(name): \(String(cString: strerror(errno)))") }
            var generator = SystemRandomNumberGenerator()  // getrandom(2) on Linux
            let key = (generator.next() as UInt64, generator.next() as UInt64)
            try DurableFile.create(name, contents: Array(Self.hex(key).utf8), mode: 0o600, directory: path)
            return key
        }
        guard status.st_mode & S_IFMT == S_IFREG else { throw StartupError(message: "\(name) is not a regular file") }
        guard status.st_mode & 0o077 == 0 else {
            throw StartupError(message: "\(name) is readable by group or others (mode \(String(status.st_mode & 0o777, radix: 8))); run chmod 600 on it")
        }
        guard let text = try? String(contentsOfFile: name, encoding: .utf8), let key = Self.parse(text) else {
            throw StartupError(message: "\(name) does not hold 32 hex digits; move it away to start with a new key (distinct counts of open windows then restart)")
        }
        return key
    }

    static let applicantKeyFile = "applicant.key"

    static func hex(_ key: (UInt64, UInt64)) -> String {
        func digits(_ value: UInt64) -> String {
            let text = String(value, radix: 16)
            return String(repeating: "0", count: 16 - text.count) + text
        }
        return digits(key.0) + digits(key.1) + "\n"
    }

    static func parse(_ text: String) -> (UInt64, UInt64)? {
        let digits = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard digits.utf8.count == 32, let first = UInt64(digits.prefix(16), radix: 16), let second = UInt64(digits.suffix(16), radix: 16) else {
            return nil
        }
        return (first, second)
    }
}
