import GlassboxLinearAlgebra

extension MappedDesign {
    /// Writes the design rows of one read chunk (`chunk`, same columns) at rows `row…` of the cache and hands
    /// their pages back, as the design pass of a streamed fit does chunk after chunk (docs/scale.md §3).
    /// - Throws: when the chunk would run past the rows the levels pass counted.
    package func append(_ chunk: Matrix, at row: Int) throws {
        let m = chunk.rows
        guard row + m <= rows else {
            throw ModelError.dimensionMismatch("the design pass found more complete rows than the levels pass (\(row + m) > \(rows))")
        }
        chunk.storage.withUnsafeBufferPointer { storage in
            for j in 0..<columns { write(column: j, row: row, UnsafeBufferPointer(rebasing: storage[(j * m)..<((j + 1) * m)])) }
        }
        release(rows: row..<(row + m), columns: 0..<columns)
    }
}
