import Foundation
package import TamyrCore
import Yams

/// Reads `TamyrConfiguration` from a YAML file, then applies overrides from
/// the environment (`TAMYR_INGEST_PULL=…`) and from `--set key=value` flags,
/// in that order, so a flag wins over the environment, which wins over the file.
///
/// Why not apple/swift-configuration: its readers pull the keys a program asks
/// for, so they cannot list the keys a file holds; Tamyr must reject unknown
/// keys (a typo must not silently fall back to a default, Vector's
/// `deny_unknown_fields` rule) and read maps whose keys the operator chooses
/// (`sla.services`). Both need the whole tree, which Yams gives directly; the
/// override layers are a few lines on top of it.
package enum ConfigurationLoader {
    /// Loads and validates `path`. Throws `ConfigErrors` naming the file, line and key.
    package static func load(
        path: String,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        overrides: [String] = []
    ) throws(ConfigErrors) -> TamyrConfiguration {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigErrors([ConfigError(source: path, line: nil, key: "", message: "cannot read the file: \(reason(error))")])
        }
        return try parse(yaml: text, source: path, environment: environment, overrides: overrides)
    }

    /// Parses YAML text (used by `load` and by tests).
    package static func parse(
        yaml text: String,
        source: String,
        environment: [String: String] = [:],
        overrides: [String] = []
    ) throws(ConfigErrors) -> TamyrConfiguration {
        var tree = try document(text, source: source)
        var sourceName = source
        for key in ConfigurationKeys.all {
            guard let value = environment[key.environmentName] else { continue }
            tree = tree.replacing(key.path.split(separator: ".").map(String.init)[...], with: try document(value, source: key.environmentName))
            sourceName = "\(source) (with environment overrides)"
        }
        for item in overrides {
            guard let equals = item.firstIndex(of: "="), equals != item.startIndex else {
                throw ConfigErrors([ConfigError(source: "--set", line: nil, key: item, message: "expected KEY=VALUE, e.g. --set ingest.max_message_bytes=65536")])
            }
            let path = String(item[..<equals])
            guard ConfigurationKeys.key(path) != nil else {
                throw ConfigErrors([ConfigError(source: "--set", line: nil, key: path, message: "unknown key")])
            }
            let value = try document(String(item[item.index(after: equals)...]), source: "--set \(path)")
            tree = tree.replacing(path.split(separator: ".").map(String.init)[...], with: value)
            sourceName = "\(source) (with --set overrides)"
        }
        return try TamyrConfiguration(parsing: tree, source: sourceName)
    }

    /// One YAML document as a `ConfigValue`; an empty document is an empty mapping.
    private static func document(_ text: String, source: String) throws(ConfigErrors) -> ConfigValue {
        do {
            guard let node = try Yams.compose(yaml: text) else { return .mapping([], line: nil) }
            return try convert(node, source: source)
        } catch let error as ConfigErrors {
            throw error
        } catch let error as YamlError {
            throw ConfigErrors([ConfigError(source: source, line: nil, key: "", message: "not valid YAML: \(error)")])
        } catch {
            throw ConfigErrors([ConfigError(source: source, line: nil, key: "", message: "not valid YAML: \(error)")])
        }
    }

    private static func convert(_ node: Node, source: String) throws -> ConfigValue {
        let line = node.mark?.line
        switch node {
        case .scalar(let scalar):
            return .scalar(scalar.string, quoted: scalar.style != .plain, line: line)
        case .sequence(let sequence):
            return .sequence(try sequence.map { try convert($0, source: source) }, line: line)
        case .mapping(let mapping):
            var entries: [(key: String, value: ConfigValue)] = []
            for (key, value) in mapping {
                guard case .scalar(let name) = key else {
                    throw ConfigErrors([ConfigError(source: source, line: key.mark?.line, key: "", message: "mapping keys must be plain names")])
                }
                // Errors about an entry point at its key's line, not at the first line of a block value.
                entries.append((name.string, try convert(value, source: source).at(line: key.mark?.line)))
            }
            return .mapping(entries, line: line)
        case .alias:
            throw ConfigErrors([ConfigError(source: source, line: line, key: "", message: "YAML aliases are not supported; write the value out")])
        }
    }

    private static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return nsError.localizedDescription
    }
}
