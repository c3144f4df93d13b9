import ArgumentParser
import GlassboxCore
import GlassboxLinearAlgebra
import GlassboxModels
import GlassboxTabular

struct TrainLogisticCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logistic",
        abstract: "Fit a logistic regression (turnout / support score) by maximum likelihood or with an L1/L2 penalty.",
        discussion: """
        Rows with a missing value in any model column (or in --weights / --cluster) are dropped and counted. \
        Estimates agree with statsmodels Logit / R glm; --l1/--l2 agree with scikit-learn LogisticRegression \
        with C = 1/λ (intercept unpenalised). Separation, aliased terms and non-convergence are reported \
        in the model file and on stderr.
        """
    )

    @OptionGroup var input: DataOptions
    @Option(help: "R-style formula, e.g. \"voted ~ age + C(race, ref=\\\"White\\\") + age:female\".")
    var formula: String
    @Option(help: "Column of case (frequency) weights, as statsmodels GLM freq_weights.")
    var weights: String?
    @OptionGroup var penalties: PenaltyOptions
    @Option(help: "Robust standard errors: hc0, hc1 (hc0·n/(n−k)), hc2 or hc3, as R's sandwich::vcovHC.")
    var robust: String?
    @Option(help: "Column of cluster ids for cluster-robust standard errors.")
    var cluster: String?
    @Option(help: "Stop when the relative change in deviance is below this.")
    var tolerance: Double = 1e-10
    @Option(help: "Maximum Newton iterations.")
    var maxIterations: Int = 100
    @OptionGroup var output: OutputOptions
    @OptionGroup var display: ProgressOptions
    @OptionGroup var streaming: StreamingOptions
    @Flag(help: "Print phase timings on stderr (for benchmarks).")
    var timings = false

    func validate() throws {
        try Self.validateTraining(robust: robust, cluster: cluster, penalties: penalties, tolerance: tolerance, maxIterations: maxIterations)
    }

    /// The checks of the training options, shared with `merge logistic`.
    static func validateTraining(robust: String?, cluster: String?, penalties: PenaltyOptions, tolerance: Double, maxIterations: Int) throws {
        if let r = robust, CovarianceType(rawValue: r.lowercased()) == nil || r.lowercased() == "cluster" || r.lowercased() == "nonrobust" {
            throw ValidationError("--robust must be one of hc0, hc1, hc2, hc3, got '\(r)'")
        }
        if robust != nil && cluster != nil { throw ValidationError("--robust and --cluster cannot be combined (--cluster gives cluster-robust errors)") }
        if penalties.isPenalised && (robust != nil || cluster != nil) {
            throw ValidationError("penalised fits (--l1/--l2) report no standard errors, so --robust/--cluster do not apply")
        }
        if !(tolerance > 0) { throw ValidationError("--tolerance must be positive") }
        if maxIterations < 1 { throw ValidationError("--max-iterations must be at least 1") }
    }

    /// The library's training specification for these options.
    var training: LogisticTraining {
        LogisticTraining(formula: formula, weightsColumn: weights, clusterColumn: cluster, penalty: penalties.penalty,
                         covariance: robust.flatMap { CovarianceType(rawValue: $0.lowercased()) } ?? .nonrobust,
                         tolerance: tolerance, maxIterations: maxIterations)
    }

    func run() throws {
        try runReportingErrors {
            try output.preflight(inputs: [input.data])
            var clock = Stopwatch()
            BLASLibrary.useSingleThreadedBLAS()
            if let chunkBytes = try streaming.chunkBytes(for: input, columns: training.columnsRead?.count ?? 1, allowPreparation: true) {
                return try runStreamed(chunkBytes: chunkBytes)
            }
            let (data, read) = try prepare(&clock)   // the table is released here; only the design matrix stays
            var provenance = Provenance(commandLine: Array(CommandLine.arguments.dropFirst()),
                                        data: .init(path: input.data, sha256: read.sha256, rowsRead: 0, rowsUsed: 0, rowsDropped: 0, missingByColumn: [:]),
                                        blas: BLASLibrary.path)
            input.record(read, in: &provenance)
            let file = try training.fit(data, provenance: provenance, progress: display.observer)
            clock.lap("fit")
            try output.write(try file.encoded())
            clock.lap("write")
            for warning in file.warnings { printError("warning: " + warning) }
            let design = data.design
            if design.droppedRowCount > 0 {
                printError("note: \(design.droppedRowCount) of \(data.rowsRead) rows dropped for missing values")
            }
            try writeLine("wrote \(output.out): logistic model, \(design.x.rows) rows, \(file.fit.parameterCount) parameters, "
                  + (file.fit.converged ? "converged in \(file.fit.iterations) iterations" : "NOT converged (see warnings)"))
            if timings { printError(clock.json) }
        }
    }

    /// The fit of a CSV streamed through a design cache (docs/scale.md §3): same model, same messages.
    func runStreamed(chunkBytes: Int) throws {
        try FileCheck.requireReadableFile(input.data)
        var provenance = Provenance(commandLine: Array(CommandLine.arguments.dropFirst()),
                                    data: .init(path: input.data, sha256: "", rowsRead: 0, rowsUsed: 0, rowsDropped: 0, missingByColumn: [:]),
                                    blas: BLASLibrary.path)
        provenance.data?.recordPreparation(filters: input.filters, derivations: input.derivations)
        // --where/--derive are applied to each chunk; the columns they read are parsed too.
        let columns = try input.clashingDerivedColumns(adding: try input.projection(adding: training.columnsRead.map { Set($0) }))
        let (file, read) = try training.fitStreaming(path: input.data, options: try input.csvOptions(), chunkBytes: chunkBytes,
                                                     provenance: provenance, columns: columns, derivations: input.derivations,
                                                     filters: input.filters, progress: display.observer)
        if let filtered = read.filterSummary { DataOptions.printFilterNote(filtered) }
        for warning in read.designWarnings { printError("warning: " + warning) }
        try output.write(try file.encoded())
        for warning in file.warnings { printError("warning: " + warning) }
        if read.rowsDropped > 0 { printError("note: \(read.rowsDropped) of \(read.rowsRead) rows dropped for missing values") }
        try writeLine("wrote \(output.out): logistic model, \(file.fit.rowCount) rows, \(file.fit.parameterCount) parameters, "
              + (file.fit.converged ? "converged in \(file.fit.iterations) iterations" : "NOT converged (see warnings)"))
    }

    /// Reads the data and builds the design; the table is not kept.
    func prepare(_ clock: inout Stopwatch) throws -> (LogisticTraining.PreparedData, read: CSVReadResult) {
        var csv = try input.read(progress: display.observer, needed: training.columnsRead.map { NeededColumns($0) })
        clock.lap("read")
        // Hand over the only copy of the table, so that each column is freed once copied into the design.
        var table = Table()
        swap(&table, &csv.table)
        let data = try training.prepare(&table) { printError("warning: " + $0) }
        clock.lap("design")
        return (data, csv)   // the read's record, its table handed over
    }
}

/// Values of a numeric column at the given rows (weights must be numeric).
func numericValues(_ table: Table, _ name: String, rows: [Int]) throws -> [Double] {
    try LogisticTraining.numericValues(table, name, rows: rows)
}
