import ArgumentParser
import TamyrRuntime
import ZeroMQ

/// `--server-key` and `--client-key`, shared by `produce` and `watch`: with both, the socket
/// connects to tamyrd as a CURVE client. Either way a failed handshake (a refused key, or
/// plain against CURVE) ends the command with a clear message instead of a silent wait.
struct CurveClientOptions: ParsableArguments {
    @Option(help: "tamyrd's public key file (security.curve_secret_key_file's .pub): connect with CURVE.")
    var serverKey: String?

    @Option(help: "This client's secret key file (from `tamyr keygen`, mode 0600); its public key must be allow-listed.")
    var clientKey: String?

    var isEnabled: Bool { serverKey != nil }

    func validate() throws {
        if (serverKey == nil) != (clientKey == nil) {
            throw ValidationError("--server-key and --client-key go together")
        }
    }

    /// Makes `socket` a CURVE client when the keys were given; call before it connects.
    /// Returns a monitor of its handshakes (and of `alsoMonitor`), for ``failure(_:endpoint:)``.
    func configure(_ socket: Socket, alsoMonitor: SocketEvent.Kind = []) throws -> SocketMonitor {
        let monitor = try SocketMonitor(socket, events: [.handshakeSucceeded, .handshakeFailed, alsoMonitor])
        guard let serverKey, let clientKey else { return monitor }
        let server: CurvePublicKey
        let client: CurveKeyPair
        do {
            server = try KeyFile.publicKey(at: serverKey)
            client = try CurveKeyPair(secretKey: KeyFile.secretKey(at: clientKey))
        } catch let error as KeyFileError {
            throw CommandFailure("\(error)")
        }
        try socket.enableCurveClient(serverKey: server, keyPair: client)
        return monitor
    }

    /// The first handshake failure `monitor` has reported, without waiting; nil when none.
    func pendingFailure(_ monitor: SocketMonitor, endpoint: String) throws -> String? {
        while let event = try monitor.next(timeout: .zero) {
            if let failure = failure(event, endpoint: endpoint) { return failure }
        }
        return nil
    }

    /// Why the handshake failed, if `event` says it did, in words for the operator.
    func failure(_ event: SocketEvent, endpoint: String) -> String? {
        if event.kind == .handshakeFailedAuth {
            return "tamyrd at \(endpoint) refused this client's CURVE key (ZAP status \(event.value)): "
                + "allow-list its public key (the .pub next to --client-key) in tamyrd's curve_clients"
        }
        guard !event.kind.isDisjoint(with: .handshakeFailed) else { return nil }
        if !isEnabled {
            return "the handshake with \(endpoint) failed (\(event)): the endpoint may require CURVE; "
                + "give --server-key and --client-key"
        }
        return "the CURVE handshake with \(endpoint) failed (\(event)): is the endpoint CURVE, "
            + "and --server-key tamyrd's public key?"
    }
}
