import Testing
import TamyrRuntime

/// What the notifier reads from the environment (its datagrams are tested on
/// the real daemon, Tests/interop/test_systemd_notify.py).
@Suite("The notifier follows NOTIFY_SOCKET, WATCHDOG_USEC and WATCHDOG_PID")
struct SystemdNotifierTests {
    @Test("without NOTIFY_SOCKET nothing is sent")
    func disabled() {
        let notifier = SystemdNotifier(environment: ["WATCHDOG_USEC": "1000000"])
        #expect(!notifier.isEnabled)
        #expect(!notifier.ready())
        #expect(!notifier.watchdog())
    }

    @Test("WATCHDOG_USEC applies to this process only when WATCHDOG_PID is unset or names it")
    func watchdogOwner() {
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": "4000000"], pid: 42).watchdogMicros == 4_000_000)
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": "4000000", "WATCHDOG_PID": "42"], pid: 42).watchdogMicros == 4_000_000)
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": "4000000", "WATCHDOG_PID": "43"], pid: 42).watchdogMicros == nil)
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": "0"]).watchdogMicros == nil)
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": "soon"]).watchdogMicros == nil)
    }

    @Test("a NOTIFY_SOCKET that is neither a path nor @abstract is ignored")
    func badSocket() {
        #expect(!SystemdNotifier(environment: ["NOTIFY_SOCKET": "relative/path"]).isEnabled)
        #expect(!SystemdNotifier(environment: ["NOTIFY_SOCKET": "/" + String(repeating: "x", count: 200)]).isEnabled)
    }
}
