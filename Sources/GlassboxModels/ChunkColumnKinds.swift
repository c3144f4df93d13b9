import GlassboxTabular

/// The kinds (numbers or text) of columns read chunk by chunk: a column that reads as numbers in one chunk
/// and as text in another would be text in the whole table, and its values matched or encoded differently,
/// so a streamed fit refuses it (docs/scale.md §5). Chunks where a column is entirely missing say nothing.
package struct ChunkColumnKinds: Sendable {
    private let columns: [String]
    private var isText: [String: Bool] = [:]

    package init(columns: [String]) { self.columns = columns }

    /// Whether `name` read as text in the chunks seen (nil: no value seen).
    package func readsAsText(_ name: String) -> Bool? { isText[name] }

    /// Records the kinds of the columns in `chunk`, refusing a change.
    package mutating func check(_ chunk: Table) throws {
        for name in columns where chunk.hasColumn(name) {
            let column = try chunk.column(named: name)
            guard column.missingCount < chunk.rowCount else { continue }
            let text: Bool = if case .categorical = column { true } else { false }
            if let earlier = isText[name], earlier != text {
                throw ModelError.unsupportedOption("the column '\(name)' reads as numbers in some rows and as text in others, so it cannot be read chunk by chunk; read the whole file in memory (a larger memory budget), or clean the column")
            }
            isText[name] = text
        }
    }
}
