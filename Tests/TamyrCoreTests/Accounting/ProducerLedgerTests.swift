import Testing
import TamyrCore
import TamyrWorkload

struct ProducerLedgerTests {
    @Test func countsGapsAndDuplicatesAgainstABruteForceModel() {
        var generator = SeededGenerator(seed: 20_261_130)  // seeded: a failure must reproduce
        for _ in 0..<200 {
            var ledger = ProducerLedger(capacity: 100)
            // Brute force: remember every seq per producer; gaps = numbers skipped past the running maximum.
            var maximum: [String: Int64] = [:]
            var gaps: [String: UInt64] = [:]
            var duplicates: [String: UInt64] = [:]
            for _ in 0..<300 {
                let name = ["a", "b", "c"].randomElement(using: &generator)!
                let seq = Int64.random(in: 0...200, using: &generator)
                let outcome = ledger.record(source: name, sequence: seq)
                if let top = maximum[name] {
                    if seq <= top {
                        duplicates[name, default: 0] += 1
                        #expect(outcome == .duplicate)
                    } else {
                        gaps[name, default: 0] += UInt64(seq - top - 1)
                        maximum[name] = seq
                        #expect(outcome == .fresh)
                    }
                } else {
                    maximum[name] = seq
                    #expect(outcome == .fresh)
                }
            }
            for (name, top) in maximum {
                #expect(ledger.producers[name] == .init(lastSequence: top, gaps: gaps[name, default: 0], duplicates: duplicates[name, default: 0]))
            }
        }
    }

    @Test func theTableIsCapped() {
        var ledger = ProducerLedger(capacity: 2)
        #expect(ledger.record(source: "a", sequence: 1) == .fresh)
        #expect(ledger.record(source: "b", sequence: 1) == .fresh)
        #expect(ledger.record(source: "c", sequence: 1) == .untracked)
        #expect(ledger.record(source: "a", sequence: 2) == .fresh)
        #expect(ledger.producers.count == 2)
    }
}
