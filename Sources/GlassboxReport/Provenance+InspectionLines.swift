import GlassboxCore

extension Provenance {
    /// The closing lines of `inspect`'s text for an uplift or lookalike model: rows read, used and dropped,
    /// and the data file with its SHA-256 (none when the model records no data source).
    var inspectionDataLines: [String] {
        guard let data else { return [] }
        return ["Rows: \(data.rowsRead) read, \(data.rowsUsed) used, \(data.rowsDropped) dropped",
                "Data: \(data.path) (SHA-256 \(data.sha256))"] + data.preparationLines.map { "\($0.label): \($0.text)" }
    }
}
