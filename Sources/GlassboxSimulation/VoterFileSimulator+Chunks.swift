import GlassboxCore
import GlassboxTabular

extension VoterFileSimulator {
    /// The names of `count` unused columns appended by ``forEachChunk(rowsPerChunk:extraColumns:progress:_:)``:
    /// `extra_01` … `extra_20` (zero-padded to the width of `count`, at least 2 digits).
    public static func extraColumnNames(count: Int) -> [String] {
        let width = max(2, String(count).count)
        return (1...max(1, count)).prefix(count).map { i in
            let digits = String(i)
            return "extra_" + String(repeating: "0", count: width - digits.count) + digits
        }
    }

    /// Generates the voter file in consecutive chunks of about `rowsPerChunk` rows (a multiple of
    /// ``blockSize``), handing each chunk's table to `body` in row order, so a file larger than memory can be
    /// written piece by piece. The chunks' rows are those of ``generate(progress:)`` (each block draws from
    /// its own stream, and the voter ids are numbered over the whole file), so rendering the chunks one
    /// after another gives the bytes of the whole table.
    ///
    /// `extraColumns` unused columns (``extraColumnNames(count:)``) follow the usual ones, as a vendor file's
    /// many columns a model does not read: integers 0–99, uniform, drawn per block from streams of their own,
    /// so they do not change any other column.
    public func forEachChunk(rowsPerChunk: Int, extraColumns: Int = 0, progress: ProgressObserver? = nil,
                             _ body: (Table) throws -> Void) throws {
        precondition(extraColumns >= 0, "extraColumns must not be negative")
        let blockCount = (rows + Self.blockSize - 1) / Self.blockSize
        let blocksPerChunk = max(1, rowsPerChunk / Self.blockSize)
        let model = RowModel()
        let (rows, seed) = (self.rows, self.seed)
        let width = max(7, String(rows).count)
        let extraNames = Self.extraColumnNames(count: extraColumns)
        let counter = progress?.start("simulation", total: rows, unit: "rows")
        defer { counter?.finish() }
        for firstBlock in stride(from: 0, to: max(1, blockCount), by: blocksPerChunk) {
            let blocks = firstBlock..<min(blockCount, firstBlock + blocksPerChunk)
            let groups = Parallel.chunks(count: blocks.count, minimumChunk: 4).map { ($0.lowerBound + firstBlock)..<($0.upperBound + firstBlock) }
            let parts = Parallel.map(groups) { group in
                var part = SimulatedColumns(capacity: group.count * Self.blockSize)
                var extras = [[Double]](repeating: [], count: extraColumns)
                for block in group {
                    var rng = SeededGenerator(seed: seed, stream: UInt64(block))
                    var extraRNG = SeededGenerator(seed: seed, stream: (1 << 40) | UInt64(block))
                    let first = block * Self.blockSize
                    for _ in first..<min(rows, first + Self.blockSize) {
                        part.append(SimulatedRow.draw(using: &rng, model: model))
                        for j in 0..<extraColumns { extras[j].append(Double(extraRNG.nextInt(below: 100))) }
                    }
                }
                return (part, extras)
            }
            var all = SimulatedColumns(capacity: blocks.count * Self.blockSize)
            var extras = [[Double]](repeating: [], count: extraColumns)
            for (part, partExtras) in parts {
                all.append(contentsOf: part)
                for j in 0..<extraColumns { extras[j] += partExtras[j] }
            }
            let first = blocks.lowerBound * Self.blockSize
            var table = all.table(voterIDs: Self.voterIDColumn(rows: first..<(first + all.age.count), width: width))
            for (name, values) in zip(extraNames, extras) { try table.append(name: name, column: .numeric(values)) }
            try body(table)
            counter?.advance(by: all.age.count)
        }
    }
}
