import CZeroMQ

/// Facts about the libzmq library this module runs against.
public enum ZeroMQ {
    /// The version of the libzmq loaded at run time (not the headers built against).
    /// libzmq: `zmq_version`.
    public static var version: (major: Int, minor: Int, patch: Int) {
        var major: Int32 = 0
        var minor: Int32 = 0
        var patch: Int32 = 0
        zmq_version(&major, &minor, &patch)
        return (Int(major), Int(minor), Int(patch))
    }

    /// Whether the loaded libzmq was built with `capability`, e.g. `"curve"`, `"ipc"`, `"gssapi"`.
    /// libzmq: `zmq_has`.
    public static func has(_ capability: String) -> Bool {
        LibZMQ.has(capability)
    }

    /// Whether CURVE security (``CurveKeyPair``, ``Socket/enableCurveServer(secretKey:zapDomain:)``)
    /// is available: libzmq was built with libsodium or its bundled TweetNaCl.
    public static var hasCurve: Bool {
        has("curve")
    }
}

// This enum shadows the module's name, so without these a client's `ZeroMQ.Context` would look
// for a member of the enum and fail. `ZeroMQ::` (a module selector) names the module's own types.
extension ZeroMQ {
    /// ``ZeroMQ/Context``, spelled with the module name.
    public typealias Context = ZeroMQ::Context
    /// ``ZeroMQ/Socket``, spelled with the module name.
    public typealias Socket = ZeroMQ::Socket
    /// ``ZeroMQ/SocketKind``, spelled with the module name.
    public typealias SocketKind = ZeroMQ::SocketKind
    /// ``ZeroMQ/SocketOption``, spelled with the module name.
    public typealias SocketOption = ZeroMQ::SocketOption
    /// ``ZeroMQ/Message``, spelled with the module name.
    public typealias Message = ZeroMQ::Message
    /// ``ZeroMQ/Poller``, spelled with the module name.
    public typealias Poller = ZeroMQ::Poller
    /// ``ZeroMQ/PollEvents``, spelled with the module name.
    public typealias PollEvents = ZeroMQ::PollEvents
    /// ``ZeroMQ/ZMQError``, spelled with the module name.
    public typealias ZMQError = ZeroMQ::ZMQError
    /// ``ZeroMQ/Z85``, spelled with the module name.
    public typealias Z85 = ZeroMQ::Z85
    /// ``ZeroMQ/CurvePublicKey``, spelled with the module name.
    public typealias CurvePublicKey = ZeroMQ::CurvePublicKey
    /// ``ZeroMQ/CurveSecretKey``, spelled with the module name.
    public typealias CurveSecretKey = ZeroMQ::CurveSecretKey
    /// ``ZeroMQ/CurveKeyPair``, spelled with the module name.
    public typealias CurveKeyPair = ZeroMQ::CurveKeyPair
    /// ``ZeroMQ/SocketTextOption``, spelled with the module name.
    public typealias SocketTextOption = ZeroMQ::SocketTextOption
    /// ``ZeroMQ/ZAPHandler``, spelled with the module name.
    public typealias ZAPHandler = ZeroMQ::ZAPHandler
    /// ``ZeroMQ/ZAPRequest``, spelled with the module name.
    public typealias ZAPRequest = ZeroMQ::ZAPRequest
    /// ``ZeroMQ/ZAPReply``, spelled with the module name.
    public typealias ZAPReply = ZeroMQ::ZAPReply
    /// ``ZeroMQ/SocketMonitor``, spelled with the module name.
    public typealias SocketMonitor = ZeroMQ::SocketMonitor
    /// ``ZeroMQ/SocketEvent``, spelled with the module name.
    public typealias SocketEvent = ZeroMQ::SocketEvent
}
