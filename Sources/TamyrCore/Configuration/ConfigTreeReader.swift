/// Reads typed values out of a `ConfigValue` tree, collecting every problem
/// instead of stopping at the first.
struct ConfigTreeReader {
    let source: String
    private(set) var errors: [ConfigError] = []

    init(source: String) { self.source = source }

    mutating func fail(_ value: ConfigValue?, _ key: String, _ message: String) {
        errors.append(ConfigError(source: source, line: value?.line, key: key, message: message))
    }

    /// The entries of a mapping whose keys must all be in `allowed`; null counts as empty.
    mutating func mapping(_ value: ConfigValue, key: String, allowed: [String]?) -> [String: ConfigValue] {
        if value.isNull { return [:] }
        guard case .mapping(let entries, _) = value else {
            fail(value, key, "expected a mapping of keys to values")
            return [:]
        }
        var result: [String: ConfigValue] = [:]
        for (name, entry) in entries {
            let path = key.isEmpty ? name : "\(key).\(name)"
            if let allowed, !allowed.contains(name) {
                let known = allowed.map { key.isEmpty ? $0 : "\(key).\($0)" }.joined(separator: ", ")
                fail(entry, path, "unknown key (known: \(known))")
                continue
            }
            if result[name] != nil {
                fail(entry, path, "key given twice")
                continue
            }
            result[name] = entry
        }
        return result
    }

    /// A top-level section's entries, checked against the key table.
    mutating func section(_ value: ConfigValue?, _ name: String) -> [String: ConfigValue]? {
        guard let value else { return nil }
        let allowed = ConfigurationKeys.all.compactMap { key -> String? in
            key.path.hasPrefix(name + ".") ? String(key.path.dropFirst(name.count + 1)) : nil
        }
        return mapping(value, key: name, allowed: allowed)
    }

    mutating func string(_ value: ConfigValue, key: String, allowEmpty: Bool) -> String? {
        guard case .scalar(let text, _, _) = value, !value.isNull || allowEmpty else {
            fail(value, key, value.isNull ? "a value is required" : "expected a single value, not a list or mapping")
            return nil
        }
        if !allowEmpty && text.isEmpty {
            fail(value, key, "must not be empty")
            return nil
        }
        return text
    }

    /// `true` or `false` (any case). YAML 1.1's `yes`/`no`/`on`/`off` are refused: they read as
    /// strings in YAML 1.2, so an operator's intent would depend on the parser.
    mutating func boolean(_ value: ConfigValue, key: String) -> Bool {
        guard let text = string(value, key: key, allowEmpty: false) else { return false }
        switch text.lowercased() {
        case "true": return true
        case "false": return false
        default:
            fail(value, key, "\"\(text)\" is not a boolean: write true or false")
            return false
        }
    }

    /// A file or directory path, or nil for null.
    mutating func optionalPath(_ value: ConfigValue, key: String) -> String? {
        value.isNull ? nil : string(value, key: key, allowEmpty: false)
    }

    mutating func list(_ value: ConfigValue, key: String) -> [ConfigValue] {
        if value.isNull { return [] }
        switch value {
        case .sequence(let items, _): return items
        case .scalar: return [value]  // a single value is a list of one
        case .mapping:
            fail(value, key, "expected a list")
            return []
        }
    }

    mutating func strings(_ value: ConfigValue, key: String) -> [String] {
        list(value, key: key).enumerated().compactMap { index, item in
            string(item, key: "\(key)[\(index)]", allowEmpty: true)
        }
    }

    mutating func integer(_ value: ConfigValue, key: String, in range: ClosedRange<Int>) -> Int? {
        guard let text = string(value, key: key, allowEmpty: false) else { return nil }
        let digits = text.filter { $0 != "_" }
        guard let number = Int(digits) else {
            fail(value, key, "\"\(text)\" is not an integer")
            return nil
        }
        guard range.contains(number) else {
            fail(value, key, "\(number) is out of range \(range.lowerBound)...\(range.upperBound)")
            return nil
        }
        return number
    }

    /// An integer in `range`, or the word `auto`, returned as `nil` (as is a
    /// value in error, which is reported).
    mutating func integerOrAuto(_ value: ConfigValue, key: String, in range: ClosedRange<Int>) -> Int? {
        guard let text = string(value, key: key, allowEmpty: false) else { return nil }
        if text == "auto" { return nil }
        guard Int(text.filter { $0 != "_" }) != nil else {
            fail(value, key, "\"\(text)\" is neither auto nor an integer")
            return nil
        }
        return integer(value, key: key, in: range)
    }

    mutating func duration(_ value: ConfigValue, key: String, allowZero: Bool) -> Int64 {
        guard let text = string(value, key: key, allowEmpty: false) else { return 0 }
        guard let millis = DurationText.parseMillis(text) else {
            fail(value, key, "\"\(text)\" is not a duration: write an integer and a unit (ms, s, m, h, d), e.g. 5s")
            return 0
        }
        if millis == 0 && !allowZero { fail(value, key, "must be greater than zero") }
        return millis
    }

