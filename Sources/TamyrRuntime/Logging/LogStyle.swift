import Glibc

/// How tamyrd writes its log lines on stderr.
package enum LogStyle: Sendable, Equatable {
    /// stderr is the journal: each line starts with its syslog priority
    /// (`<6>` for info, sd-daemon(3)), journald reads it as the entry's
    /// priority and strips it, and journald adds the time and the unit, so the
    /// line carries neither.
    case journal
    /// Anything else (a terminal, a file, a pipe): the time, the level, the label.
    case plain

    /// ``journal`` when `$JOURNAL_STREAM` names stderr's device and inode, as
    /// systemd documents for programs that want to know whether their stderr is
    /// connected to the journal (systemd.exec(5), "JOURNAL_STREAM"): a service
    /// whose stderr goes to a file or a terminal, or a child that inherited the
    /// variable, gets ``plain``.
    package static func detect(journalStream: String?, standardError: Int32 = STDERR_FILENO) -> LogStyle {
        guard let journalStream else { return .plain }
        let parts = journalStream.split(separator: ":")
        guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]) else { return .plain }
        var status = stat()
        guard fstat(standardError, &status) == 0 else { return .plain }
        return UInt64(status.st_dev) == device && UInt64(status.st_ino) == inode ? .journal : .plain
    }

    /// ``detect(journalStream:standardError:)`` for this process's environment and stderr.
    package static func detect() -> LogStyle {
        detect(journalStream: getenv("JOURNAL_STREAM").map { String(cString: $0) })
    }
}
