import GlassboxCore
import GlassboxModels
import GlassboxTabular

/// Reads an uplift model file with the same path checks as data files.
func loadUpliftModel(_ path: String) throws -> UpliftModelFile {
    try FileCheck.requireReadableFile(path)
    return try UpliftModelFile.load(bytes: try readFileBytes(path), path: path)
}

/// The model file's kind (`logistic`, `uplift`…), read before the full file so commands can dispatch on it.
func modelKind(_ path: String) throws -> String {
    try FileCheck.requireReadableFile(path)
    return try ModelFileHeader.read(bytes: try readFileBytes(path), path: path).kind
}

/// Splits a comma-separated option value, trimming spaces around each item.
func commaList(_ text: String) -> [String] {
    text.split(separator: ",", omittingEmptySubsequences: true).map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
}

/// The rows `rows` of every column of `table`, in order.
func selectingRows(_ table: Table, _ rows: [Int]) throws -> Table {
    var out = Table(rowCount: rows.count)
    for (name, column) in zip(table.columnNames, table.columns) {
        switch column {
        case .numeric(let values):
            try out.append(name: name, column: .numeric(rows.map { values[$0] }))
        case .categorical(let c):
            try out.append(name: name, column: .categorical(CategoricalColumn(levels: c.levels, codes: rows.map { c.codes[$0] })))
        }
    }
    return out
}

/// The rows of an experiment that belong to control or one of the treatments, with their arm codes.
struct UpliftRows {
    /// Table restricted to control and treated rows.
    var table: Table
    /// Per row of `table`: 0 control, k for the k-th treated value.
    var arms: [Int]
    /// Rows of the original table that were in another arm or had a missing treatment.
    var otherRows: Int

    init(_ full: Table, treatment: UpliftTreatment) throws {
        let codes = try treatment.armCodes(in: full)
        let rows = codes.indices.filter { codes[$0] >= 0 }
        table = rows.count == full.rowCount ? full : try selectingRows(full, rows)
        arms = rows.map { codes[$0] }
        otherRows = full.rowCount - rows.count
        for (k, value) in ([treatment.control] + treatment.treated).enumerated() where !arms.contains(k) {
            throw CLIError(description: "no rows have \(treatment.column) = '\(value)'")
        }
    }
}
