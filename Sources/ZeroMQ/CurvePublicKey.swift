/// A CURVE public key (CurveZMQ, ZeroMQ RFC 26): what a server publishes so clients can connect,
/// and what a client presents, and a server's allow-list checks, in the handshake.
///
/// 32 bytes; written as 40 characters of ``Z85``. Its `description` is the Z85 form, so it is
/// safe to log. libzmq: `ZMQ_CURVE_PUBLICKEY`, `ZMQ_CURVE_SERVERKEY`.
public struct CurvePublicKey: BitwiseCopyable, Hashable, Sendable, CustomStringConvertible {
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

    /// The 32 bytes of the key.
    public var bytes: [UInt8] {
        storage.bytes
    }

    /// The 40-character Z85 form, as key files hold it.
    public var z85: String {
        storage.z85
    }

    /// The Z85 form.
    public var description: String {
        z85
    }
}
