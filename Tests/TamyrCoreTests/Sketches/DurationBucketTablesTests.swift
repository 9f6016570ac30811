import Foundation
import TamyrCore
import Testing

@Suite("DurationBucketTables are exactly what the bucket layout gives")
struct DurationBucketTablesTests {
    /// ⌊bound⌋ per logarithmic bucket, `Int64.max` for the last, computed from the layout.
    static func expectedIntegerUpperBounds() -> [Int64] {
        DurationBuckets.logUpperBounds.map { $0 >= 0x1p63 ? Int64.max : Int64($0.rounded(.down)) }
    }

    /// Per cell, the first bucket whose largest integer reaches the cell's smallest value.
    static func expectedCellBuckets(integerUpperBounds bounds: [Int64]) -> [UInt16] {
        let cellBits = DurationBucketTables.cellBitsPerOctave
        var cells: [UInt16] = []
        var bucket = 0
        for exponent in DurationBucketTables.firstCellExponent ... 62 {
            for cell in 0 ..< Int64(1) << cellBits {
                let lowest = ((Int64(1) << cellBits) + cell) << (exponent - cellBits)
                while bounds[bucket] < lowest { bucket += 1 }
                cells.append(UInt16(bucket))
            }
        }
        return cells
    }

    @Test("the integer bounds are the floors of the computed bounds")
    func integerBounds() {
        #expect(DurationBucketTables.integerUpperBounds == Self.expectedIntegerUpperBounds(), "regenerate: see the file header")
    }

    @Test("each cell's bucket is the first to reach the cell, and the cell meets at most one bound")
    func cells() {
        let bounds = DurationBucketTables.integerUpperBounds
        #expect(DurationBucketTables.cellBuckets == Self.expectedCellBuckets(integerUpperBounds: bounds), "regenerate")
        let cellBits = DurationBucketTables.cellBitsPerOctave
        for (index, bucket) in DurationBucketTables.cellBuckets.enumerated() {
            let exponent = DurationBucketTables.firstCellExponent + index >> cellBits
            let lowest = Int64((1 << cellBits) + index & ((1 << cellBits) - 1)) << (exponent - cellBits)
            let highest = lowest + ((Int64(1) << (exponent - cellBits)) - 1)
            let next = Int(bucket) + 1
            #expect(next == bounds.count || bounds[next] >= highest, "cell \(index) spans two bounds")
        }
    }

    /// Rewrites `DurationBucketTables.swift` from the layout; runs only when asked to.
    @Test(
        "write the tables' source",
        .enabled(if: ProcessInfo.processInfo.environment["TAMYR_WRITE_DURATION_TABLES"] != nil)
    )
    func writeSource() throws {
        let integerBounds = Self.expectedIntegerUpperBounds()
        let cells = Self.expectedCellBuckets(integerUpperBounds: integerBounds)
        let path = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/TamyrCore/Sketches/DurationBucketTables.swift")
        let source = try String(contentsOf: path, encoding: .utf8)
        // Keep the hand-written header and comments; replace the two literals.
        var lines = source.components(separatedBy: "\n")
        func replaceLiteral(after marker: String, with values: [String], perLine: Int) throws {
            let start = try #require(lines.firstIndex { $0.contains(marker) }) + 1
            let end = try #require(lines[start...].firstIndex { $0 == "    ]" })
            let rows = stride(from: 0, to: values.count, by: perLine).map {
                "        " + values[$0 ..< min($0 + perLine, values.count)].joined(separator: ", ") + ","
            }
            lines.replaceSubrange(start ..< end, with: rows)
        }
        try replaceLiteral(after: "integerUpperBounds: [Int64] = [", with: integerBounds.map { String($0) }, perLine: 5)
        try replaceLiteral(after: "cellBuckets: [UInt16] = [", with: cells.map { String($0) }, perLine: 16)
        try lines.joined(separator: "\n").write(to: path, atomically: true, encoding: .utf8)
    }
}
