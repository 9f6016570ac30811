/// The 32 bytes of a CURVE key, stored inline.
///
/// Bitwise-copyable, so a key is a plain value that ``SocketOption`` hands to `zmq_setsockopt`
/// by address as libzmq's 32-byte binary form. Four words rather than a tuple of 32 bytes
/// because tuples cannot be `Hashable`; the bytes are the words' memory, in order.
struct CurveKeyBytes: BitwiseCopyable, Hashable, Sendable {
    private var word0: UInt64 = 0
    private var word1: UInt64 = 0
    private var word2: UInt64 = 0
    private var word3: UInt64 = 0

    /// Binary size of every CURVE key. libzmq: the 32-byte form of `ZMQ_CURVE_*KEY`.
    static let count = 32

    /// The key in `bytes`, or nil unless there are exactly 32 of them.
    init?(_ bytes: some Collection<UInt8>) {
        guard bytes.count == Self.count else { return nil }
        withUnsafeMutableBytes(of: &self) { storage in
            for (index, byte) in bytes.enumerated() { storage[index] = byte }
        }
    }

    /// The key whose Z85 form (40 characters) is `text`, or nil when `text` is anything else.
    init?(z85 text: some StringProtocol) {
        guard text.utf8.count == 40, let bytes = Z85.decode(text) else { return nil }
        self.init(bytes)
    }

    var bytes: [UInt8] {
        withUnsafeBytes(of: self) { Array($0) }
    }

    /// The 40-character Z85 form.
    var z85: String {
        // 32 is a multiple of 4, so encoding cannot fail.
        withUnsafeBytes(of: self) { LibZMQ.z85Encode($0) }
    }
}
