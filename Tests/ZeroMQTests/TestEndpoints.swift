import Glibc

/// Endpoints that cannot collide between tests running in parallel, or with other processes.
enum TestEndpoints {
    /// A fresh `inproc://` name.
    static func inproc(_ label: String) -> String {
        "inproc://\(label)-\(UInt64.random(in: 0 ... .max))"
    }

    /// Binds to any free loopback port; read the real endpoint back with `lastEndpoint`.
    static let anyLoopbackPort = "tcp://127.0.0.1:*"
}

/// A private directory for `ipc://` socket files, removed by `remove()`.
struct TemporaryDirectory {
    let path: String

    init() throws {
        let base = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array("\(base)/zeromq-tests.XXXXXX".utf8CString)
        guard let created = mkdtemp(&template) else {
            throw TestFailure("mkdtemp failed with errno \(errno)")
        }
        path = String(cString: created)
    }

    /// Removes `files` (names inside the directory) and the directory itself, ignoring what is gone.
    func remove(files: [String]) {
        for file in files { unlink("\(path)/\(file)") }
        rmdir(path)
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
