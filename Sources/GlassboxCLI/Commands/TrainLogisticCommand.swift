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
    @Flag(help: "Print phase timings on stderr (for benchmarks).")
    var timings = false

    func validate() throws {
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

    func run() throws {
        try runReportingErrors {
            try output.preflight(inputs: [input.data])
            var clock = Stopwatch()
            BLASLibrary.useSingleThreadedBLAS()
            let data = try prepare(&clock)   // the table is released here; only the design matrix stays
            let design = data.design, encoding = data.encoding

            let penalty = penalties.penalty
            let covariance: CovarianceType = cluster != nil ? .cluster : robust.flatMap { CovarianceType(rawValue: $0.lowercased()) } ?? .nonrobust
            let model = LogisticRegression(penalty: penalty, covariance: covariance, tolerance: tolerance,
                                           maxIterations: maxIterations, hasIntercept: encoding.interceptIndex == 0)
            guard design.x.rows > 0 else { throw ModelError.noObservations }
            let fit = try model.fit(x: design.x, y: data.y, termNames: encoding.termNames, responseName: encoding.responseName ?? "outcome",
                                    weights: data.weights, weightsName: weights ?? "weights", clusters: data.clusters,
                                    progress: display.observer)
            clock.lap("fit")

            let manifest = ModelManifest(
                commandLine: Array(CommandLine.arguments.dropFirst()),
                data: .init(path: input.data, sha256: data.sha256, rowsRead: data.rowsRead, rowsUsed: design.x.rows,
                            rowsDropped: design.droppedRowCount, missingByColumn: design.droppedByColumn),
                blas: BLASLibrary.path)
            let file = LogisticModelFile(encoding: encoding, model: model, fit: fit, weights: weights, cluster: cluster, manifest: manifest)
            try output.write(try file.encoded())
            clock.lap("write")
            for warning in fit.warnings { printError("warning: " + warning) }
            if design.droppedRowCount > 0 {
                printError("note: \(design.droppedRowCount) of \(data.rowsRead) rows dropped for missing values")
            }
            try writeLine("wrote \(output.out): logistic model, \(design.x.rows) rows, \(fit.parameterCount) parameters, "
                  + (fit.converged ? "converged in \(fit.iterations) iterations" : "NOT converged (see warnings)"))
            if timings { printError(clock.json) }
        }
    }

    /// What the fit needs from the data file.
    struct PreparedData {
        var encoding: DesignEncoding
        var design: DesignMatrix
        var y: [Double]
        var weights: [Double]?
        var clusters: [Int]?
        var sha256: String
        var rowsRead: Int
    }

    func prepare(_ clock: inout Stopwatch) throws -> PreparedData {
        let csv = try input.read(progress: display.observer)
        clock.lap("read")
        let parsed = try Formula.parse(formula)
        guard parsed.hasResponse else {
            throw CLIError(description: "the formula \"\(formula)\" has no outcome: write it as \"outcome ~ predictors\"")
        }
        let extras = [weights, cluster].compactMap { $0 }
        var (encoding, design) = try DesignBuilder.fit(parsed, on: csv.table, extraColumns: extras)
        for warning in design.warnings { printError("warning: " + warning) }
        guard let y = design.response else { throw CLIError(description: "the formula's outcome could not be built") }
        design.response = nil
        let caseWeights = try weights.map { try numericValues(csv.table, $0, rows: design.rowIndices) }
        let clusterCodes = try cluster.map { try clusterIds(csv.table, $0, rows: design.rowIndices) }
        clock.lap("design")
        return PreparedData(encoding: encoding, design: design, y: y, weights: caseWeights, clusters: clusterCodes,
                            sha256: csv.sha256, rowsRead: csv.table.rowCount)
    }
}

/// Values of a numeric column at the given rows (weights must be numeric).
func numericValues(_ table: Table, _ name: String, rows: [Int]) throws -> [Double] {
    guard case .numeric(let values) = try table.column(named: name) else {
        throw CLIError(description: "column '\(name)' must be numeric, but it holds text")
    }
    return rows.map { values[$0] }
}

/// Cluster ids (any column type) recoded to 0..<G in order of first appearance.
func clusterIds(_ table: Table, _ name: String, rows: [Int]) throws -> [Int] {
    let column = try table.column(named: name)
    var codes = [Int]()
    codes.reserveCapacity(rows.count)
    switch column {
    case .numeric(let values):
        var map = [Double: Int]()
        for r in rows { codes.append(map[values[r]] ?? { let c = map.count; map[values[r]] = c; return c }()) }
    case .categorical(let c):
        var map = [Int32: Int]()
        for r in rows { codes.append(map[c.codes[r]] ?? { let k = map.count; map[c.codes[r]] = k; return k }()) }
    }
    if Set(codes).count < 2 {
        throw CLIError(description: "cluster-robust errors need at least 2 clusters, but column '\(name)' has \(Set(codes).count)")
    }
    return codes
}
