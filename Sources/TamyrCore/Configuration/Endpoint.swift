/// A ZeroMQ endpoint from the configuration, checked for shape before any
/// socket sees it so a typo is a config error, not a start-up crash.
///
/// Accepted: `tcp://HOST:PORT` (HOST an IPv4 address, a bracketed IPv6
/// address, a name, or `*` when binding; PORT 1-65535, or `*` when binding for
/// an ephemeral port) and `ipc://PATH`.
package struct Endpoint: Hashable, Sendable, CustomStringConvertible {
    package var text: String

    package var description: String { text }

    /// Whether traffic on this endpoint cannot leave the machine: `ipc://`, or `tcp://` on a
    /// loopback host (`127.0.0.0/8`, `[::1]`, `localhost`). A name other than `localhost`, `*`
    /// and `0.0.0.0` count as reaching the network: the check cannot resolve names, and errs
    /// on the side of asking for CURVE or `security.allow_plaintext`.
    package var staysOnThisMachine: Bool {
        if text.hasPrefix("ipc://") { return true }
        guard text.hasPrefix("tcp://"), let colon = text.lastIndex(of: ":") else { return false }
        let host = text[text.index(text.startIndex, offsetBy: "tcp://".count)..<colon]
        if host == "localhost" || host == "[::1]" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    /// Why `text` is not a usable endpoint, or nil when it is.
    package static func problem(with text: String, forBinding: Bool) -> String? {
        if text.hasPrefix("ipc://") {
            return text.count > "ipc://".count ? nil : "ipc endpoint needs a path, e.g. ipc:///run/tamyr/ingest"
        }
        guard text.hasPrefix("tcp://") else {
            return "\"\(text)\" is not an endpoint: expected tcp://HOST:PORT or ipc://PATH"
        }
        let rest = text.dropFirst("tcp://".count)
        guard let colon = rest.lastIndex(of: ":") else {
            return "\"\(text)\" has no port: expected tcp://HOST:PORT"
        }
        let host = rest[..<colon]
        let port = rest[rest.index(after: colon)...]
        if host.isEmpty { return "\"\(text)\" has no host" }
        if host == "*" && !forBinding { return "\"\(text)\": `*` as host only works for bound endpoints" }
        if host.contains(where: { $0 == " " || $0 == "/" }) { return "\"\(text)\": bad host \"\(host)\"" }
        if port == "*" {
            return forBinding ? nil : "\"\(text)\": port `*` only works for bound endpoints"
        }
        guard let number = Int(port), (1...65_535).contains(number) else {
            return "\"\(text)\": port must be 1-65535"
        }
        return nil
    }
}
