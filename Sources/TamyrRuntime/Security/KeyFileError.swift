/// A key file that cannot be used, in operator words: the file, the line when one is at
/// fault, and what is wrong. Never quotes a line of the file, which may hold a secret key.
package struct KeyFileError: Error, Sendable, CustomStringConvertible {
    package var path: String
    package var line: Int?
    package var message: String

    package init(path: String, line: Int? = nil, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    /// `path:line: message`.
    package var description: String {
        "\(line.map { "\(path):\($0)" } ?? path): \(message)"
    }
}
