/// Z85, ZeroMQ's text encoding of binary data (ZeroMQ RFC 32): 5 printable ASCII characters per
/// 4 bytes, the form in which CURVE keys are written to files and configuration.
///
/// libzmq: `zmq_z85_encode`, `zmq_z85_decode`.
public enum Z85 {
    /// The Z85 text of `bytes`, or nil when their count is not a multiple of 4 (Z85 has no padding).
    /// O(n); allocates the result.
    public static func encode(_ bytes: some Collection<UInt8>) -> String? {
        guard bytes.count % 4 == 0 else { return nil }
        return Array(bytes).withUnsafeBytes { LibZMQ.z85Encode($0) }
    }

    /// The bytes `text` encodes, or nil when it is not Z85: a length that is not a multiple of 5,
    /// a character outside Z85's 85-character alphabet (spaces and line ends included), or a
    /// 5-character group worth more than 2^32 - 1. Never traps, whatever the input. O(n).
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        LibZMQ.z85Decode(Array(text.utf8))
    }
}
