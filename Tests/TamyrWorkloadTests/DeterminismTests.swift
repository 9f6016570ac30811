import Testing
import TamyrWorkload

@Suite("Determinism")
struct DeterminismTests {
    static func options(seed: UInt64) -> WorkloadOptions {
        var options = WorkloadOptions()
        options.seed = seed
        options.invalidFraction = 0.2
        options.lateFraction = 0.05
        options.extraFieldFraction = 0.1
        options.source = "bench-1"
        return options
    }

    @Test("the same seed and clock give byte-identical streams")
    func sameSeedSameBytes() {
        let first = stream(Self.options(seed: 2026), count: 5_000)
        let second = stream(Self.options(seed: 2026), count: 5_000)
        #expect(first.count > 100_000)
        #expect(first == second)
    }

    @Test("different seeds give different streams")
    func differentSeedDifferentBytes() {
        let first = stream(Self.options(seed: 1), count: 1_000)
        let second = stream(Self.options(seed: 2), count: 1_000)
        #expect(first != second)
        // Not merely a different id prefix: the event contents differ line by line.
        let firstLines = first.split(separator: 0x0A).map { Array($0) }
        let secondLines = second.split(separator: 0x0A).map { Array($0) }
        let identical = zip(firstLines, secondLines).filter { $0 == $1 }.count
        #expect(identical < 10)
    }

    @Test("appendEvent appends to the buffer without touching what is there")
    func appendsOnly() {
        var workload = Workload(options: Self.options(seed: 5))
        var buffer: [UInt8] = Array("prefix\n".utf8)
        workload.appendEvent(nowMillis: testEpochMillis, to: &buffer)
        #expect(buffer.starts(with: Array("prefix\n".utf8)))
        #expect(buffer.count > 7 && buffer.last != 0x0A)
        #expect(workload.generatedCount == 1)
    }
}
