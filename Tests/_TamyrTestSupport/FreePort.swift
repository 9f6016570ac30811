import Glibc
import Synchronization

/// Ports ``freeTCPPort()`` has handed out in this process.
private let handedOutPorts = Mutex<Set<Int>>([])

/// A TCP port on 127.0.0.1 that was free a moment ago (the kernel picks it)
/// and that this process has not handed out before: the kernel picks at
/// random and may pick a port again once the probe socket is closed, so
/// without the record two tests running in parallel could get the same port
/// before either binds it. Another process could still take it before the
/// caller binds; tests that need certainty retry.
package func freeTCPPort() -> Int {
    while true {
        let port = kernelPickedPort()
        if handedOutPorts.withLock({ $0.insert(port).inserted }) { return port }
    }
}

private func kernelPickedPort() -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    precondition(fd >= 0, "socket() failed")
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
            bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
        }
    }
    precondition(bound, "bind/getsockname failed")
    return Int(UInt16(bigEndian: address.sin_port))
}
