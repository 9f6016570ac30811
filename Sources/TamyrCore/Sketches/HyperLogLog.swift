/// A HyperLogLog sketch of precision 16 over 64-bit hashes: the large mode of
/// ``DistinctCounter``.
///
/// 2^16 = 65,536 one-byte registers (64 KiB). A hash's top 16 bits choose the register; the
/// rank is the number of leading zeros of the remaining 48 bits plus one, capped at 49 when all
/// 48 are zero. A register keeps the largest rank it saw, so the registers depend only on the
/// *set* of hashes added: order and repetition do not matter, and the union of two sketches is
/// their register-wise maximum.
///
/// ``estimate`` uses Otmar Ertl's improved raw estimator ("New cardinality estimation
/// algorithms for HyperLogLog sketches", 2017, algorithm 6): it corrects the classic
/// estimator's bias at both ends through the functions σ (registers still 0) and τ (registers
/// at the cap) instead of empirical bias tables or a switch to linear counting, and stays nearly
/// unbiased from a single element to the limits of 64-bit hashes. Its relative standard error is
/// about 1.04 / √65,536 = 0.41 %.
///
/// A sketch can keep its register histogram up to date (``keepRankCounts()``), so that
/// ``estimate`` costs O(*q*) instead of a pass over the registers: the window engine does
/// this for the windows it merges ahead of their close (``PartialWindow``), whose
/// estimates are otherwise most of a close's time.
///
/// - Memory: 65,536 bytes plus the array header, allocated by ``init()``; with rank
///   counts, 200 bytes more.
package struct HyperLogLog: Sendable, Equatable {
    /// Precision *p*: the number of hash bits that choose a register.
    package static let precision = 16

    /// *m* = 2^*p* registers.
    package static let registerCount = 1 << precision

    // q = 64 - p hash bits are left for the rank, so ranks run from 1 to q + 1.
    private static let rankBits = 64 - precision
    static let maximumRank = UInt8(rankBits + 1)

    /// One byte per register, in register order; `==` compares them. Set only inside the
    /// module (the checkpoint codec, DistinctCounter+Checkpoint.swift); read by the tests.
    package internal(set) var registers: [UInt8]

    /// When kept: element *k* is the number of registers equal to *k* (``rankHistogram(of:)``),
    /// updated by every insert and merge. `nil` otherwise; not part of the sketch's value.
    package private(set) var rankCounts: [Int32]? = nil

    /// A sketch of the empty set: 64 KiB of zero registers.
    package init() {
        registers = Array(repeating: 0, count: Self.registerCount)
    }

    /// Records `hash`.
    ///
    /// - Complexity: O(1), no allocation.
    @inline(__always)
    package mutating func insert(_ hash: UInt64) {
        let (register, rank) = Self.registerAndRank(of: hash)
        let old = registers[register]
        if old < rank {
            registers[register] = rank
            if rankCounts != nil {
                rankCounts![Int(old)] &-= 1
                rankCounts![Int(rank)] &+= 1
            }
        }
    }

    /// Inserts every hash of `hashes`; the same registers as inserting them one by one.
    ///
    /// Branch-free (a maximum, always stored), so the loads of consecutive hashes' registers
    /// overlap instead of waiting on a mispredicted comparison: the registers are 64 KiB, and
    /// the engine's profile showed it stalled on them.
    package mutating func insert(contentsOf hashes: UnsafeBufferPointer<UInt64>) {
        if rankCounts != nil { return insertCounting(hashes) }
        registers.withUnsafeMutableBufferPointer { registers in
            for hash in hashes {
                let (register, rank) = Self.registerAndRank(of: hash)
                registers[register] = Swift.max(registers[register], rank)
            }
        }
    }

    /// The register a hash goes to (its top p bits) and the rank it offers there.
    @inline(__always)
    static func registerAndRank(of hash: UInt64) -> (register: Int, rank: UInt8) {
        // The low p bits of the shifted word are zero, so a non-zero rest has at most q - 1
        // leading zeros; an all-zero rest gives 64, capped to q + 1.
        (Int(truncatingIfNeeded: hash &>> UInt64(rankBits)),
         UInt8(truncatingIfNeeded: Swift.min((hash &<< UInt64(precision)).leadingZeroBitCount + 1, Int(maximumRank))))
    }

    /// Makes this sketch that of the union of both sets: the register-wise maximum.
    ///
    /// - Complexity: O(*m*), 64 KiB read and written; the loop compiles to byte-wise SIMD
    ///   maxima (SSE2 `pmaxub`), a few microseconds.
    package mutating func merge(_ other: HyperLogLog) {
        precondition(other.registers.count == registers.count, "sketches of different precision")
        other.registers.withUnsafeBufferPointer { merge(registers: $0, at: 0) }
    }

    /// Makes this sketch that of the union with the sketch `other` packs: the same registers
    /// as merging `other.unpacked`, a chunk at a time, with no 64 KiB copy.
    mutating func merge(_ other: PackedHyperLogLog) {
        other.unpack { offset, chunk in merge(registers: chunk, at: offset) }
    }

    /// The register-wise maximum with `source`, registers `offset ..< offset + source.count`.
    private mutating func merge(registers source: UnsafeBufferPointer<UInt8>, at offset: Int) {
        precondition(offset >= 0 && offset + source.count <= registers.count, "a chunk beyond the registers")
        if rankCounts != nil { return mergeCounting(source, at: offset) }
        registers.withUnsafeMutableBufferPointer { registers in
            let target = UnsafeMutableBufferPointer(rebasing: registers[offset ..< offset + source.count])
            for index in 0 ..< target.count {
                target[index] = Swift.max(target[index], source[index])
            }
        }
    }

    /// The estimated number of distinct hashes added (Ertl's improved raw estimator).
    ///
    /// - Complexity: O(*m*) to build the register histogram, then O(*q*) plus the series for σ
    ///   and τ, which converge in a few dozen steps: about 20 µs in total (50 before the
    ///   eight-lane histogram).
    package var estimate: Double {
        Self.estimate(histogram: rankCounts.map { $0.map(Int.init) } ?? registers.withUnsafeBufferPointer { Self.rankHistogram(of: $0) })
    }

    /// Ertl's estimate from the register histogram (``rankHistogram(of:)``) of a sketch.
    static func estimate(histogram: [Int]) -> Double {
        let m = Double(Self.registerCount)
        let q = Self.rankBits
        var z = m * Self.tau(1 - Double(histogram[q + 1]) / m)
        for k in stride(from: q, through: 1, by: -1) {
            z = 0.5 * (z + Double(histogram[k]))
        }
        z += m * Self.sigma(Double(histogram[0]) / m)
        // α∞ = 1 / (2 ln 2); z is infinite only when every register is 0 (the empty set).
        let alphaInfinity = 0.721_347_520_444_481_7
        return alphaInfinity * m * m / z
    }

    /// The number of registers holding each rank: element *k* counts the registers equal to
    /// *k*, for *k* in 0 ... q + 1 (50 elements); larger values, which no sketch holds, are
    /// not counted. Any number of registers below 2^32 (the tests use other lengths).
    ///
    /// - Complexity: O(*n*), no allocation but the result; 65,536 registers in about 20 µs.
    package static func rankHistogram(of registers: UnsafeBufferPointer<UInt8>) -> [Int] {
        precondition(registers.count < Int(UInt32.max), "too many registers for 32-bit counts")
        let width = Int(maximumRank) + 1
        // Eight partial histograms, one per byte of a 64-bit load: one load brings eight
        // registers, and neighbouring registers increment different tables, so an increment
        // rarely waits on the previous one's store (store-to-load forwarding). With one table
        // per four registers and a load each, estimate took about 50 µs, and a 5m/1s window
        // estimates a few dozen HyperLogLogs (12 % of the engine's profile). 256 counts per
        // table, so any byte value is in bounds; 32-bit counts keep the 8 KiB in L1.
        return withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 8 * 256) { partial in
            partial.initialize(repeating: 0)
            let bytes = UnsafeRawBufferPointer(registers)
            let words = registers.count / 8
            var word = 0
            while word < words {
                let eight = bytes.loadUnaligned(fromByteOffset: word &* 8, as: UInt64.self)
                partial[Int(truncatingIfNeeded: eight & 0xFF)] &+= 1
                partial[256 + Int(truncatingIfNeeded: (eight &>> 8) & 0xFF)] &+= 1
                partial[512 + Int(truncatingIfNeeded: (eight &>> 16) & 0xFF)] &+= 1
                partial[768 + Int(truncatingIfNeeded: (eight &>> 24) & 0xFF)] &+= 1
                partial[1_024 + Int(truncatingIfNeeded: (eight &>> 32) & 0xFF)] &+= 1
                partial[1_280 + Int(truncatingIfNeeded: (eight &>> 40) & 0xFF)] &+= 1
                partial[1_536 + Int(truncatingIfNeeded: (eight &>> 48) & 0xFF)] &+= 1
                partial[1_792 + Int(truncatingIfNeeded: eight &>> 56)] &+= 1
                word &+= 1
            }
            // The last count % 8 registers, one by one.
            for index in words &* 8 ..< registers.count { partial[Int(registers[index])] &+= 1 }
            return (0 ..< width).map { rank in
                var sum = 0
                for lane in 0 ..< 8 { sum &+= Int(partial[lane &* 256 &+ rank]) }
                return sum
            }
        }
    }

    /// Keeps the register histogram from now on, so that ``estimate`` need not read the
    /// registers; a pass over them now (``rankHistogram(of:)``) unless already kept.
    package mutating func keepRankCounts() {
        guard rankCounts == nil else { return }
        rankCounts = registers.withUnsafeBufferPointer { Self.rankHistogram(of: $0) }.map { Int32($0) }
    }

    /// Same registers: the rank counts are a cache of them.
    package static func == (lhs: HyperLogLog, rhs: HyperLogLog) -> Bool { lhs.registers == rhs.registers }

    /// ``insert(contentsOf:)`` keeping the rank counts: one branch per hash, for the few
    /// thousand hashes of a pane merged into a window.
    private mutating func insertCounting(_ hashes: UnsafeBufferPointer<UInt64>) {
        var counts = rankCounts.take()!
        registers.withUnsafeMutableBufferPointer { registers in
            for hash in hashes {
                let (register, rank) = Self.registerAndRank(of: hash)
                let old = registers[register]
                if old < rank {
                    registers[register] = rank
                    Self.move(&counts, from: old, to: rank)
                }
            }
        }
        rankCounts = counts
    }

    /// ``merge(_:)`` keeping the rank counts. Eight registers at a time: ranks are below
    /// 128, so `((t | 0x80…) - s) & 0x80…` has a byte's top bit set exactly where t >= s,
    /// with no borrow crossing bytes; a word where every byte of this sketch is already the
    /// larger (nearly all of them, merging a pane into a window) costs a handful of
    /// instructions, and only the others are taken byte by byte.
    private mutating func mergeCounting(_ source: UnsafeBufferPointer<UInt8>, at start: Int) {
        var counts = rankCounts.take()!
        registers.withUnsafeMutableBytes { registers in
            let target = UnsafeMutableRawBufferPointer(rebasing: registers[start ..< start + source.count])
            let source = UnsafeRawBufferPointer(source)
            let high: UInt64 = 0x8080_8080_8080_8080
            var offset = 0
            while offset &+ 8 <= target.count {
                let t = target.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                let s = source.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                if ((t | high) &- s) & high != high {
                    for byte in offset ..< offset &+ 8 where source[byte] > target[byte] {
                        Self.move(&counts, from: target[byte], to: source[byte])
                        target[byte] = source[byte]
                    }
                }
                offset &+= 8
            }
            for byte in offset ..< target.count where source[byte] > target[byte] {
                Self.move(&counts, from: target[byte], to: source[byte])
                target[byte] = source[byte]
            }
        }
        rankCounts = counts
    }

    /// One register went from rank `old` to rank `new`.
    @inline(__always)
    private static func move(_ counts: inout [Int32], from old: UInt8, to new: UInt8) {
        counts[Int(old)] &-= 1
        counts[Int(new)] &+= 1
    }

    /// Heap bytes held: the registers and their array header, and the rank counts if kept.
    package var memoryBytes: Int { 32 + registers.capacity + (rankCounts.map { 32 + 4 * $0.capacity } ?? 0) }

    /// σ(x) = x + Σ_{k>=1} x^(2^k) 2^(k-1), for x in [0, 1] (Ertl, algorithm 6).
    private static func sigma(_ x: Double) -> Double {
        if x == 1 { return .infinity }
        var x = x
        var y = 1.0
        var z = x
        while true {
            x *= x
            let previous = z
            z += x * y
            y += y
            if z == previous { return z }
        }
    }

    /// τ(x) = (1 - x - Σ_{k>=1} (1 - x^(2^-k))² 2^-k) / 3, for x in [0, 1] (Ertl, algorithm 6).
    private static func tau(_ x: Double) -> Double {
        if x == 0 || x == 1 { return 0 }
        var x = x
        var y = 1.0
        var z = 1 - x
        while true {
            x = x.squareRoot()
            let previous = z
            y *= 0.5
            z -= (1 - x) * (1 - x) * y
            if z == previous { return z / 3 }
        }
    }
}
