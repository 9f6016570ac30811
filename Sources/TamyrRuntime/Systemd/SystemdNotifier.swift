import Glibc

/// Tells systemd how tamyrd is doing: the sd_notify protocol, spoken directly.
///
/// Each notification is one datagram of `KEY=VALUE` lines sent to the
/// `AF_UNIX` socket named by `$NOTIFY_SOCKET` (a leading `@` names a socket in
/// the abstract namespace), as `sd_notify(3)` does; no libsystemd. Without
/// `$NOTIFY_SOCKET` (not started by systemd, or `Type=simple`) every method
/// does nothing and returns `false`.
///
/// - Concurrency: `Sendable`. One datagram socket, opened at init and closed at
///   deinit; `sendto(2)` on it is safe from any thread, and each notification
///   is one datagram, so concurrent notifications never interleave.
package final class SystemdNotifier: Sendable {
    /// The datagram socket, or -1 when there is nowhere to send.
    private let descriptor: Int32
    /// `$NOTIFY_SOCKET` as `sendto(2)` takes it.
    private let address: sockaddr_un
    private let addressLength: socklen_t
    /// How often systemd expects `WATCHDOG=1`: `$WATCHDOG_USEC` in microseconds,
    /// nil when the watchdog is off (or `$WATCHDOG_PID` names another process).
    package let watchdogMicros: Int64?

    /// A notifier that sends nothing: for tests and for callers outside systemd.
    package static let disabled = SystemdNotifier(environment: [:])

    /// Reads `NOTIFY_SOCKET`, `WATCHDOG_USEC` and `WATCHDOG_PID` from `environment`.
    /// `pid`: this process, compared with `WATCHDOG_PID` (systemd sets it so that
    /// a child that inherited the variables does not ping for its parent).
    package init(environment: [String: String], pid: Int32 = getpid()) {
        watchdogMicros = Self.watchdogMicros(environment, pid: pid)
        guard let path = environment["NOTIFY_SOCKET"], let (address, length) = Self.socketAddress(path) else {
            (descriptor, address, addressLength) = (-1, sockaddr_un(), 0)
            return
        }
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        (self.address, addressLength) = (address, length)
    }

    /// The notifier for this process's environment (`getenv`; only the three variables are read).
    package static func fromProcessEnvironment() -> SystemdNotifier {
        var environment: [String: String] = [:]
        for name in ["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"] {
            if let value = getenv(name) { environment[name] = String(cString: value) }
        }
        return SystemdNotifier(environment: environment)
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// True when notifications go somewhere.
    package var isEnabled: Bool { descriptor >= 0 }

    /// `READY=1`: start-up (or a reload) is complete; with an optional `STATUS=` line.
    @discardableResult
    package func ready(status: String? = nil) -> Bool {
        notify("READY=1" + (status.map { "\nSTATUS=" + Self.oneLine($0) } ?? ""))
    }

    /// `RELOADING=1` with `MONOTONIC_USEC=` (the reload's start on CLOCK_MONOTONIC,
    /// which systemd 253 and later require); call ``ready(status:)`` when it is done.
    @discardableResult
    package func reloading() -> Bool {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        let micros = Int64(spec.tv_sec) * 1_000_000 + Int64(spec.tv_nsec) / 1_000
        return notify("RELOADING=1\nMONOTONIC_USEC=\(micros)")
    }

    /// `STOPPING=1`: a graceful stop has begun.
    @discardableResult
    package func stopping() -> Bool { notify("STOPPING=1") }

    /// `STATUS=`: one line `systemctl status` shows.
    @discardableResult
    package func status(_ text: String) -> Bool { notify("STATUS=" + Self.oneLine(text)) }

    /// `WATCHDOG=1`: the pipeline is alive. Send only from the pipeline's own loops.
    @discardableResult
    package func watchdog() -> Bool { notify("WATCHDOG=1") }

    /// Sends `state` (newline-separated assignments) as one datagram; false when
    /// disabled or when `sendto(2)` fails (systemd gone, the socket full): a
    /// notification is advice to the supervisor, never a reason to stop.
    @discardableResult
    package func notify(_ state: String) -> Bool {
        guard descriptor >= 0 else { return false }
        let bytes = Array(state.utf8)
        let sent = bytes.withUnsafeBytes { message in
            withUnsafePointer(to: address) { unix in
                // sendto(2) takes any socket address as a `sockaddr *` and reads addressLength bytes.
                unix.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                    sendto(descriptor, message.baseAddress, message.count, Int32(MSG_NOSIGNAL), generic, addressLength)
                }
            }
        }
        return sent == bytes.count
    }

    /// The `sockaddr_un` and its length for `path`: a filesystem path (absolute),
    /// or `@name` for the abstract namespace (a leading NUL, and a length without
    /// a trailing NUL, since every byte of an abstract name counts). Nil when it
    /// is neither or does not fit.
    static func socketAddress(_ path: String) -> (sockaddr_un, socklen_t)? {
        var name = Array(path.utf8)
        guard let first = name.first, first == UInt8(ascii: "/") || first == UInt8(ascii: "@") else { return nil }
        let abstract = first == UInt8(ascii: "@")
        if abstract { name[0] = 0 }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        // A path needs room for its terminating NUL (sun_path is zeroed); an abstract name does not.
        guard name.count + (abstract ? 0 : 1) <= MemoryLayout.size(ofValue: address.sun_path) else { return nil }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: name) }
        let length = MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + name.count + (abstract ? 0 : 1)
        return (address, socklen_t(length))
    }

    private static func watchdogMicros(_ environment: [String: String], pid: Int32) -> Int64? {
        guard let text = environment["WATCHDOG_USEC"], let micros = Int64(text), micros > 0 else { return nil }
        if let owner = environment["WATCHDOG_PID"], Int32(owner) != pid { return nil }
        return micros
    }

    /// A `STATUS=` value is one line: a newline would start another assignment.
    private static func oneLine(_ text: String) -> String {
        String(text.map { $0.isNewline ? " " : $0 })
    }
}
