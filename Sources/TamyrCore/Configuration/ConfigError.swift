/// A configuration problem, in operator words, naming the file, the line when
/// known, and the key: `config/tamyrd.yaml:12: windows.hopping[0]: step 7s
/// does not divide size 5m`.
package struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file (or `environment`, `--set`) the value came from.
    package var source: String
    package var line: Int?
    /// The dotted key path, with `[i]` for sequence elements.
    package var key: String
    package var message: String

    package init(source: String, line: Int?, key: String, message: String) {
        self.source = source
        self.line = line
        self.key = key
        self.message = message
    }

    package var description: String {
        let place = line.map { "\(source):\($0)" } ?? source
        return key.isEmpty ? "\(place): \(message)" : "\(place): \(key): \(message)"
    }
}

/// Every problem found in one document, so an operator fixes them in one go.
package struct ConfigErrors: Error, Sendable, CustomStringConvertible {
    package var errors: [ConfigError]

    package init(_ errors: [ConfigError]) { self.errors = errors }

    package var description: String { errors.map(\.description).joined(separator: "\n") }
}
