package import TamyrCore
package import ZeroMQ

/// What tamyrd needs to run CURVE endpoints: its own key pair and the allow-lists, read and
/// checked once at start-up (and by `--check-config`), before any socket exists.
package struct CurveCredentials: Sendable {
    /// tamyrd's key pair; clients configure the public half as their server key.
    package let server: CurveKeyPair
    /// Producers allowed on `ingest.pull`; nil when `ingest.curve` is false.
    package let producers: ClientAllowList?
    /// Consumers allowed on `publish.bind`; nil when `publish.curve` is false.
    package let consumers: ClientAllowList?

    package init(server: CurveKeyPair, producers: ClientAllowList?, consumers: ClientAllowList?) {
        self.server = server
        self.producers = producers
        self.consumers = consumers
    }

    /// Reads the key files `configuration` names; nil when no endpoint uses CURVE.
    ///
    /// - Throws: ``ConfigErrors`` with one error per unusable file, each naming the file (and
    ///   line) and the configuration key that points at it, e.g. a secret key file that group or
    ///   others may read, a malformed key, an empty allow-list, or libzmq without CURVE.
    package static func load(for configuration: TamyrConfiguration) throws(ConfigErrors) -> CurveCredentials? {
        guard configuration.usesCurve, let secretPath = configuration.security.curveSecretKeyFile else { return nil }
        var errors: [ConfigError] = []
        func problem(_ error: KeyFileError, _ key: String) {
            errors.append(ConfigError(source: error.path, line: error.line, key: key, message: error.message))
        }
        guard ZeroMQ.hasCurve else {
            throw ConfigErrors([ConfigError(
                source: secretPath, line: nil, key: "security.curve_secret_key_file",
                message: "this libzmq was built without CURVE support (zmq_has(\"curve\") is false)"
            )])
        }
        var server: CurveKeyPair?
        do {
            server = try CurveKeyPair(secretKey: KeyFile.secretKey(at: secretPath))
        } catch let error as KeyFileError {
            problem(error, "security.curve_secret_key_file")
        } catch {
            errors.append(ConfigError(source: secretPath, line: nil, key: "security.curve_secret_key_file", message: "\(error)"))
        }
        func allowList(_ path: String?, _ key: String) -> ClientAllowList? {
            guard let path else { return nil }
            do {
                return try ClientAllowList.load(path)
            } catch {
                problem(error, key)
                return nil
            }
        }
        let producers = configuration.ingest.curve ? allowList(configuration.ingest.curveClients, "ingest.curve_clients") : nil
        let consumers = configuration.publish.curve ? allowList(configuration.publish.curveClients, "publish.curve_clients") : nil
        guard errors.isEmpty, let server else { throw ConfigErrors(errors) }
        return CurveCredentials(server: server, producers: producers, consumers: consumers)
    }
}
