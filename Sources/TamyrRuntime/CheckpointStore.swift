import Glibc
import TamyrCore

/// The checkpoint's file in `state.dir`: `checkpoint.tamyr`, replaced
/// atomically (``DurableFile``); a file that cannot be restored is renamed
/// `checkpoint.tamyr.rejected-<UTC time>` and kept for inspection.
struct CheckpointStore: Sendable {
    let directory: String

    static let fileName = "checkpoint.tamyr"

    var path: String { directory + "/" + Self.fileName }

    func read() throws(DurableFile.Failure) -> [UInt8]? { try DurableFile.read(path) }

    func write(_ bytes: [UInt8]) throws(DurableFile.Failure) {
        try DurableFile.replace(path, with: bytes, directory: directory)
    }

    /// Replaces the checkpoint with what `body` writes to the descriptor (see ``DurableFile``).
    func write(streaming body: (Int32) throws(DurableFile.Failure) -> Void) throws(DurableFile.Failure) {
        try DurableFile.replace(path, directory: directory, writing: body)
    }

    /// Renames the checkpoint out of the way; returns the new path.
    func moveAside(nowMillis: Int64) throws(DurableFile.Failure) -> String {
        var stamp = Timestamp.rfc3339(millis: nowMillis)
        stamp.removeAll { $0 == ":" || $0 == "-" }
        let aside = path + ".rejected-" + stamp
        guard rename(path, aside) == 0 else { throw DurableFile.Failure(operation: "rename", path: path, code: errno) }
        return aside
    }
}
