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
}
