import Foundation
import TamyrWorkload

/// Writes the decoder fuzzer's seed corpus (`make fuzz-corpus`): one file per
/// seed, named after what it holds, into the directory given as the only
/// argument (the Makefile passes `Fuzz/corpus`). Deterministic: the same
/// sources write the same files.
@main
struct SeedCorpus {
    static func main() throws {
        let arguments = CommandLine.arguments
        guard arguments.count == 2 else {
            FileHandle.standardError.write(Data("usage: tamyr-fuzz-corpus DIRECTORY\n".utf8))
            exit(64)
        }
        let directory = URL(fileURLWithPath: arguments[1], isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var seeds = WorkloadSeeds.all()
        seeds += EdgeSeeds.all.map { ($0.name, Array($0.text.utf8)) }
        seeds += EdgeSeeds.bytes
        for (name, bytes) in seeds {
            try Data(bytes).write(to: directory.appendingPathComponent(name))
        }
        print("wrote \(seeds.count) seeds, \(seeds.reduce(0) { $0 + $1.1.count }) bytes, to \(directory.path)")
    }
}

/// Seeds from the synthetic stream (`TamyrWorkload`), as `tamyr produce` sends it.
enum WorkloadSeeds {
    /// 2026-11-30T10:00:00Z, the fuzzer's wall clock (`FuzzSettings.nowMillis`).
    static let nowMillis: Int64 = 1_796_032_800_000

    static func all() -> [(String, [UInt8])] {
        var seeds: [(String, [UInt8])] = []
        // Single events: both timestamp styles, extra fields, src/seq.
        var options = WorkloadOptions()
        options.seed = 1
        options.source = "gw-1"
        options.extraFieldFraction = 0.5
        var workload = Workload(options: options)
        for index in 0 ..< 8 {
            var line: [UInt8] = []
            workload.appendEvent(nowMillis: nowMillis + Int64(index) * 1_000, to: &line)
            seeds.append(("valid-\(index).json", line))
        }
        // Every invalid kind, three times each (each kind breaks its rule in several ways).
        for kind in InvalidKind.allCases {
            var options = WorkloadOptions()
            options.seed = 7
            options.invalidFraction = 1
            options.invalidKinds = [kind]
            var workload = Workload(options: options)
            for index in 0 ..< 3 {
                var line: [UInt8] = []
                workload.appendEvent(nowMillis: nowMillis, to: &line)
                seeds.append(("invalid-\(kind.rawValue)-\(index).json", line))
            }
        }
        // NDJSON batches: clean, with invalid events mixed in, with late events, with two producers.
        for (index, (invalid, late)) in [(0.0, 0.0), (0.2, 0.0), (0.1, 0.3), (0.0, 0.0)].enumerated() {
            var options = WorkloadOptions()
            options.seed = 100 + UInt64(index)
            options.invalidFraction = invalid
            options.lateFraction = late
            options.source = index == 3 ? nil : "batch-\(index)"
            var workload = Workload(options: options)
            var batch: [UInt8] = []
            for event in 0 ..< 16 {
                if event > 0 { batch.append(0x0A) }
                workload.appendEvent(nowMillis: nowMillis + Int64(event) * 700, to: &batch)
            }
            seeds.append(("batch-\(index).ndjson", batch + [0x0A]))
        }
        return seeds
    }
}
