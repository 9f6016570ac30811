import Foundation
import ZeroMQ

/// A real SUB consumer of `status.tamyrd` for tests.
package final class StatusSubscriber {
    private let context: Context
    private let socket: Socket

    package init(endpoint: String, topic: String = "status.tamyrd") throws {
        context = try Context()
        socket = try Socket(.sub, context: context, linger: .zero)
        try socket.set(.receiveTimeout, to: 100)
        try socket.subscribe(topic)
        try socket.connect(endpoint)
    }

    /// The next record on the topic, or nil after `timeout` seconds (times ``TimeoutScale/factor``).
    package func next(timeout: Double) throws -> (topic: String, record: [String: Any])? {
        try next(until: Date().addingTimeInterval(TimeoutScale.seconds(timeout)))
    }

    private func next(until deadline: Date) throws -> (topic: String, record: [String: Any])? {
        while Date() < deadline {
            guard let frames = try socket.receiveMultipart(), frames.count == 2 else { continue }
            let object = try JSONSerialization.jsonObject(with: Data(frames[1]))
            guard let record = object as? [String: Any] else { continue }
            return (String(decoding: frames[0], as: UTF8.self), record)
        }
        return nil
    }

    /// Waits for a status record satisfying `condition`, returning it, or nil after
    /// `timeout` seconds (times ``TimeoutScale/factor``).
    package func waitFor(timeout: Double, _ condition: ([String: Any]) -> Bool) throws -> [String: Any]? {
        let deadline = Date().addingTimeInterval(TimeoutScale.seconds(timeout))
        while Date() < deadline {
            guard let (_, record) = try next(until: deadline) else { return nil }
            if condition(record) { return record }
        }
        return nil
    }

    package func close() { socket.close() }
}

extension Dictionary where Key == String, Value == Any {
    /// An integer field of a decoded JSON object (0 when absent).
    package func int(_ key: String) -> Int { (self[key] as? NSNumber)?.intValue ?? 0 }
    /// A nested object field (empty when absent).
    package func object(_ key: String) -> [String: Any] { self[key] as? [String: Any] ?? [:] }
}
