import Testing
import ZeroMQ

/// The transports the round-trip tests run over.
enum Transport: String, CaseIterable, Sendable {
    case inproc, ipc, tcp
}

@Suite("PUSH/PULL delivers exact bytes")
struct PushPullTests {
    @Test("binary, non-ASCII text and empty frames arrive byte for byte", arguments: Transport.allCases)
    func roundTrip(transport: Transport) throws {
        let context = try Context()
        let pull = try Socket(.pull, context: context)
        try pull.set(.receiveTimeout, to: 5_000)
        let push = try Socket(.push, context: context)

        var directory: TemporaryDirectory?
        defer { directory?.remove(files: ["pull.sock"]) }
        switch transport {
        case .inproc:
            let endpoint = TestEndpoints.inproc("push-pull")
            try pull.bind(endpoint)
            try push.connect(endpoint)
        case .ipc:
            directory = try TemporaryDirectory()
            try pull.bind("ipc://\(directory!.path)/pull.sock")
            try push.connect(try pull.lastEndpoint)
        case .tcp:
            try pull.bind(TestEndpoints.anyLoopbackPort)
            let endpoint = try pull.lastEndpoint
            #expect(endpoint.hasPrefix("tcp://127.0.0.1:") && !endpoint.hasSuffix(":*"))
            try push.connect(endpoint)
        }

        let binary: [UInt8] = [0x00, 0xFF, 0x7F, 0x80, 0x00, 0x0A]
        let text = "Алматы ₸ 1 500,00 🇰🇿"  // 2-, 3- and 4-byte UTF-8 sequences
        #expect(try push.send(binary))
        #expect(try push.send(text))
        #expect(try push.send([UInt8]()))
        #expect(try push.send(""))

        let message = Message()
        #expect(try pull.receive(into: message))
        #expect(message.bytes == binary)
        #expect(try pull.receive(into: message))
        #expect(message.count == text.utf8.count)
        #expect(message.bytes == Array(text.utf8))
        #expect(message.withUnsafeBytes { String(decoding: $0, as: UTF8.self) } == text)
        for _ in 0 ..< 2 {
            #expect(try pull.receive(into: message))
            #expect(message.count == 0)
            #expect(!message.hasMore)
        }
        #expect(try !pull.receive(into: message, dontWait: true))
    }

    @Test("a raw buffer is sent with its exact length")
    func rawBufferSend() throws {
        let context = try Context()
        let endpoint = TestEndpoints.inproc("raw-buffer")
        let pull = try Socket(.pull, context: context)
        try pull.set(.receiveTimeout, to: 5_000)
        try pull.bind(endpoint)
        let push = try Socket(.push, context: context)
        try push.connect(endpoint)

        let storage: [UInt8] = Array(0 ..< 200)
        #expect(try storage.withUnsafeBytes { try push.send(UnsafeRawBufferPointer(rebasing: $0[10 ..< 60])) })

        let message = Message()
        #expect(try pull.receive(into: message))
        #expect(message.bytes == Array(10 ..< 60))
    }
}
