/// A CURVE secret key: proves the holder owns the matching ``CurvePublicKey``.
///
/// 32 bytes; written as 40 characters of ``Z85``. It never prints itself: `description`,
/// `debugDescription` and reflection (`dump`, string interpolation) show a placeholder, so a log
/// line or an error message cannot leak it by accident. Read ``z85`` explicitly to write it to a
/// key file. libzmq: `ZMQ_CURVE_SECRETKEY`.
public struct CurveSecretKey: BitwiseCopyable, Sendable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    let storage: CurveKeyBytes

    init(storage: CurveKeyBytes) {
        self.storage = storage
    }

    /// The key whose Z85 form is `z85` (exactly 40 characters of the Z85 alphabet), or nil.
    public init?(z85: some StringProtocol) {
        guard let storage = CurveKeyBytes(z85: z85) else { return nil }
        self.storage = storage
    }

    /// The key made of `bytes` (exactly 32), or nil.
    public init?(bytes: some Collection<UInt8>) {
        guard let storage = CurveKeyBytes(bytes) else { return nil }
        self.storage = storage
    }

    /// The 40-character Z85 form, for writing the key to its file.
    public var z85: String {
        storage.z85
    }

    /// The public key that belongs to this secret key.
    ///
    /// - Throws: ``ZMQError`` with `ENOTSUP` when libzmq was built without CURVE.
    ///
    /// libzmq: `zmq_curve_public`.
    public func publicKey() throws -> CurvePublicKey {
        let text = try LibZMQ.curvePublic(Array(storage.z85.utf8))
        // libzmq wrote 40 Z85 characters of a 32-byte key, which always decode.
        guard let derived = CurveKeyBytes(z85: String(decoding: text, as: UTF8.self)) else {
            preconditionFailure("zmq_curve_public returned a malformed key")
        }
        return CurvePublicKey(storage: derived)
    }

    /// A placeholder: the key itself is never printed.
    public var description: String {
        "CurveSecretKey(redacted)"
    }

    /// A placeholder: the key itself is never printed.
    public var debugDescription: String {
        description
    }

    /// No children, so `dump` and `Mirror` show nothing of the key.
    public var customMirror: Mirror {
        Mirror(self, children: [:])
    }
}
