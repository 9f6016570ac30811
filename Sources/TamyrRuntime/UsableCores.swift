import Foundation

/// The cores this process may use, as Foundation counts them (on Linux its
/// CPU affinity, which `taskset` and systemd's `CPUAffinity=` narrow): what
/// `ingest.decode_workers: auto` follows. Read once, at start-up.
enum UsableCores {
    static var count: Int { max(ProcessInfo.processInfo.activeProcessorCount, 1) }
}
