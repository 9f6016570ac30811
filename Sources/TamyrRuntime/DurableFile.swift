import Glibc

/// Files written so that a crash or power loss leaves either the old
/// contents or the new, never a torn mix: write a temporary file, fsync it,
/// rename it over the old one, fsync the directory (rename is atomic in
/// POSIX; the directory's fsync makes the rename itself durable).
enum DurableFile {
    struct Failure: Error, CustomStringConvertible {
        var operation: String
        var path: String
        var code: Int32
        var description: String { "\(operation) \(path): \(String(cString: strerror(code)))" }
    }

    /// Replaces `path` atomically with `bytes` (mode 0600).
    static func replace(_ path: String, with bytes: [UInt8], directory: String) throws(Failure) {
        let temporary = path + ".tmp"
        try write(temporary, bytes, flags: O_WRONLY | O_CREAT | O_TRUNC, mode: 0o600)
        guard rename(temporary, path) == 0 else { throw Failure(operation: "rename to", path: path, code: errno) }
        try syncDirectory(directory)
    }

    /// Replaces `path` atomically (mode 0600) with what `body` writes to the
    /// descriptor it is given: a temporary file, fsynced, then renamed. A
    /// failure in `body` leaves `path` as it was.
    static func replace(
        _ path: String, directory: String, writing body: (Int32) throws(Failure) -> Void
    ) throws(Failure) {
        let temporary = path + ".tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Failure(operation: "create", path: temporary, code: errno) }
        do {
            defer { close(descriptor) }
            try body(descriptor)
            guard fsync(descriptor) == 0 else { throw Failure(operation: "fsync", path: temporary, code: errno) }
        }
        guard rename(temporary, path) == 0 else { throw Failure(operation: "rename to", path: path, code: errno) }
        try syncDirectory(directory)
    }

    /// Creates `path` with `bytes` and `mode`; fails if it exists (no race with another creator).
    static func create(_ path: String, contents bytes: [UInt8], mode: mode_t, directory: String) throws(Failure) {
        try write(path, bytes, flags: O_WRONLY | O_CREAT | O_EXCL, mode: mode)
        try syncDirectory(directory)
    }

    /// The whole file, or nil when it does not exist.
    static func read(_ path: String) throws(Failure) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { return nil }
            throw Failure(operation: "open", path: path, code: errno)
        }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure(operation: "read", path: path, code: errno)
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[..<count])
        }
    }

    private static func write(_ path: String, _ bytes: [UInt8], flags: Int32, mode: mode_t) throws(Failure) {
        // The mode is given at creation, so the file is never readable by others, not even briefly.
        let descriptor = open(path, flags | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw Failure(operation: "create", path: path, code: errno) }
        defer { close(descriptor) }
        if let code = bytes.withUnsafeBytes({ writeAll(descriptor, $0) }) {
            throw Failure(operation: "write", path: path, code: code)
        }
        guard fsync(descriptor) == 0 else { throw Failure(operation: "fsync", path: path, code: errno) }
    }

    /// Writes all of `bytes` to `descriptor`, retrying short writes and EINTR;
    /// the errno of a failure, or nil.
    static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32? {
        var written = 0
        while written < bytes.count {
            let count = Glibc.write(descriptor, bytes.baseAddress! + written, bytes.count - written)
            if count < 0 {
                if errno == EINTR { continue }
                return errno
            }
            written += count
        }
        return nil
    }

    private static func syncDirectory(_ directory: String) throws(Failure) {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Failure(operation: "open", path: directory, code: errno) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw Failure(operation: "fsync", path: directory, code: errno) }
    }
}
