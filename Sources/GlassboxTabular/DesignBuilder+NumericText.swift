/// Detection of columns that look numeric but hold some text (`age` = 18…95 plus one `abc`),
/// which the CSV reader therefore types as categorical.
extension DesignBuilder {
    /// The text values of a mostly numeric categorical column, for an error message.
    ///
    /// A column qualifies when at least half of its distinct non-missing values (its levels) parse
    /// as decimal numbers by the CSV reader's own rule (``FastFloat``) and at least one does not.
    /// A categorical column whose levels all parse was made categorical on purpose (the reader never
    /// does that), so it is left alone. O(levels + rows).
    struct NumericText {
        /// Levels that are not numbers, in order of first appearance in the rows (at most 5).
        var examples: [String]
        /// 0-based table row of the first text value.
        var firstRow: Int
        /// Number of rows holding a text value.
        var rowCount: Int
        /// Number of distinct text values.
        var distinctCount: Int

        init?(_ column: CategoricalColumn) {
            let levels = column.levels
            guard !levels.isEmpty else { return nil }
            let isText = levels.map { level -> Bool in
                var bytes = level
                return bytes.withUTF8 { FastFloat.parse(UnsafeRawBufferPointer($0)) == .notANumber }
            }
            let textLevels = isText.reduce(0) { $0 + ($1 ? 1 : 0) }
            guard textLevels > 0, 2 * (levels.count - textLevels) >= levels.count else { return nil }
            var examples = [String](), seen = Set<Int32>()
            var firstRow = -1, rowCount = 0
            for (row, code) in column.codes.enumerated() where code >= 0 && isText[Int(code)] {
                rowCount += 1
                if firstRow < 0 { firstRow = row }
                if examples.count < 5, seen.insert(code).inserted { examples.append(levels[Int(code)]) }
            }
            // Levels that occur in no row (a hand-built column) cannot be shown with a row.
            guard rowCount > 0 else { return nil }
            self.examples = examples
            self.firstRow = firstRow
            self.rowCount = rowCount
            self.distinctCount = textLevels
        }

        /// `'abc' (first at row 3; 1 such value)`, with 1-based data rows.
        var summary: String {
            let shown = examples.map { "'\($0)'" }.joined(separator: ", ") + (distinctCount > examples.count ? ", …" : "")
            return "\(shown) (first at row \(firstRow + 1); \(rowCount) such value\(rowCount == 1 ? "" : "s"))"
        }
    }

    /// Throws when the categorical column `name`, used as a bare term, looks numeric.
    static func rejectNumericLookingText(_ column: CategoricalColumn, name: String) throws {
        guard let text = NumericText(column) else { return }
        let quoted = FormulaExpression.quotedName(name)
        throw TabularError.formula("column '\(name)' looks numeric but holds text: \(text.summary); fix or remove it, list it as a missing-value token (\(parameter: .missingTokens)), or write C(\(quoted)) to treat the column as categorical")
    }
}
