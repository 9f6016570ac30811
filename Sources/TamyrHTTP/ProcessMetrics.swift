import Glibc

/// The process's own figures under the names Prometheus client libraries use
/// (`process_*`), read from `/proc` at each scrape (Linux only).
struct ProcessMetrics: MetricsSource {
    func contribute(to exposition: inout MetricsExposition) {
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        let pageBytes = Double(sysconf(Int32(_SC_PAGESIZE)))
        // /proc/self/stat: the command is in parentheses and may hold spaces; fields count from after it.
        if let stat = Self.read("/proc/self/stat"), let close = stat.lastIndex(of: ")") {
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            // Fields 14 and 15 (utime, stime) are the 12th and 13th after the command; 22 (starttime) the 20th;
            // 23 (vsize, bytes) and 24 (rss, pages) follow.
            if fields.count > 22, let user = Double(fields[11]), let system = Double(fields[12]),
                let start = Double(fields[19]), let virtual = Double(fields[20]), let resident = Double(fields[21])
            {
                exposition.counter("process_cpu_seconds_total", "user and system CPU time spent, in seconds", seconds: (user + system) / ticks)
                exposition.gauge("process_resident_memory_bytes", "resident memory size in bytes", resident * pageBytes)
                exposition.gauge("process_virtual_memory_bytes", "virtual memory size in bytes", virtual)
                if let boot = Self.bootTime() {
                    exposition.gauge("process_start_time_seconds", "start time of the process since the Unix epoch in seconds", boot + start / ticks)
                }
            }
        }
        if let directory = opendir("/proc/self/fd") {
            var count = 0
            while readdir(directory) != nil { count += 1 }
            closedir(directory)
            // Less ".", ".." and the descriptor opendir itself holds.
            exposition.gauge("process_open_fds", "number of open file descriptors", Double(max(count - 3, 0)))
        }
        var limit = rlimit()
        if getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 {
            exposition.gauge("process_max_fds", "maximum number of open file descriptors", Double(limit.rlim_cur))
        }
    }

    /// `btime` of /proc/stat: boot time in Unix seconds.
    private static func bootTime() -> Double? {
        guard let text = read("/proc/stat") else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("btime ") {
            return Double(line.dropFirst("btime ".count))
        }
        return nil
    }

    /// A small /proc file's text (their size is unknown until read: read to the end).
    private static func read(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4_096)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            bytes.append(contentsOf: chunk[..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// `tamyr_build_info`: a constant 1 whose labels name the build, the way
/// Prometheus exporters publish theirs (`prometheus_build_info`).
struct BuildMetrics: MetricsSource {
    /// tamyrd's version; the wire contract has its own (`v` in every record).
    static let version = "0.6.0"

    func contribute(to exposition: inout MetricsExposition) {
        #if compiler(>=6.3)
        let swift = "6.3"
        #else
        let swift = "6.2"
        #endif
        exposition.gauge(
            "tamyr_build_info", "a constant 1 labelled with tamyrd's version, the wire protocol version and the Swift compiler", 1,
            labels: [("version", Self.version), ("protocol", "1"), ("swift", swift)])
    }
}
