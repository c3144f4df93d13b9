import GlassboxCore
import GlassboxTabular
import GlassboxStatFiles

/// The columns of the input a command reads: those it needs (a missing one is an error the command
/// reports) and those it uses only when the data have them (a lookalike model's seed column when
/// scoring, a model's outcome for permutation importance).
struct NeededColumns {
    var required: [String]
    var optional: [String] = []

    init(_ required: [String], optional: [String] = []) {
        self.required = required
        self.optional = optional
    }

    /// The columns of `formula` (``Formula/sourceColumns``) and `extra`; nil (read every column) when the
    /// formula does not parse, so the command reports that error after a whole read, as before.
    static func formula(_ formula: String, plus extra: [String]) -> NeededColumns? {
        guard let parsed = try? Formula.parse(formula) else { return nil }
        return NeededColumns(parsed.sourceColumns + extra)
    }
}

extension DataOptions {
    /// Reads only the `needed` columns (``read(progress:columns:)``): every required column, and the
    /// optional ones the header has; every column when `needed` is nil. A header that cannot be read here leaves the optional columns in
    /// the request, so the read itself reports the problem (or reads the whole file, as for any absent
    /// column) exactly as before.
    func read(progress: ProgressObserver? = nil, needed: NeededColumns?) throws -> CSVReadResult {
        try read(progress: progress, columns: try columns(needed))
    }

    /// The columns to parse for `needed`: the required ones and the optional ones the header has; nil for every column.
    func columns(_ needed: NeededColumns?) throws -> Set<String>? {
        guard let needed else { return nil }
        var columns = Set(needed.required)
        if !needed.optional.isEmpty {
            // Only a CSV's header is peeked at; another source reads the optional columns it has.
            let isCSV = Self.isRegularFile(data) && !StatFileReader.reads(path: data)
            let header = isCSV ? (try? CSVReader.headerNames(path: data, options: try csvOptions())) : nil
            columns.formUnion(header.map { names in needed.optional.filter(names.contains) } ?? needed.optional)
        }
        return columns
    }
}
