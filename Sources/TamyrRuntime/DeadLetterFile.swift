import Glibc
import Logging

/// `deadletters.ndjson` in `state.dir`: appended to, and rotated when it
/// would pass `fileBytes` (`deadletters.ndjson.1` is the newest rotated file,
/// up to `files` of them), so dead letters never take more than
/// `(files + 1) x fileBytes` of disk. Mode 0600: the raw events are masked,
/// but still the ministries' data. Written by the aggregation thread, at most
/// `deadletter.per_second` lines a second; not fsynced (diagnostics, not state).
final class DeadLetterFile {
    private let path: String
    private let fileBytes: Int
    private let files: Int
    private let logger: Logger
    private var descriptor: Int32 = -1
    private var size = 0
    private var failed = false

    static let fileName = "deadletters.ndjson"

    init(directory: String, fileBytes: Int, files: Int, logger: Logger) {
        path = directory + "/" + Self.fileName
        self.fileBytes = fileBytes
        self.files = files
        self.logger = logger
        open()
    }

    deinit { if descriptor >= 0 { close(descriptor) } }

    /// Appends whole lines (each ending in a line feed), rotating before a
    /// line that would take the file past `fileBytes`.
    func append(_ lines: [UInt8]) {
        var chunkStart = 0
        var chunkEnd = 0
        for line in lines.split(separator: 0x0A, omittingEmptySubsequences: true) {
            let lineEnd = line.endIndex + 1
            if size + (chunkEnd - chunkStart) > 0 && size + (lineEnd - chunkStart) > fileBytes {
                write(lines[chunkStart ..< chunkEnd])
                rotate()
                chunkStart = chunkEnd
            }
            chunkEnd = lineEnd
        }
        write(lines[chunkStart ..< chunkEnd])
    }

    private func write(_ bytes: ArraySlice<UInt8>) {
        guard descriptor >= 0, !bytes.isEmpty else { return }
        if let code = bytes.withUnsafeBytes({ DurableFile.writeAll(descriptor, $0) }) {
            report("cannot write \(path): \(String(cString: strerror(code)))")
            return
        }
        size += bytes.count
        failed = false
    }

    private func open() {
        descriptor = Glibc.open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            report("cannot open \(path): \(String(cString: strerror(errno)))")
            return
        }
        var status = stat()
        size = fstat(descriptor, &status) == 0 ? Int(status.st_size) : 0
    }

    private func rotate() {
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
        if files == 0 {
            unlink(path)
        } else {
            for index in stride(from: files - 1, through: 1, by: -1) { rename("\(path).\(index)", "\(path).\(index + 1)") }
            rename(path, path + ".1")
        }
        open()
    }

    /// Logs a failure once until a write succeeds again: a full disk must not flood the log.
    private func report(_ message: String) {
        if !failed { logger.error("\(message); dead letters are counted but not kept until it works again") }
        failed = true
    }
}
