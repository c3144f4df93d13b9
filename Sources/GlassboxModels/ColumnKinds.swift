import GlassboxTabular

/// The kind (numbers or text) of each column read chunk by chunk, fixed by the first chunk in which the
/// column holds a value: a later chunk that reads it as the other kind would not render, score, group or
/// encode as the whole file does, so the streamed commands (``StreamingScorer``, the streamed audit, the
/// streamed uplift and lookalike fits, docs/scale.md §4–7) refuse it. Chunks where a column is entirely
/// missing say nothing.
package struct ColumnKinds: Sendable {
    private var isText: [String: Bool] = [:]
    /// The columns checked (nil: every column of the chunk).
    private let columns: [String]?
    /// The refusal for a column whose kind changed.
    private let refusal: @Sendable (String) -> String

    /// Checks every column; `streamed` names what streams in the message ("streamed scoring").
    package init(streamed: String = "streamed scoring") {
        columns = nil
        refusal = { name in
            "column '\(name)' reads as numbers in one part of the file and as text in another; "
                + "\(streamed) needs one kind per column: give a larger memory budget so the file is read whole"
        }
    }

    /// Checks `columns` only, for a streamed fit.
    package init(columns: [String]) {
        self.columns = columns
        refusal = { name in
            "the column '\(name)' reads as numbers in some rows and as text in others, so it cannot be read chunk by chunk; "
                + "read the whole file in memory (a larger memory budget), or clean the column"
        }
    }

    /// Whether `name` read as text in the chunks seen (nil: no value seen).
    package func readsAsText(_ name: String) -> Bool? { isText[name] }

    /// Records the kinds of `table`'s columns.
    /// - Throws: ``ModelError/unsupportedOption(_:)`` when a column's kind differs from an earlier chunk's.
    package mutating func check(_ table: Table) throws {
        for name in columns ?? table.columnNames where table.hasColumn(name) {
            let column = try table.column(named: name)
            guard column.missingCount < table.rowCount else { continue }
            let text: Bool = if case .categorical = column { true } else { false }
            try record(name, isText: text)
        }
    }

    /// The kind of every column that held a value so far: true for text.
    package var textByColumn: [String: Bool] { isText }

    /// Records that `name` reads as text (or numbers) in another part of the file, e.g. another
    /// partition's (docs/scale.md §7).
    /// - Throws: ``ModelError/unsupportedOption(_:)`` when it differs from the kind recorded.
    package mutating func record(_ name: String, isText text: Bool) throws {
        if let known = isText[name], known != text {
            throw ModelError.unsupportedOption(refusal(name))
        }
        isText[name] = text
    }
}
