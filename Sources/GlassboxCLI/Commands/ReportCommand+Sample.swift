import GlassboxAudit
import GlassboxCore
import GlassboxExplain
import GlassboxModels
import GlassboxTabular

extension ReportCommand {
    /// `--sample N` applies to the report of a logistic or tree model or of a score column, read from a CSV file
    /// without `--where`/`--derive` (the streamed audit reads the file's rows as they are); not to the notebook,
    /// which re-reads the data.
    func refuseSample(kind: String?) throws {
        guard sample != nil else { return }
        if kind == UpliftModelFile.kindName || kind == LookalikeModelFile.kindName {
            throw CLIError(description: "--sample does not apply to an \(kind == UpliftModelFile.kindName ? "uplift" : "lookalike") model's report yet: it samples a logistic or tree model's explanation", status: .usage)
        }
        if format == .ipynb {
            throw CLIError(description: "--sample does not apply to --format ipynb: the notebook re-reads every row of the data; choose html, markdown or json", status: .usage)
        }
        if !input.filters.isEmpty || !input.derivations.isEmpty {
            throw CLIError(description: "--sample cannot be combined with --where or --derive: the audit streams every row of the file as it is", status: .usage)
        }
    }

    /// With `--sample`, the bias audit of every row of the file, streamed in chunks of the audit's columns
    /// (``StreamingAuditReader``, docs/scale.md §5) within `--memory`; the in-memory audit's numbers, and the file's SHA-256.
    func streamedBiasAudit(model: (any ScoringModel)?, outcome: String, configuration: AuditConfiguration) throws -> (report: AuditReport, sha256: String) {
        let columns = Set(group + [score, outcome].compactMap { $0 } + (model?.inputColumns ?? []))
        let chunkBytes = try streaming.chunkBytes(for: input, columns: columns.count, designCache: false) ?? 16 << 20
        let reader = StreamingAuditReader(path: input.data, options: try input.csvOptions(), chunkBytes: chunkBytes, columns: columns)
        let audit = try reader.biasAudit(model: model, scoreColumn: score, outcome: .column(outcome), groups: group, weights: nil,
                                         configuration: configuration, progress: display.observer)
        return (audit.report, audit.sha256)
    }
}
