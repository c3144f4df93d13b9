import GlassboxCore
import GlassboxTabular

/// A seeded synthetic voter file with planted, known effects (see ``turnoutCoefficients``, ``donorCoefficients`` and
/// `docs/simulated-voter-file.md`): a protected attribute (`race`), a geographic proxy for it
/// (`county`), vote history, a randomised canvassing experiment with a heterogeneous effect, a
/// donor seed list, and a vendor turnout score that is biased against one group.
///
/// Determinism: rows are generated in fixed blocks of ``blockSize`` rows, block `b` drawing from
/// `SeededGenerator(seed: seed, stream: b)`. The table depends only on `(rows, seed)`, not on the
/// number of threads, and the first `n` rows are the same whatever the total row count.
///
/// Complexity: O(rows); blocks are generated on all cores.
public struct VoterFileSimulator: Sendable {
    /// Number of rows (voters) to generate.
    public let rows: Int
    /// The seed that fixes every draw.
    public let seed: UInt64

    /// Rows per random stream.
    public static let blockSize = 8_192

    /// The columns of the generated table, in order. These names are a contract used by tests, the
    /// demo and the docs.
    public static let columnNames = [
        "voter_id", "age", "female", "race", "county", "party", "income",
        "voted_2018", "voted_2020", "voted_2022", "canvassed", "voted_2024", "donor",
        "vendor_turnout_score", "weight",
    ]

    /// A simulator for `rows` voters (0 ≤ rows < 2³¹) drawn from `seed`.
    public init(rows: Int, seed: UInt64) {
        precondition(rows >= 0 && rows < Int(Int32.max), "rows must be in 0..<2^31")
        self.rows = rows
        self.seed = seed
    }

    /// Generates the voter file: one row per voter, columns ``columnNames``.
    /// `progress` hears of the rows drawn, one block at a time.
    public func generate(progress: ProgressObserver? = nil) -> Table {
        let blockCount = (rows + Self.blockSize - 1) / Self.blockSize
        let blockRanges = Parallel.chunks(count: blockCount, minimumChunk: 4)
        let rows = self.rows
        let seed = self.seed
        let model = RowModel()
        let counter = progress?.start("simulation", total: rows, unit: "rows")
        defer { counter?.finish() }
        let parts = Parallel.map(blockRanges) { blocks in
            var part = SimulatedColumns(capacity: blocks.count * Self.blockSize)
            for block in blocks {
                var rng = SeededGenerator(seed: seed, stream: UInt64(block))
                let first = block * Self.blockSize
                for _ in first..<min(rows, first + Self.blockSize) {
                    part.append(SimulatedRow.draw(using: &rng, model: model))
                }
                counter?.advance(by: min(rows, first + Self.blockSize) - first)
            }
            return part
        }
        var all = SimulatedColumns(capacity: rows)
        for part in parts { all.append(contentsOf: part) }
        return all.table(voterIDs: Self.voterIDColumn(rows: rows))
    }

    /// `V0000001`, `V0000002`, …: "V" and the 1-based row number zero-padded to 7 digits (or more
    /// when the row count needs them), so the sorted levels are in row order and `codes[i] == i`.
    static func voterIDColumn(rows: Int) -> CategoricalColumn {
        voterIDColumn(rows: 0..<rows, width: max(7, String(rows).count))
    }

    /// The ids of rows `rows` (0-based) of a file whose ids have `width` digits.
    static func voterIDColumn(rows: Range<Int>, width: Int) -> CategoricalColumn {
        var levels: [String] = []
        levels.reserveCapacity(rows.count)
        // The first id's digits (row number rows.lowerBound, 1-based id − 1), then counted up.
        var digits = [UInt8](repeating: UInt8(ascii: "0"), count: width + 1)
        digits[0] = UInt8(ascii: "V")
        var n = rows.lowerBound, k = width
        while n > 0 && k > 0 {
            digits[k] = UInt8(ascii: "0") + UInt8(n % 10)
            n /= 10
            k -= 1
        }
        for _ in rows {
            // Increment the decimal counter in place rather than formatting each number.
            var k = width
            while digits[k] == UInt8(ascii: "9") {
                digits[k] = UInt8(ascii: "0")
                k -= 1
            }
            digits[k] += 1
            levels.append(String(decoding: digits, as: UTF8.self))
        }
        return CategoricalColumn(levels: levels, codes: (0..<rows.count).map { Int32($0) })
    }
}
