/// A CURVE key pair: a secret key and the public key that belongs to it.
///
/// libzmq: `zmq_curve_keypair`, `zmq_curve_public`.
public struct CurveKeyPair: Sendable {
    /// The half that may be published and allow-listed.
    public let publicKey: CurvePublicKey
    /// The half that must stay private.
    public let secretKey: CurveSecretKey

    /// The pair of `secretKey`, its public key derived from it.
    ///
    /// - Throws: ``ZMQError`` with `ENOTSUP` when libzmq was built without CURVE.
    public init(secretKey: CurveSecretKey) throws {
        self.secretKey = secretKey
        self.publicKey = try secretKey.publicKey()
    }

    /// A fresh random key pair, from libzmq's cryptographic random source.
    ///
    /// - Throws: ``ZMQError`` with `ENOTSUP` when libzmq was built without CURVE.
    ///
    /// libzmq: `zmq_curve_keypair`.
    public static func generate() throws -> CurveKeyPair {
        let (publicText, secretText) = try LibZMQ.curveKeyPair()
        guard let publicKey = CurveKeyBytes(z85: String(decoding: publicText, as: UTF8.self)),
            let secretKey = CurveKeyBytes(z85: String(decoding: secretText, as: UTF8.self))
        else {
            preconditionFailure("zmq_curve_keypair returned a malformed key")
        }
        return CurveKeyPair(publicKey: CurvePublicKey(storage: publicKey), secretKey: CurveSecretKey(storage: secretKey))
    }

    private init(publicKey: CurvePublicKey, secretKey: CurveSecretKey) {
        self.publicKey = publicKey
        self.secretKey = secretKey
    }
}
