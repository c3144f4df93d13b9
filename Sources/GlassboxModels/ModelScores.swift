import GlassboxLinearAlgebra
import GlassboxTabular

/// A model's scores for every row of a table, in the table's row order: NaN for a row the model cannot
/// score (a missing value in one of its input columns), and the count of such rows.
public struct ModelScores: Sendable, Equatable {
    /// One score per table row; NaN where the row was not scored.
    public var values: [Double]
    /// Rows not scored because a model input is missing.
    public var unscoredRowCount: Int
    /// Rows scored.
    public var scoredRowCount: Int { values.count - unscoredRowCount }

    public init(values: [Double], unscoredRowCount: Int) {
        self.values = values
        self.unscoredRowCount = unscoredRowCount
    }

    /// Builds the design of `table` with `encoding` (rows with a missing model value dropped), scores its
    /// rows with `score` and spreads the scores back to table rows.
    static func scoring(_ table: Table, encoding: DesignEncoding, _ score: (Matrix) throws -> [Double]) throws -> ModelScores {
        let design = try DesignBuilder.apply(encoding, to: table, requireResponse: false)
        let values = try ModelScores.locatingUndefinedScores(design) { try score(design.x) }
        return ModelScores(values: design.spread(values, rowCount: table.rowCount), unscoredRowCount: design.droppedRowCount)
    }

    /// Runs `body`, turning ``ModelError/undefinedScore(designRow:)`` into
    /// ``ModelError/undefinedScoreAtRow(row:)``, which names the table row.
    package static func locatingUndefinedScores<T>(_ design: DesignMatrix, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch ModelError.undefinedScore(let k) where k < design.rowIndices.count {
            throw ModelError.undefinedScoreAtRow(row: design.rowIndices[k])
        }
    }
}

extension DesignMatrix {
    /// `values` (one per design row) placed at their table rows, NaN elsewhere.
    package func spread(_ values: [Double], rowCount: Int) -> [Double] {
        var out = [Double](repeating: .nan, count: rowCount)
        for (k, row) in rowIndices.enumerated() { out[row] = values[k] }
        return out
    }
}
