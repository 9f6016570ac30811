import CZeroMQ

/// A socket option and the Swift type of its value, for ``Socket/set(_:to:)`` and ``Socket/get(_:)``.
///
/// Each descriptor names its libzmq constant. `Value` is the exact C type libzmq reads and
/// writes (`int` as `Int32`, `int64_t` as `Int64`), so the byte size passed to libzmq is always right.
public struct SocketOption<Value: BitwiseCopyable>: Sendable {
    let name: Int32
    let cName: StaticString

    private init(_ name: Int32, _ cName: StaticString) {
        self.name = name
        self.cName = cName
    }
}

extension SocketOption where Value == Int32 {
    /// Outbound queue limit per peer, in messages; `0` is unlimited. At the limit PUSH blocks
    /// and PUB drops. Default 1000. libzmq: `ZMQ_SNDHWM`.
    public static var sendHighWaterMark: Self { Self(ZMQ_SNDHWM, "ZMQ_SNDHWM") }

    /// Inbound queue limit per peer, in messages; `0` is unlimited. Default 1000. libzmq: `ZMQ_RCVHWM`.
    public static var receiveHighWaterMark: Self { Self(ZMQ_RCVHWM, "ZMQ_RCVHWM") }

    /// Milliseconds unsent messages may delay context termination after close; `-1` is forever,
    /// `0` discards them. ``Socket/init(_:context:linger:)`` always sets it. libzmq: `ZMQ_LINGER`.
    public static var linger: Self { Self(ZMQ_LINGER, "ZMQ_LINGER") }

    /// Milliseconds a blocking receive waits before returning `false`; `-1` (default) is forever.
    /// libzmq: `ZMQ_RCVTIMEO`.
    public static var receiveTimeout: Self { Self(ZMQ_RCVTIMEO, "ZMQ_RCVTIMEO") }

    /// Milliseconds a blocking send waits before returning `false`; `-1` (default) is forever.
    /// libzmq: `ZMQ_SNDTIMEO`.
    public static var sendTimeout: Self { Self(ZMQ_SNDTIMEO, "ZMQ_SNDTIMEO") }

    /// `1` queues messages only to completed connections, so sends block (PUSH) instead of filling
    /// queues for peers that are not there yet. Default `0`. libzmq: `ZMQ_IMMEDIATE`.
    public static var immediate: Self { Self(ZMQ_IMMEDIATE, "ZMQ_IMMEDIATE") }

    /// `1` lets TCP endpoints use IPv6 as well as IPv4. Default `0`. libzmq: `ZMQ_IPV6`.
    public static var ipv6: Self { Self(ZMQ_IPV6, "ZMQ_IPV6") }

    /// `1` enables and `0` disables TCP keepalive (`SO_KEEPALIVE`); `-1` (default) keeps the OS
    /// setting. libzmq: `ZMQ_TCP_KEEPALIVE`.
    public static var tcpKeepalive: Self { Self(ZMQ_TCP_KEEPALIVE, "ZMQ_TCP_KEEPALIVE") }

    /// `1` makes the socket a CURVE server: every peer must complete a CurveZMQ handshake with
    /// the socket's ``curveSecretKey``, and a ZAP handler in the context, if one is bound
    /// (``ZAPHandler``), accepts or refuses each client's key. Set before ``Socket/bind(_:)``.
    /// libzmq: `ZMQ_CURVE_SERVER`.
    public static var curveServer: Self { Self(ZMQ_CURVE_SERVER, "ZMQ_CURVE_SERVER") }

    /// `1` makes a ``SocketKind/router`` report what it would otherwise drop silently: a message
    /// for an unknown (or vanished) peer throws `EHOSTUNREACH`, and one for a peer at its
    /// high-water mark blocks, or returns `false` with `dontWait`. Default `0`.
    /// libzmq: `ZMQ_ROUTER_MANDATORY`.
    public static var routerMandatory: Self { Self(ZMQ_ROUTER_MANDATORY, "ZMQ_ROUTER_MANDATORY") }

    /// What the socket could do now, read-only, as ``PollEvents`` bits. Reading it also makes
    /// libzmq process the socket's pending commands at once (new connections, a PUB socket's
    /// new subscriptions), which sends otherwise do only now and then. libzmq: `ZMQ_EVENTS`.
    public static var events: Self { Self(ZMQ_EVENTS, "ZMQ_EVENTS") }

    /// The socket's security mechanism, read-only: `0` NULL (none), `1` PLAIN, `2` CURVE.
    /// libzmq: `ZMQ_MECHANISM`.
    public static var mechanism: Self { Self(ZMQ_MECHANISM, "ZMQ_MECHANISM") }
}

extension SocketOption where Value == CurvePublicKey {
    /// The socket's own long-term public key, as a CURVE client. libzmq: `ZMQ_CURVE_PUBLICKEY`.
    public static var curvePublicKey: Self { Self(ZMQ_CURVE_PUBLICKEY, "ZMQ_CURVE_PUBLICKEY") }

    /// The public key of the CURVE server this client connects to; setting it makes the socket a
    /// CURVE client. libzmq: `ZMQ_CURVE_SERVERKEY`.
    public static var curveServerKey: Self { Self(ZMQ_CURVE_SERVERKEY, "ZMQ_CURVE_SERVERKEY") }
}

extension SocketOption where Value == CurveSecretKey {
    /// The socket's own long-term secret key, as a CURVE server or client.
    /// libzmq: `ZMQ_CURVE_SECRETKEY`.
    public static var curveSecretKey: Self { Self(ZMQ_CURVE_SECRETKEY, "ZMQ_CURVE_SECRETKEY") }
}

extension SocketOption where Value == Int64 {
    /// Largest inbound message in bytes; `-1` (default) is unlimited. A peer that sends a larger
    /// message is disconnected and the message is never delivered. libzmq: `ZMQ_MAXMSGSIZE`.
    public static var maxMessageSize: Self { Self(ZMQ_MAXMSGSIZE, "ZMQ_MAXMSGSIZE") }
}
