/// An HTTP listening address from the configuration (`metrics.listen`):
/// `HOST:PORT`, HOST an IPv4 address, a bracketed IPv6 address or
/// `localhost`, PORT 1-65535. Checked for shape before any socket sees it.
package struct ListenAddress: Hashable, Sendable, CustomStringConvertible {
    /// The host as the socket layer takes it (IPv6 without its brackets).
    package var host: String
    package var port: Int

    package init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    package var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// Whether connections can only come from this machine: `127.0.0.0/8`, `::1`, `localhost`.
    package var isLoopback: Bool {
        if host == "localhost" || host == "::1" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    /// The address `text` names, or why it is not one.
    package static func parse(_ text: String) -> Result<ListenAddress, Problem> {
        guard let colon = text.lastIndex(of: ":") else {
            return .failure(Problem("\"\(text)\" has no port: expected HOST:PORT, e.g. 127.0.0.1:7109"))
        }
        var host = String(text[..<colon])
        let port = text[text.index(after: colon)...]
        guard let number = Int(port), (1...65_535).contains(number) else {
            return .failure(Problem("\"\(text)\": port must be 1-65535"))
        }
        if host.hasPrefix("[") && host.hasSuffix("]") && host.count > 2 {
            host = String(host.dropFirst().dropLast())
            guard host.allSatisfy({ $0.isHexDigit || $0 == ":" }) else {
                return .failure(Problem("\"\(text)\": bad IPv6 address"))
            }
            return .success(ListenAddress(host: host, port: number))
        }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        let isIPv4 = octets.count == 4 && octets.allSatisfy { UInt8($0) != nil }
        guard isIPv4 || host == "localhost" else {
            return .failure(Problem("\"\(text)\": the host must be an IPv4 address, [IPv6] or localhost"))
        }
        return .success(ListenAddress(host: host, port: number))
    }

    /// Why a text is not a listening address, in operator words.
    package struct Problem: Error, Sendable {
        package var message: String
        init(_ message: String) { self.message = message }
    }
}
