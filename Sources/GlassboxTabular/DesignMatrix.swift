import GlassboxLinearAlgebra

/// A model matrix built from a table by ``DesignEncoding/fit(_:on:extraColumns:)`` or
/// ``DesignEncoding/apply(to:requireResponse:extraColumns:)``.
public struct DesignMatrix: Sendable {
    /// `rowIndices.count × termNames.count`, column-major.
    public var x: Matrix
    /// The response of each kept row, when the formula has one and it was evaluated.
    public var response: [Double]?
    /// The table row of each design row (kept rows, ascending).
    public var rowIndices: [Int]
    /// Rows dropped because a model column (or an extra column) was missing.
    public var droppedRowCount: Int
    /// For each column read (model and extra columns) with at least one missing value, how many
    /// rows had a missing value in it. A row missing in two columns counts in both.
    public var droppedByColumn: [String: Int]
    /// Non-fatal notes from building the design, for the user (e.g. a categorical factor with a
    /// single level, whose terms get no column). Set by ``DesignEncoding/fit(_:on:extraColumns:)``.
    public var warnings: [String]

    /// A design matrix with the given parts.
    public init(x: Matrix, response: [Double]?, rowIndices: [Int], droppedRowCount: Int, droppedByColumn: [String: Int],
                warnings: [String] = []) {
        self.x = x
        self.warnings = warnings
        self.response = response
        self.rowIndices = rowIndices
        self.droppedRowCount = droppedRowCount
        self.droppedByColumn = droppedByColumn
    }
}
