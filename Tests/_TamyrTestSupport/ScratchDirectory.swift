import Foundation

/// A fresh directory under the temporary directory, removed with everything in it when the
/// value is released: for tests that write config or key files.
package final class ScratchDirectory {
    package let path: String

    /// Creates `<tmp>/<label>-<UUID>`.
    package init(_ label: String) throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// `name` inside the directory.
    package func file(_ name: String) -> String {
        (path as NSString).appendingPathComponent(name)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
