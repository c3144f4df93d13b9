import ArgumentParser
import GlassboxAudit
import GlassboxCore
import GlassboxLinearAlgebra

/// `glassbox merge audit`: the partitions' audit partials, in partition order, to the audit of the whole data.
struct MergeAuditCommand: ParsableCommand, BiasAuditSettings {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Merge audit partials (from 'glassbox partial audit', in partition order) into the audit of the whole data.",
        discussion: """
        The partials' rows are concatenated in the order the files are given (partition order, which is \
        file order when the partitions are consecutive slices of one file) and audited once, with the \
        options of 'glassbox audit' (see 'glassbox audit --help'): the output is byte for byte the one \
        'glassbox audit' writes on the whole data, except the manifest, whose data record names \
        --data-label and the SHA-256 of the partial files read in order.
        """
    )

    @Argument(help: "Audit partial files, in partition order.")
    var partials: [String] = []
    @Option(help: "Name of the data set for the manifest (default: the partial files).")
    var dataLabel: String?
    @OptionGroup var settings: BiasAuditOptions
    @Option(help: "Output format: json, markdown or html (self-contained, with charts).")
    var format: AuditFormat = .json
    @OptionGroup var output: ResultOutputOptions
    @OptionGroup var display: ProgressOptions

    func validate() throws {
        if partials.isEmpty { throw ValidationError("give at least one audit partial file") }
        if settings.threshold != nil && settings.top != nil { throw ValidationError("--threshold and --top cannot be combined") }
        if !["none", "bonferroni"].contains(settings.adjust) { throw ValidationError("--adjust must be one of: none, bonferroni") }
        for r in settings.reference where !r.contains("=") { throw ValidationError("--reference must be COL=VALUE, got '\(r)'") }
    }

    func run() throws {
        try runReportingErrors {
            try output.preflight(inputs: partials)
            var digestInput = [UInt8](), parts = [AuditPartial]()
            for (k, path) in partials.enumerated() {
                try FileCheck.requireReadableFile(path)
                let bytes = try FileCheck.readBytes(path)
                do { parts.append(try AuditPartial.decode(bytes, part: k)) } catch let error as AuditError {
                    throw CLIError(description: "\(error) ('\(path)')")
                }
                digestInput += Array(SHA256.hexDigest(of: bytes).utf8)
            }
            let data: AuditData
            do { data = try AuditPartial.merged(parts) } catch let error as AuditError {
                if case .badPartial(let k, _) = error { throw CLIError(description: "\(error) ('\(partials[k])')") }
                throw error
            }
            let report = try BiasAudit.run(data, configuration: biasAuditConfiguration, progress: display.observer)
            let label = dataLabel ?? partials.joined(separator: " ")
            let manifest = Provenance(
                commandLine: Array(CommandLine.arguments.dropFirst()),
                data: .init(path: label, sha256: SHA256.hexDigest(of: digestInput), rowsRead: report.rowsRead, rowsUsed: report.rowsUsed,
                            rowsDropped: report.rowsRead - report.rowsUsed, missingByColumn: report.missingByColumn),
                seed: settings.seed, blas: BLASLibrary.path)
            try output.write(rendered(report, manifest: manifest))
            printNotes(of: report)
        }
    }
}
