import Glibc
package import Logging
import Synchronization

/// tamyrd's swift-log back end: one line per event on stderr, formatted by
/// ``LogLine`` in the ``LogStyle`` found at start (syslog priority prefixes
/// under systemd's journal, time and level otherwise).
///
/// The level comes from a shared ``LogLevelSwitch``, so changing it there
/// changes it for every logger at once; setting `logLevel` on one `Logger`
/// overrides it for that logger only, as swift-log's value semantics require.
/// Lines are written whole, one `write(2)` under a process-wide lock, so
/// lines from several threads never interleave.
package struct StderrLogHandler: LogHandler {
    package let label: String
    package let style: LogStyle
    private let levels: LogLevelSwitch
    private var levelOverride: Logger.Level?
    package var metadata: Logger.Metadata = [:]
    package var metadataProvider: Logger.MetadataProvider?

    package init(label: String, style: LogStyle, levels: LogLevelSwitch, metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.style = style
        self.levels = levels
        self.metadataProvider = metadataProvider
    }

    package var logLevel: Logger.Level {
        get { levelOverride ?? levels.level }
        set { levelOverride = newValue }
    }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    package func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let own = event.metadata { merged.merge(own) { _, new in new } }
        if let error = event.error { merged["error"] = "\(error)" }
        let line = LogLine.format(
            event.level, event.message.description, metadata: merged, label: label, style: style, nowMillis: WallClock.nowMillis())
        Self.write(line)
    }

    private static let writing = Mutex(())

    /// Writes all of `line` to fd 2; gives up silently on an error other than
    /// EINTR (there is nowhere left to report a failing stderr).
    private static func write(_ line: String) {
        var bytes = Array(line.utf8)
        writing.withLock { _ in
            bytes.withUnsafeMutableBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = Glibc.write(STDERR_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
                    if written > 0 {
                        offset += written
                    } else if written < 0 && errno == EINTR {
                        continue
                    } else {
                        return
                    }
                }
            }
        }
    }
}
