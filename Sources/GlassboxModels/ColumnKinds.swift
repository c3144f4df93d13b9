import GlassboxTabular

/// The kind (numbers or text) of each column read, fixed by the first chunk in which the column holds a
/// value: a later chunk that reads it as the other kind would not render, score or group as the whole
/// file does. Used by the streamed commands (``StreamingScorer``, the streamed audit).
package struct ColumnKinds {
    private var isText: [String: Bool] = [:]
    /// What streams, for the error message ("streamed scoring").
    private let streamed: String

    package init(streamed: String = "streamed scoring") { self.streamed = streamed }

    /// Records the kinds of `table`'s columns.
    /// - Throws: ``ModelError/unsupportedOption(_:)`` when a column's kind differs from an earlier chunk's.
    package mutating func check(_ table: Table) throws {
        for (name, column) in zip(table.columnNames, table.columns) {
            let text: Bool
            switch column {
            case .numeric(let values):
                if values.allSatisfy(\.isNaN) { continue }
                text = false
            case .categorical(let c):
                if c.levels.isEmpty { continue }
                text = true
            }
            if let known = isText[name], known != text {
                throw ModelError.unsupportedOption("column '\(name)' reads as numbers in one part of the file and as text in another; "
                    + "\(streamed) needs one kind per column: give a larger memory budget so the file is read whole")
            }
            isText[name] = text
        }
    }
}
