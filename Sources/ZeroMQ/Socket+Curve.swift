extension Socket {
    /// Makes this socket a CURVE server (CurveZMQ, ZeroMQ RFC 26): every connection is encrypted
    /// and authenticated with `secretKey`, and peers without CURVE cannot connect at all.
    ///
    /// Which clients may connect is decided by the ZAP handler bound in the socket's context
    /// (``ZAPHandler``), which sees each client's public key. **Without a ZAP handler libzmq
    /// accepts every client key**, so bind the handler before this socket binds.
    ///
    /// Call before ``bind(_:)``.
    ///
    /// - Parameter zapDomain: Named in this socket's ZAP requests (``ZAPRequest/domain``), so one
    ///   handler can tell sockets apart.
    /// - Throws: ``ZMQError``, e.g. `EINVAL` when libzmq was built without CURVE.
    ///
    /// libzmq: `ZMQ_CURVE_SERVER`, `ZMQ_CURVE_SECRETKEY`, `ZMQ_ZAP_DOMAIN`.
    public func enableCurveServer(secretKey: CurveSecretKey, zapDomain: String = "") throws {
        try set(.curveServer, to: 1)
        try set(.curveSecretKey, to: secretKey)
        if !zapDomain.isEmpty { try set(.zapDomain, to: zapDomain) }
    }

    /// Makes this socket a CURVE client of the server whose public key is `serverKey`,
    /// authenticating with `keyPair` (the server's ZAP handler sees `keyPair.publicKey`).
    ///
    /// Call before ``connect(_:)``. A server that refuses the key, or does not speak CURVE,
    /// fails the handshake: nothing is delivered either way, and a ``SocketMonitor`` reports
    /// ``SocketEvent/Kind-swift.struct/handshakeFailedAuth`` or
    /// ``SocketEvent/Kind-swift.struct/handshakeFailedProtocol``.
    ///
    /// - Throws: ``ZMQError``, e.g. `EINVAL` when libzmq was built without CURVE.
    ///
    /// libzmq: `ZMQ_CURVE_SERVERKEY`, `ZMQ_CURVE_PUBLICKEY`, `ZMQ_CURVE_SECRETKEY`.
    public func enableCurveClient(serverKey: CurvePublicKey, keyPair: CurveKeyPair) throws {
        try set(.curveServerKey, to: serverKey)
        try set(.curvePublicKey, to: keyPair.publicKey)
        try set(.curveSecretKey, to: keyPair.secretKey)
    }
}
