/// One ZAP request: libzmq asking the context's ZAP handler whether a peer may connect
/// (ZeroMQ RFC 27, ZMQ Authentication Protocol, version 1.0).
///
/// Sent for every handshake on a CURVE or PLAIN server socket (and on NULL sockets that set a
/// ZAP domain), before the peer can send or receive anything.
public struct ZAPRequest: Sendable {
    /// The protocol version; ``ZAPHandler`` answers only `1.0` and refuses anything else.
    public let version: String
    /// Opaque; the reply must carry it back unchanged.
    public let requestID: [UInt8]
    /// The server socket's ZAP domain (``SocketTextOption/zapDomain``); empty when unset.
    public let domain: String
    /// The peer's IP address, e.g. `127.0.0.1`.
    public let address: String
    /// The peer's routing id, often empty.
    public let routingID: [UInt8]
    /// `NULL`, `PLAIN`, `CURVE` or `GSSAPI`.
    public let mechanism: String
    /// The mechanism's credentials: for CURVE, one frame holding the client's 32-byte public key.
    public let credentials: [[UInt8]]

    /// The client's long-term public key: the credential of a CURVE request; nil otherwise.
    public var curveClientKey: CurvePublicKey? {
        guard mechanism == "CURVE", credentials.count == 1 else { return nil }
        return CurvePublicKey(bytes: credentials[0])
    }

    /// Parses a request's frames; nil when there are fewer than the six fixed frames.
    init?(frames: [[UInt8]]) {
        guard frames.count >= 6 else { return nil }
        func text(_ frame: [UInt8]) -> String { String(decoding: frame, as: UTF8.self) }
        version = text(frames[0])
        requestID = frames[1]
        domain = text(frames[2])
        address = text(frames[3])
        routingID = frames[4]
        mechanism = text(frames[5])
        credentials = Array(frames[6...])
    }
}

/// A ZAP handler's answer to one ``ZAPRequest`` (ZeroMQ RFC 27).
public struct ZAPReply: Sendable, Equatable {
    /// `200` success, `300` temporary error, `400` authentication failure, `500` internal error.
    public let statusCode: Int
    /// Human-readable; libzmq only passes it on to the server's monitor.
    public let statusText: String
    /// The identity the server attaches to the peer's messages (`ZMQ_MSG_PROPERTY_USER_ID`).
    public let userID: String

    /// Lets the peer connect; `userID` names it to the server.
    public static func allow(userID: String = "") -> ZAPReply {
        ZAPReply(statusCode: 200, statusText: "OK", userID: userID)
    }

    /// Refuses the peer: its handshake fails and nothing it sends is delivered.
    public static func deny(_ statusText: String) -> ZAPReply {
        ZAPReply(statusCode: 400, statusText: statusText, userID: "")
    }

    /// A reply with any RFC 27 status code.
    public init(statusCode: Int, statusText: String, userID: String) {
        self.statusCode = statusCode
        self.statusText = statusText
        self.userID = userID
    }
}