    mutating func endpoints(_ value: ConfigValue, key: String, binding: Bool) -> [Endpoint] {
        var result: [Endpoint] = []
        for (index, item) in list(value, key: key).enumerated() {
            let itemKey = "\(key)[\(index)]"
            guard let text = string(item, key: itemKey, allowEmpty: false) else { continue }
            if let problem = Endpoint.problem(with: text, forBinding: binding) {
                fail(item, itemKey, problem)
            } else if result.contains(Endpoint(text: text)) {
                fail(item, itemKey, "\(text) is listed twice")
            } else {
                result.append(Endpoint(text: text))
            }
        }
        return result
    }

    /// Window sizes are whole seconds so their names fit the contract's units.
    private mutating func windowDuration(_ text: Substring, _ item: ConfigValue, _ key: String, _ what: String) -> Int64? {
        guard let millis = DurationText.parseMillis(String(text)), millis > 0 else {
            fail(item, key, "\(what) \"\(text)\" is not a positive duration (e.g. 10s, 5m, 1h)")
            return nil
        }
        guard millis % 1_000 == 0 else {
            fail(item, key, "\(what) \(text) is not a whole number of seconds")
            return nil
        }
        return millis
    }

    mutating func tumblingWindows(_ value: ConfigValue) -> [WindowSpec] {
        var result: [WindowSpec] = []
        for (index, item) in list(value, key: "windows.tumbling").enumerated() {
            let key = "windows.tumbling[\(index)]"
            guard let text = string(item, key: key, allowEmpty: false),
                let size = windowDuration(Substring(text), item, key, "size")
            else { continue }
            let spec = WindowSpec(tumbling: size)
            if result.contains(spec) { fail(item, key, "window \(spec.name) is listed twice") } else { result.append(spec) }
        }
        return result
    }

    mutating func hoppingWindows(_ value: ConfigValue) -> [WindowSpec] {
        var result: [WindowSpec] = []
        for (index, item) in list(value, key: "windows.hopping").enumerated() {
            let key = "windows.hopping[\(index)]"
            guard let text = string(item, key: key, allowEmpty: false) else { continue }
            let parts = text.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2 else {
                fail(item, key, "\"\(text)\" is not SIZE/EVERY, e.g. 5m/10s")
                continue
            }
            guard let size = windowDuration(parts[0], item, key, "size"),
                let every = windowDuration(parts[1], item, key, "step")
            else { continue }
            guard every <= size, size % every == 0 else {
                fail(item, key, "step \(parts[1]) does not divide size \(parts[0])")
                continue
            }
            let spec = WindowSpec(hopping: size, every: every)
            if result.contains(spec) { fail(item, key, "window \(spec.name) is listed twice") } else { result.append(spec) }
        }
        return result
    }

    mutating func domains(_ value: ConfigValue) -> [String] {
        var result: [String] = []
        for (index, item) in list(value, key: "kpi.domains").enumerated() {
            let key = "kpi.domains[\(index)]"
            guard let name = string(item, key: key, allowEmpty: false) else { continue }
            let valid = name.utf8.count <= 32 && name.utf8.allSatisfy { byte in
                (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                    || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
                    || byte == UInt8(ascii: "-")
            }
            if !valid {
                fail(item, key, "\"\(name)\" is not a domain name (1-32 of a-z 0-9 _ -; it becomes a topic part)")
            } else if name == "all" {
                fail(item, key, "\"all\" is reserved for the kpi.all.<window> records")
            } else if result.contains(name) {
                fail(item, key, "\"\(name)\" is listed twice")
            } else {
                result.append(name)
            }
        }
        if result.isEmpty && errors.isEmpty { fail(value, "kpi.domains", "at least one domain is needed") }
        // Domains are one byte in the aggregation keys, with 255 meaning all domains.
        if result.count > 200 { fail(value, "kpi.domains", "at most 200 domains, got \(result.count)") }
        return result
    }

    mutating func breakdowns(_ value: ConfigValue) -> [TamyrConfiguration.Breakdown] {
        var result: [TamyrConfiguration.Breakdown] = []
        for (index, item) in list(value, key: "kpi.breakdowns").enumerated() {
            let key = "kpi.breakdowns[\(index)]"
            guard let name = string(item, key: key, allowEmpty: false) else { continue }
            guard let breakdown = TamyrConfiguration.Breakdown(rawValue: name) else {
                fail(item, key, "\"\(name)\" is not a breakdown; use service, region or channel")
                continue
            }
            if result.contains(breakdown) { fail(item, key, "\"\(name)\" is listed twice") } else { result.append(breakdown) }
        }
        return result
    }

    mutating func durationMap(
        _ value: ConfigValue,
        key: String,
        checkName: (String) -> String?
    ) -> [String: Int64] {
        var result: [String: Int64] = [:]
        for (name, item) in mapping(value, key: key, allowed: nil) {
            let itemKey = "\(key).\(name)"
            if let problem = checkName(name) {
                fail(item, itemKey, problem)
                continue
            }
            result[name] = duration(item, key: itemKey, allowZero: true)
        }
        return result
    }
}
