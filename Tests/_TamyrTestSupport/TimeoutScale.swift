import Foundation

/// How much longer than usual timing-sensitive tests may wait, from the
/// environment variable `TAMYR_TIMEOUT_SCALE` (a positive number; 1 when unset).
///
/// `make asan` and `make tsan` set it, because the sanitizers make tamyrd and
/// the tests several times slower. It stretches deadlines (how long a test
/// waits for something to happen), never a bound on a result: the same
/// events, counts and exit codes are expected at any scale.
package enum TimeoutScale {
    package static let factor: Double = {
        guard let text = ProcessInfo.processInfo.environment["TAMYR_TIMEOUT_SCALE"], let value = Double(text),
            value.isFinite, value > 0
        else { return 1 }
        return value
    }()

    /// `seconds` stretched by ``factor``.
    package static func seconds(_ seconds: Double) -> Double { seconds * factor }
}
