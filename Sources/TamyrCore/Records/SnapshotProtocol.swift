/// The snapshot endpoint's requests and replies (docs/protocol.md, "Snapshots"),
/// after the ZeroMQ Guide's Clone pattern (chapter 5): a late-joining consumer asks
/// for the latest record of every series whose topic starts with a prefix, and gets
/// them at once, each as on the PUB socket, then an end marker.
///
/// Request, after the ROUTER's envelope: `["SNAPSHOT"]` or `["SNAPSHOT", prefix]`.
/// Replies: `[topic, payload]` per record, then `["snapshot.end", {"v":1,"prefix":…,"records":N}]`;
/// a bad request gets `["snapshot.error", {"v":1,"error":…}]` instead, and nothing else.
/// Other commands and extra frames are refused rather than ignored, so a later
/// version can give them a meaning without older daemons misreading them.
package enum SnapshotProtocol {
    /// The request's first frame.
    package static let command = "SNAPSHOT"
    /// The end marker's topic: not a topic tamyrd publishes, and outside every prefix of one.
    package static let endTopic = "snapshot.end"
    /// The topic of the reply to a bad request.
    package static let errorTopic = "snapshot.error"
    /// Longest prefix accepted, in bytes: longer than any topic tamyrd publishes.
    package static let maxPrefixBytes = 256

    package enum Request: Equatable, Sendable {
        /// Every series whose topic starts with `prefix` (empty: every series).
        case snapshot(prefix: String)
        /// Why the request cannot be answered, for the error reply.
        case invalid(String)
    }

    /// Reads a request's frames (the ROUTER's identity and any empty delimiter removed).
    package static func parse(_ frames: [[UInt8]]) -> Request {
        guard let first = frames.first, !(frames.count == 1 && first.isEmpty) else {
            return .invalid("empty request: send [\"SNAPSHOT\", topic prefix]")
        }
        guard first.elementsEqual(command.utf8) else {
            return .invalid("unknown request \(quoted(first)): send [\"SNAPSHOT\", topic prefix]")
        }
        guard frames.count <= 2 else {
            return .invalid("\(frames.count) frames: send [\"SNAPSHOT\", topic prefix]")
        }
        let prefix = frames.count == 2 ? frames[1] : []
        guard prefix.count <= maxPrefixBytes else {
            return .invalid("prefix of \(prefix.count) bytes: at most \(maxPrefixBytes)")
        }
        // Topics are printable ASCII without spaces; so must a prefix of one be.
        guard prefix.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            return .invalid("prefix is not printable ASCII: topics are dot-separated ASCII")
        }
        return .snapshot(prefix: String(decoding: prefix, as: UTF8.self))
    }

    /// The end marker's payload: `{"v":1,"prefix":"kpi.","records":12}`.
    package static func endPayload(prefix: String, records: Int, into json: inout JSONWriter) {
        json.reset()
        json.beginObject()
        json.key("v")
        json.integer(1)
        json.key("prefix")
        json.string(prefix)
        json.key("records")
        json.integer(records)
        json.endObject()
    }

    /// The error reply's payload: `{"v":1,"error":"…"}`.
    package static func errorPayload(_ message: String, into json: inout JSONWriter) {
        json.reset()
        json.beginObject()
        json.key("v")
        json.integer(1)
        json.key("error")
        json.string(message)
        json.endObject()
    }

    /// At most 32 bytes of a frame, for an error message: printable ASCII kept, others as `?`.
    private static func quoted(_ frame: [UInt8]) -> String {
        let shown = frame.prefix(32).map { $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 ? Character(UnicodeScalar($0)) : "?" }
        return "\"" + String(shown) + (frame.count > 32 ? "…" : "") + "\""
    }
}
