/// A configuration document as a plain tree, independent of the file format
/// it came from (YAML today). Every node remembers where it was written so
/// errors can point at a line.
///
/// `TamyrRuntime` builds this tree from YAML (and from environment and
/// command-line overrides); `TamyrConfiguration.init(parsing:)` turns it into
/// validated values. Keeping the format out of `TamyrCore` keeps the core free
/// of dependencies and lets tests build trees by hand.
package indirect enum ConfigValue: Sendable, Equatable {
    /// A scalar as written. `quoted` is true for `'…'` and `"…"`, so a quoted
    /// `"null"` stays a string.
    case scalar(String, quoted: Bool, line: Int?)
    case sequence([ConfigValue], line: Int?)
    /// Keys in file order; a later duplicate is reported by the parser.
    case mapping([(key: String, value: ConfigValue)], line: Int?)

    /// The 1-based line where this value starts, when it came from a file.
    package var line: Int? {
        switch self {
        case .scalar(_, _, let line), .sequence(_, let line), .mapping(_, let line): line
        }
    }

    /// The same value, said to start at `line`.
    package func at(line newLine: Int?) -> ConfigValue {
        switch self {
        case .scalar(let text, let quoted, _): .scalar(text, quoted: quoted, line: newLine)
        case .sequence(let items, _): .sequence(items, line: newLine)
        case .mapping(let entries, _): .mapping(entries, line: newLine)
        }
    }

    /// True for an unquoted `null`, `~` or empty scalar: YAML's null.
    package var isNull: Bool {
        if case .scalar(let text, let quoted, _) = self, !quoted {
            return text.isEmpty || text == "null" || text == "~" || text == "Null" || text == "NULL"
        }
        return false
    }

    package static func == (lhs: ConfigValue, rhs: ConfigValue) -> Bool {
        switch (lhs, rhs) {
        case (.scalar(let a, let qa, _), .scalar(let b, let qb, _)): a == b && qa == qb
        case (.sequence(let a, _), .sequence(let b, _)): a == b
        case (.mapping(let a, _), .mapping(let b, _)):
            a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: false
        }
    }

    /// The value at a dotted key path, e.g. `["ingest", "pull"]`.
    package func value(at path: ArraySlice<String>) -> ConfigValue? {
        guard let first = path.first else { return self }
        guard case .mapping(let entries, _) = self else { return nil }
        guard let entry = entries.last(where: { $0.key == first }) else { return nil }
        return entry.value.value(at: path.dropFirst())
    }

    /// A copy with the value at `path` replaced (or added), creating mappings on the way.
    package func replacing(_ path: ArraySlice<String>, with newValue: ConfigValue) -> ConfigValue {
        guard let first = path.first else { return newValue }
        var entries: [(key: String, value: ConfigValue)] = []
        var line: Int? = nil
        if case .mapping(let existing, let l) = self {
            entries = existing
            line = l
        }
        if let index = entries.lastIndex(where: { $0.key == first }) {
            entries[index].value = entries[index].value.replacing(path.dropFirst(), with: newValue)
        } else {
            let empty = ConfigValue.mapping([], line: nil)
            entries.append((first, empty.replacing(path.dropFirst(), with: newValue)))
        }
        return .mapping(entries, line: line)
    }
}
