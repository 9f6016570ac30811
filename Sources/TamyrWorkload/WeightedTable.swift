/// Draws an index with probability proportional to a fixed integer weight.
///
/// Integer weights and a cumulative table keep the draw exact and reproducible (no floating
/// point), and sampling allocates nothing. Tables here are short (at most a few dozen
/// entries), so a linear scan beats a binary search.
package struct WeightedTable: Sendable {
    private let cumulative: [UInt64]

    /// `weights` must not be empty and must not all be zero.
    package init(weights: [UInt64]) {
        var running: UInt64 = 0
        var cumulative: [UInt64] = []
        cumulative.reserveCapacity(weights.count)
        for weight in weights {
            running += weight
            cumulative.append(running)
        }
        precondition(running > 0, "a weighted table needs a positive total weight")
        self.cumulative = cumulative
    }

    package var count: Int { cumulative.count }

    /// An index in `0..<count`, index i with probability weights[i] / total.
    package func sample(using generator: inout SeededGenerator) -> Int {
        let point = generator.below(cumulative[cumulative.count - 1])
        for index in cumulative.indices where point < cumulative[index] {
            return index
        }
        return cumulative.count - 1  // unreachable: point < total
    }
}
