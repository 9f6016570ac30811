package import Logging
import Synchronization

/// The log level every tamyrd logger obeys, shared by all of them and
/// changeable while tamyrd runs (a reload sets it from `log.level`).
///
/// - Concurrency: `Sendable`; ``set(_:)`` from any thread is seen by the
///   next log call on every thread. Relaxed: the level carries no other data,
///   and a log call that sees the old level a moment late does no harm.
package final class LogLevelSwitch: Sendable {
    private let rank = Atomic<UInt8>(0)

    package init(_ level: Logger.Level) { set(level) }

    /// The level now in force: messages below it are dropped before formatting.
    package var level: Logger.Level { Self.levels[Int(rank.load(ordering: .relaxed))] }

    /// Changes the level for every logger at once.
    package func set(_ level: Logger.Level) {
        rank.store(UInt8(Self.levels.firstIndex(of: level)!), ordering: .relaxed)
    }

    private static let levels = Logger.Level.allCases
}
