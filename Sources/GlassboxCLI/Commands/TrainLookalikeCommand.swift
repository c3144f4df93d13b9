import ArgumentParser
import GlassboxCore
import GlassboxLinearAlgebra
import GlassboxModels
import GlassboxTabular

struct TrainLookalikeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lookalike",
        abstract: "Fit a lookalike model that expands a seed list (donors, volunteers…) to people like them.",
        discussion: """
        Methods: logistic (seed vs the rest), pu (Elkan & Noto 2008: P(listed | x) = c·σ(xβ) fitted by maximum \
        likelihood, scores σ(xβ̂) = P(positive | x), ĉ with its standard error; --bagging N for Mordelet & Vert 2014, \
        K = --bag-size non-seed rows per round, training rows scored out of bag by 'evaluate lookalike'), \
        similarity (cosine on standardised features, every level of a categorical one-hot coded, to the seed \
        centroid, or with --k K the mean similarity to the K most similar seeds, exact). The seed column holds 1/true for seeds and 0/false/empty for the rest. \
        See docs/lookalike.md.
        """
    )

    @OptionGroup var input: DataOptions
    @Option(help: "Features as a formula without outcome, e.g. \"~ age + income + C(party)\".")
    var formula: String
    @Option(help: "Seed column: 1/true = on the seed list, 0/false/empty = the rest.")
    var seed: String
    @Option(help: "logistic, pu or similarity.")
    var method: String
    @Option(help: "similarity: mean similarity to the K nearest seeds (default: similarity to the centroid).")
    var k: Int?
    @Option(help: "pu: bagging PU classifier with N rounds (Mordelet & Vert 2014).")
    var bagging: Int = 0
    @Option(help: "pu --bagging: non-seed rows drawn (with replacement) per round (default: the number of seeds).")
    var bagSize: Int?
    @Option(name: .customLong("holdout"), help: "pu: share of rows held out (stratified by seed) to estimate ĉ (default 0.2).")
    var holdoutGiven: Double?
    var holdout: Double { holdoutGiven ?? 0.2 }
    @Option(help: "Random seed for the hold-out split and bootstrap samples.")
    var randomSeed: UInt64 = 1
    @Option(help: "L2 penalty λ of the logistic classifiers.")
    var l2: Double?
    @OptionGroup var output: OutputOptions
    @OptionGroup var display: ProgressOptions
    @OptionGroup var streaming: StreamingOptions
    @Flag(help: "Print phase timings on stderr (for benchmarks).")
    var timings = false

    func validate() throws {
        guard let m = LookalikeMethod(rawValue: method) else {
            throw ValidationError("--method must be one of \(LookalikeMethod.allCases.map(\.rawValue).joined(separator: ", ")), got '\(method)'")
        }
        if let k, k < 1 { throw ValidationError("--k must be at least 1, got \(k)") }
        if k != nil && m != .similarity { throw ValidationError("--k applies to --method similarity only") }
        if bagging < 0 { throw ValidationError("--bagging must be ≥ 0, got \(bagging)") }
        if bagging > 0 && m != .pu { throw ValidationError("--bagging applies to --method pu only") }
        if let bagSize, bagSize < 1 { throw ValidationError("--bag-size must be at least 1, got \(bagSize)") }
        if bagSize != nil && bagging == 0 { throw ValidationError("--bag-size applies to --method pu --bagging N only") }
        if !(holdout > 0 && holdout < 1) { throw ValidationError("--holdout must be in (0, 1), got \(holdout)") }
        if let l2, !(l2.isFinite && l2 >= 0) { throw ValidationError("--l2 must be a non-negative number, got \(l2)") }
        // Options the chosen method does not use are refused, never silently ignored.
        if holdoutGiven != nil && (m != .pu || bagging > 0) { throw ValidationError("--holdout applies to --method pu without --bagging only (it sets the rows held out to estimate ĉ)") }
        if l2 != nil && m == .similarity { throw ValidationError("--l2 applies to --method logistic or pu only (similarity fits no classifier)") }
    }

    func run() throws {
        try runReportingErrors { try withLookalikeOptionNames {
            try output.preflight(inputs: [input.data])
            var clock = Stopwatch()
            BLASLibrary.useSingleThreadedBLAS()
            let columnsRead = ((try? Formula.parse(formula))?.sourceColumns.count ?? 0) + 1
            if let chunkBytes = try streaming.chunkBytes(for: input, columns: columnsRead) {
                try runStreamed(chunkBytes: chunkBytes, clock: &clock)
                if timings { printError(clock.json) }
                return
            }
            // Only the features and the seed column are parsed.
            let csv = try input.read(progress: display.observer, needed: .formula(formula, plus: [seed]))
            clock.lap("read")
            var file = try model.fit(formula: formula, on: csv.table, seedColumn: seed, dataPath: input.data, dataSHA256: csv.sha256,
                                     commandLine: Array(CommandLine.arguments.dropFirst()), onWarning: printDesignWarning,
                                     progress: display.observer)
            input.record(csv, in: &file.manifest)
            clock.lap("fit")
            try finish(file, rowsRead: csv.table.rowCount)
            clock.lap("write")
            if timings { printError(clock.json) }
        } }
    }

    /// The model of these options.
    var model: LookalikeModel {
        LookalikeModel(method: LookalikeMethod(rawValue: method)!, penalty: l2.map(Penalty.l2) ?? .none, k: k,
                       bagging: bagging, bagSize: bagSize, holdout: holdout, randomSeed: randomSeed)
    }

    /// The fit of a CSV streamed through a design cache (docs/scale.md §7): same model, same messages.
    func runStreamed(chunkBytes: Int, clock: inout Stopwatch) throws {
        guard model.streams else {
            let why = method == LookalikeMethod.similarity.rawValue
                ? "--method similarity is fitted in memory only (the similarity index keeps the standardised seed rows)"
                : "--method pu without --bagging is fitted in memory only (the scaled-logistic likelihood has no pass over a design cache)"
            throw CLIError(description: why + ", and this file would not fit the memory budget: raise --memory, or use --method logistic or --method pu --bagging N")
        }
        try FileCheck.requireReadableFile(input.data)
        let (file, read) = try model.fitStreaming(formula: formula, path: input.data, options: try input.csvOptions(), chunkBytes: chunkBytes,
                                                  seedColumn: seed, dataPath: input.data, commandLine: Array(CommandLine.arguments.dropFirst()),
                                                  progress: display.observer)
        clock.lap("fit")
        for warning in read.designWarnings { printDesignWarning(warning) }
        try finish(file, rowsRead: read.rowsRead)
        clock.lap("write")
    }

    /// Writes the model and prints its warnings, notes and summary line.
    func finish(_ file: LookalikeModelFile, rowsRead: Int) throws {
        let fit = LookalikeInspection(file)
        try output.write(try file.encoded())
        for warning in file.warnings { printError("warning: " + lookalikeWarningWithOptionNames(warning)) }
        if let dropped = file.manifest.data?.rowsDropped, dropped > 0 {
            printError("note: \(dropped) of \(rowsRead) rows dropped for missing values")
        }
        var summary = "wrote \(output.out): lookalike model (\(method)\(k.map { ", K = \($0)" } ?? "")), \(fit.rows) rows, \(fit.seeds) seeds"
        if let c = fit.labelFrequency, let share = fit.positiveShare {
            let se = fit.labelFrequencyStandardError.map { " ± \($0)" } ?? ""
            let heldOut = fit.labelFrequencyHeldOut.map { "; held-out mean of g over \(fit.heldOutSeeds ?? 0) seeds e₁ = \($0)" } ?? ""
            summary += "; ĉ = \(c)\(se) (maximum likelihood)\(heldOut); implied share of positives \(share)"
        }
        if let bagSize = fit.bagSize {
            summary += "; \(bagging) bagging rounds of K = \(bagSize) non-seed rows, \(fit.rowsNeverOutOfBag ?? 0) non-seed rows never out of bag"
        }
        try writeLine(Escaping.terminal(summary))
    }
}
