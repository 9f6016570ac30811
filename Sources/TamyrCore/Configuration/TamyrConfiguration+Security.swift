extension TamyrConfiguration {
    /// Whether any endpoint requires CURVE, so the daemon needs its key and a ZAP handler.
    package var usesCurve: Bool {
        ingest.curve || publish.curve
    }

    /// The rules that tie the security keys together, checked once the values themselves are valid:
    ///
    /// - `ingest.curve` and `publish.curve` each need their `curve_clients` allow-list, and a
    ///   `curve_clients` without its `curve: true` is refused rather than silently ignored (an
    ///   operator who wrote an allow-list believes it is enforced);
    /// - `security.curve_secret_key_file` is needed exactly when some endpoint uses CURVE;
    /// - plain TCP on an address other than loopback (`127.0.0.0/8`, `::1`, `localhost`) needs
    ///   `security.allow_plaintext: true`: for `ingest.pull` without `ingest.curve`, for
    ///   `publish.bind` and `publish.snapshot` without `publish.curve`, and for `ingest.subscribe` always (tamyrd
    ///   connects those as a plain client). `ipc://` never leaves the machine and is always allowed;
    /// - `metrics.listen` beyond loopback needs `security.allow_plaintext: true` too (plain HTTP).
    func checkSecurity(_ root: ConfigValue, _ reader: inout ConfigTreeReader) {
        for (section, curve, clients) in [("ingest", ingest.curve, ingest.curveClients), ("publish", publish.curve, publish.curveClients)] {
            let clientsKey = "\(section).curve_clients"
            if curve && clients == nil {
                reader.fail(root.value(at: [section, "curve"]), clientsKey,
                            "required when \(section).curve is true: a file or directory of allowed client public keys")
            } else if !curve && clients != nil {
                reader.fail(root.value(at: [section, "curve_clients"]), clientsKey,
                            "set, but \(section).curve is false: set \(section).curve: true to enforce it, or remove it")
            }
        }
        let keyValue = root.value(at: ["security", "curve_secret_key_file"])
        if usesCurve && security.curveSecretKeyFile == nil {
            reader.fail(keyValue, "security.curve_secret_key_file",
                        "required when ingest.curve or publish.curve is true (create one with `tamyr keygen PREFIX`)")
        } else if !usesCurve && security.curveSecretKeyFile != nil {
            reader.fail(keyValue, "security.curve_secret_key_file", "set, but neither ingest.curve nor publish.curve is true")
        }
        if ingest.curve && ingest.pull.isEmpty {
            reader.fail(root.value(at: ["ingest", "curve"]), "ingest.curve",
                        "no ingest.pull endpoint to secure (ingest.subscribe connections are plain clients)")
        }
        guard !security.allowPlaintext else { return }
        if let listen = metrics.listen, !listen.isLoopback {
            reader.fail(root.value(at: ["metrics", "listen"]), "metrics.listen",
                        "\(listen) is plain HTTP beyond loopback: listen on 127.0.0.1, or allow it with security.allow_plaintext: true")
        }
        let plain: [(key: String, endpoints: [Endpoint], fix: String)] = [
            ("ingest.pull", ingest.curve ? [] : ingest.pull, "set ingest.curve: true"),
            ("publish.bind", publish.curve ? [] : publish.bind, "set publish.curve: true"),
            ("publish.snapshot", publish.curve ? [] : publish.snapshot, "set publish.curve: true"),
            ("ingest.subscribe", ingest.subscribe, "connect to a loopback address"),
        ]
        for (key, endpoints, fix) in plain {
            for (index, endpoint) in endpoints.enumerated() where !endpoint.staysOnThisMachine {
                let path = key.split(separator: ".").map(String.init)
                let item = root.value(at: path[...]).flatMap { value -> ConfigValue? in
                    if case .sequence(let items, _) = value, index < items.count { return items[index] }
                    return value
                }
                reader.fail(item, "\(key)[\(index)]",
                            "\(endpoint.text) is plain TCP beyond loopback: \(fix), or allow it with security.allow_plaintext: true")
            }
        }
    }
}
