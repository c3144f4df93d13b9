import GlassboxLinearAlgebra

/// A design the uplift learners and the bagging PU classifier can fit on: a ``Matrix`` in memory or a
/// ``MappedDesign`` cache (docs/scale.md §7). Selecting rows and adding the S-learner's interactions give a
/// design of the same kind with the in-memory layout, so a fit on either sums the same numbers in the same
/// order and gives the same bits.
package protocol UpliftArmDesign: SelectableColumnMajorDesign {
    /// The rows `rows` of the design, in that order.
    func selectingRows(_ rows: [Int]) throws -> Self
    /// [x, t·x]: the S-learner design, t ∈ {0, 1} per row.
    func withInteractions(treatment t: [Double]) throws -> Self
    /// The design as a matrix in memory, when it is one (the lookalike methods fitted in memory only need it).
    var inMemory: Matrix? { get }
}

extension Matrix: UpliftArmDesign {
    package func selectingRows(_ rows: [Int]) -> Matrix { UpliftDesign.selectingRows(self, rows) }
    package func withInteractions(treatment t: [Double]) -> Matrix { UpliftDesign.withInteractions(self, treatment: t) }
    package var inMemory: Matrix? { self }
}

extension MappedDesign: UpliftArmDesign {
    /// The rows `rows` copied into another cache, column by column (the pages of each column handed back
    /// once copied, so the copy holds no more memory than a pass does).
    package func selectingRows(_ rows: [Int]) throws -> MappedDesign {
        let copy = try MappedDesign(rows: rows.count, columns: columns)
        var buffer = [Double](repeating: 0, count: rows.count)
        withColumnMajor { source in
            for j in 0..<columns {
                let column = source + j * self.rows
                for (i, r) in rows.enumerated() { buffer[i] = column[r] }
                buffer.withUnsafeBufferPointer { copy.write(column: j, row: 0, $0) }
                release(rows: 0..<self.rows, columns: j..<(j + 1))
                copy.release(rows: 0..<rows.count, columns: j..<(j + 1))
            }
        }
        return copy
    }

    /// [x, t·x] in another cache, with the products of the in-memory ``UpliftDesign/withInteractions(_:treatment:)``.
    package func withInteractions(treatment t: [Double]) throws -> MappedDesign {
        precondition(t.count == rows, "one treatment indicator per row")
        let copy = try MappedDesign(rows: rows, columns: 2 * columns)
        var buffer = [Double](repeating: 0, count: rows)
        withColumnMajor { source in
            for j in 0..<columns {
                let column = source + j * rows
                copy.write(column: j, row: 0, UnsafeBufferPointer(start: column, count: rows))
                for i in 0..<rows { buffer[i] = column[i] * t[i] }
                buffer.withUnsafeBufferPointer { copy.write(column: columns + j, row: 0, $0) }
                release(rows: 0..<rows, columns: j..<(j + 1))
                copy.release(rows: 0..<rows, columns: j..<(j + 1))
                copy.release(rows: 0..<rows, columns: (columns + j)..<(columns + j + 1))
            }
        }
        return copy
    }

    package var inMemory: Matrix? { nil }
}
