import Testing
import TamyrCore
import TamyrWorkload

/// A checkpoint that cannot be trusted is refused with a reason, never
/// restored in part and never a crash: every truncation, flipped bits, bytes
/// changed behind a recomputed checksum, another version, layout or key.
struct CheckpointRejectionTests {
    /// A small but complete checkpoint: several windows and producers, every breakdown.
    static func sample() -> (driver: EngineDriver, bytes: [UInt8]) {
        var driver = EngineDriver {
            $0.windows.tumbling = [WindowSpec(tumbling: 60_000)]
            $0.windows.hopping = [WindowSpec(hopping: 30_000, every: 10_000)]
        }
        var options = WorkloadOptions()
        options.seed = 7
        options.source = "sample"
        options.applicantPopulation = 50
        var workload = Workload(options: options)
        var now: Int64 = 1_796_032_800_000
        for _ in 0 ..< 300 {
            now += 7
            var line: [UInt8] = []
            workload.appendEvent(nowMillis: now, to: &line)
            driver.send(String(decoding: line, as: UTF8.self), at: now)
        }
        return (driver, driver.checkpoint(at: now))
    }

    static func restore(_ bytes: [UInt8], into driver: EngineDriver, layout: String? = nil, key: (UInt64, UInt64) = (1, 2)) throws(CheckpointError) -> EventPipeline {
        var fresh = EngineDriver.freshPipeline(driver.configuration, applicantKey: key)
        try CheckpointFormat.restore(bytes, layout: layout ?? CheckpointFormat.layout(of: driver.configuration), nowMillis: 0, into: &fresh)
        return fresh
    }

    @Test func theSampleRestores() throws {
        let (driver, bytes) = Self.sample()
        let restored = try Self.restore(bytes, into: driver)
        #expect(restored.accounting.totals == driver.pipeline.accounting.totals)
        #expect(restored.accounting.totals.accepted > 250)
        print("sample checkpoint: \(bytes.count) bytes")
    }

    /// Every length up to 256 bytes (the header), then 400 random lengths.
    @Test func truncationsAreRefused() {
        let (driver, bytes) = Self.sample()
        var random = SeededGenerator(seed: 3)
        let lengths = Array(0 ..< 256) + (0 ..< 400).map { _ in Int(random.below(UInt64(bytes.count))) } + [bytes.count - 1]
        for length in lengths {
            #expect(throws: CheckpointError.self, "length \(length)") { try Self.restore(Array(bytes.prefix(length)), into: driver) }
        }
    }

    @Test func flippedBitsFailTheChecksum() {
        let (driver, bytes) = Self.sample()
        var random = SeededGenerator(seed: 5)
        for _ in 0 ..< 300 {
            var damaged = bytes
            // Past the magic and version, which fail earlier with reasons of their own.
            let index = 12 + Int(random.below(UInt64(bytes.count - 12)))
            damaged[index] ^= 1 << UInt8(random.below(8))
            #expect(throws: CheckpointError.checksumMismatch) { try Self.restore(damaged, into: driver) }
        }
    }

    /// Changes behind a valid checksum (a bug in a writer, not bit rot) are
    /// caught by the invariants or restore something self-consistent: never a trap.
    @Test func changedBytesWithAValidChecksumNeverTrap() {
        let (driver, bytes) = Self.sample()
        var random = SeededGenerator(seed: 11)
        var refused = 0
        for _ in 0 ..< 500 {
            var damaged = Array(bytes.dropLast(4))
            for _ in 0 ..< 1 + Int(random.below(3)) {
                let index = 12 + Int(random.below(UInt64(damaged.count - 12)))
                damaged[index] = UInt8(truncatingIfNeeded: random.next())
            }
            withUnsafeBytes(of: CRC32C.checksum(damaged).littleEndian) { damaged.append(contentsOf: $0) }
            do { _ = try Self.restore(damaged, into: driver) } catch { refused += 1 }
        }
        #expect(refused > 250, "most random changes break an invariant: \(refused) of 500 refused")
    }

    @Test func anotherFileIsNotACheckpoint() {
        let (driver, _) = Self.sample()
        #expect(throws: CheckpointError.notACheckpoint) { try Self.restore(Array("windows: [1m]\n".utf8), into: driver) }
    }

    @Test func anotherVersionIsRefused() {
        let (driver, bytes) = Self.sample()
        // Version 1 (before alert states) and a future version alike.
        for version in [1, CheckpointFormat.version + 1] {
            var other = bytes
            other[8] = UInt8(version)
            #expect(throws: CheckpointError.unsupportedVersion(UInt32(version))) { try Self.restore(other, into: driver) }
        }
    }

    @Test func anotherLayoutOrKeyIsIncompatible() {
        let (driver, bytes) = Self.sample()
        var otherWindows = driver.configuration
        otherWindows.windows.tumbling = [WindowSpec(tumbling: 3_600_000)]
        #expect(throws: CheckpointError.self) {
            try Self.restore(bytes, into: driver, layout: CheckpointFormat.layout(of: otherWindows))
        }
        var otherDomains = driver.configuration
        otherDomains.kpi.domains = ["tax", "customs", "ecommerce"]
        #expect(CheckpointFormat.layout(of: otherDomains) != CheckpointFormat.layout(of: driver.configuration))
        do {
            _ = try Self.restore(bytes, into: driver, key: (1, 3))
            Issue.record("restored under another applicant key")
        } catch {
            #expect(error == .incompatible("another applicant key"))
        }
    }

    /// The checksum is CRC-32C: the standard check value of "123456789".
    @Test func crc32cMatchesItsCheckValue() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([UInt8]()) == 0)
        // 32 bytes of zeros, ones and an ascending run: RFC 3720 appendix B.4.
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(CRC32C.checksum((0 ..< 32).map { UInt8($0) }) == 0x46DD_794E)
    }
}
