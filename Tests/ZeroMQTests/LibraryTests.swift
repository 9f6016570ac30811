import Testing
import ZeroMQ

@Suite("Library facts")
struct LibraryTests {
    @Test("the loaded libzmq is version 4.x")
    func version() {
        let version = ZeroMQ.version
        #expect(version.major == 4)
        #expect(version.minor >= 0 && version.patch >= 0)
    }

    @Test("socket kinds describe themselves with libzmq's names")
    func kindDescriptions() {
        #expect([SocketKind.push, .pull, .pub, .sub].map(\.description) == ["PUSH", "PULL", "PUB", "SUB"])
        #expect(Set([SocketKind.push, .pull, .pub, .sub, .push]).count == 4)
    }

    @Test("types can be qualified with the module name despite the ZeroMQ enum")
    func moduleQualifiedNames() throws {
        let context: ZeroMQ.Context = try Context()
        let socket: ZeroMQ.Socket = try ZeroMQ.Socket(.push, context: context)
        let option: ZeroMQ.SocketOption<Int32> = .sendHighWaterMark
        #expect(try socket.get(option) == 1_000)
    }
}
