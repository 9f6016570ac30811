import ServiceLifecycle
import TamyrCore

/// Sends systemd a `STATUS=` line every `intervalMillis` once tamyrd is ready:
/// the event rate since the last line, the watermark and the total received,
/// all read from ``DaemonHealth``. `systemctl status tamyrd` shows the latest.
///
/// A timer on purpose: status is information, not liveness (the watchdog is
/// ``PipelineWatchdog``, driven by the pipeline's own loops). Returns at the
/// graceful stop.
package struct SystemdStatusReporter: Service {
    package let notifier: SystemdNotifier
    package let health: DaemonHealth
    package let intervalMillis: Int64

    /// Lines at most this often (tamyrd uses `publish.status_every`, but no less).
    package static let minimumIntervalMillis: Int64 = 1_000

    package init(notifier: SystemdNotifier, health: DaemonHealth, intervalMillis: Int64) {
        self.notifier = notifier
        self.health = health
        self.intervalMillis = max(1, intervalMillis)
    }

    package func run() async {
        let (notifier, health, interval) = (notifier, health, intervalMillis)
        await cancelWhenGracefulShutdown {
            var last = (millis: WallClock.monotonicMillis(), received: health.received)
            while true {
                do { try await Task.sleep(for: .milliseconds(interval)) } catch { return }
                let now = (millis: WallClock.monotonicMillis(), received: health.received)
                guard health.isReady else {
                    last = now
                    continue
                }
                let perSecond = Self.rate(events: now.received &- last.received, overMillis: now.millis - last.millis)
                notifier.status(Self.line(perSecond: perSecond, watermarkMillis: health.watermarkMillis, received: now.received))
                last = now
            }
        }
    }

    /// Events per second, rounded down; 0 over an empty interval.
    static func rate(events: UInt64, overMillis: Int64) -> UInt64 {
        overMillis > 0 ? events * 1_000 / UInt64(overMillis) : 0
    }

    /// `1234 events/s, watermark 2026-11-30T10:03:13.000Z, 56789 received`.
    static func line(perSecond: UInt64, watermarkMillis: Int64?, received: UInt64) -> String {
        let watermark = watermarkMillis.map(Timestamp.rfc3339(millis:)) ?? "none"
        return "\(perSecond) events/s, watermark \(watermark), \(received) received"
    }
}
