import Foundation
import Synchronization
import Testing
import _TamyrTestSupport

@testable import TamyrPipeline

@Suite("SPSCRing: FIFO, bounded, and safe between two threads")
struct SPSCRingTests {
    @Test func keepsOrderAndRefusesWhenFull() {
        let ring = SPSCRing(minimumCapacity: 5)
        #expect(ring.capacity == 8)
        for value in 0 ..< 8 { #expect(ring.push(Int32(value))) }
        #expect(!ring.push(99))
        #expect(ring.depth == 8)
        for value in 0 ..< 8 { #expect(ring.pop() == Int32(value)) }
        #expect(ring.pop() == nil)
        // Wrapping around the slots many times keeps the order.
        for value in 0 ..< 1_000 {
            #expect(ring.push(Int32(value)))
            #expect(ring.pop() == Int32(value))
        }
    }

    /// Two real threads move batch handles around a pool the way the stages do,
    /// each batch carrying a payload written before the push; the consumer must
    /// see every handle exactly once, in order, with the payload written for it.
    ///
    /// Both threads wait as the stages do, with ``IdleBackoff``: spinning
    /// without yielding needs a core per thread, and on a loaded two-core
    /// machine (the rest of the suite, other builds) every hand-off then waited
    /// for a scheduler tick; the test ran out of time at a tenth of its rounds
    /// and left both threads spinning. They stop when the test ends, however it ends.
    @Test func handsBatchesBetweenThreadsWithoutLossOrTearing() async {
        let pool = (0 ..< 4).map { _ in MessageBatch(byteCapacity: 64, messageCapacity: 4) }
        let full = SPSCRing(minimumCapacity: 4)
        let free = SPSCRing(minimumCapacity: 4)
        for handle in 0 ..< 4 { #expect(free.push(Int32(handle))) }
        let rounds = 200_000
        let mismatches = Atomic<Int>(0)
        let received = Atomic<Int>(0)
        // Relaxed: it carries no data, and a thread that sees it one wait late stops then.
        let stop = Atomic<Bool>(false)

        let producer = Thread {
            var backoff = IdleBackoff(maximumMicros: 100)
            for round in 0 ..< rounds {
                var handle = free.pop()
                while handle == nil {
                    if stop.load(ordering: .relaxed) { return }
                    backoff.wait()
                    handle = free.pop()
                }
                backoff.reset()
                let batch = pool[Int(handle!)]
                var value = UInt64(round)
                withUnsafeBytes(of: &value) { batch.append($0) }
                while !full.push(handle!) {}  // never spins: the ring holds the whole pool
            }
        }
        let consumer = Thread {
            var backoff = IdleBackoff(maximumMicros: 100)
            var expected: UInt64 = 0
            while expected < UInt64(rounds) && !stop.load(ordering: .relaxed) {
                guard let handle = full.pop() else {
                    backoff.wait()
                    continue
                }
                backoff.reset()
                let batch = pool[Int(handle)]
                var seen: UInt64 = .max
                batch.forEach { bytes in seen = bytes.loadUnaligned(as: UInt64.self) }
                if seen != expected || batch.count != 1 { mismatches.add(1, ordering: .relaxed) }
                batch.reset()
                expected += 1
                received.add(1, ordering: .relaxed)
                while !free.push(handle) {}  // never spins: the ring holds the whole pool
            }
        }
        producer.start()
        consumer.start()
        let deadline = Date().addingTimeInterval(TimeoutScale.seconds(60))
        while received.load(ordering: .relaxed) < rounds && Date() < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
        stop.store(true, ordering: .relaxed)
        #expect(received.load(ordering: .relaxed) == rounds)
        #expect(mismatches.load(ordering: .relaxed) == 0)
    }
}

@Suite("MessageBatch")
struct MessageBatchTests {
    @Test func keepsMessagesApartAndRespectsItsLimits() {
        let batch = MessageBatch(byteCapacity: 10, messageCapacity: 3)
        let messages: [[UInt8]] = [[1, 2, 3], [], [4, 5, 6, 7]]
        for message in messages {
            #expect(batch.fits(message.count))
            message.withUnsafeBytes { batch.append($0) }
        }
        #expect(!batch.fits(0))  // message capacity reached
        var seen: [[UInt8]] = []
        batch.forEach { seen.append(Array($0)) }
        #expect(seen == messages)
        batch.reset()
        #expect(batch.isEmpty && batch.fits(10) && !batch.fits(11))
    }
}
