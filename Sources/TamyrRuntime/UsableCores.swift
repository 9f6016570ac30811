import Foundation

/// The cores this process may use: the CPUs its affinity allows (`taskset`,
/// systemd's `CPUAffinity=`, cpusets), fewer if its cgroup's CPU quota
/// (`cpu.max`, systemd's `CPUQuota=`) is lower; else the cores online. What
/// `ingest.decode_workers: auto` follows. Read once, at start-up.
enum UsableCores {
    static var count: Int {
        let online = max(ProcessInfo.processInfo.activeProcessorCount, 1)
        var cores = allowedCPUs() ?? online
        if let quota = quotaCores() { cores = min(cores, quota) }
        return max(cores, 1)
    }

    /// CPUs in `Cpus_allowed_list` of /proc/self/status ("0-3,6").
    static func allowedCPUs() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed_list:") })
        else { return nil }
        return cpuCount(inList: line.dropFirst("Cpus_allowed_list:".count))
    }

    /// How many CPUs a list such as "0-3,6" names; nil when it does not parse.
    static func cpuCount(inList list: Substring) -> Int? {
        var count = 0
        for part in list.split(separator: ",") {
            let bounds = part.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "-").map { Int($0) }
            switch bounds.count {
            case 1: guard bounds[0] != nil else { return nil }; count += 1
            case 2:
                guard let low = bounds[0], let high = bounds[1], high >= low else { return nil }
                count += high - low + 1
            default: return nil
            }
        }
        return count > 0 ? count : nil
    }

    /// The cgroup (v2) CPU quota in whole cores, rounded up; nil without one.
    static func quotaCores() -> Int? {
        guard let cgroups = try? String(contentsOfFile: "/proc/self/cgroup", encoding: .utf8),
            let line = cgroups.split(separator: "\n").first(where: { $0.hasPrefix("0::") })
        else { return nil }
        let path = "/sys/fs/cgroup" + line.dropFirst(3) + "/cpu.max"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return cores(inCPUMax: text)
    }

    /// Whole cores of a `cpu.max` text ("150000 100000" is 2; "max 100000" is none).
    static func cores(inCPUMax text: String) -> Int? {
        let fields = text.split(whereSeparator: \.isWhitespace)
        guard fields.count == 2, let quota = Int(fields[0]), let period = Int(fields[1]), quota > 0, period > 0 else {
            return nil
        }
        return (quota + period - 1) / period
    }
}
