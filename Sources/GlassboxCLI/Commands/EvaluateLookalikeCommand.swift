import ArgumentParser
import GlassboxAudit
import GlassboxCore
import GlassboxLinearAlgebra
import GlassboxModels
import GlassboxReport

struct EvaluateLookalikeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lookalike",
        abstract: "Evaluate a lookalike model: recovery of held-out seeds, and the composition of the expanded audience.",
        discussion: """
        Recovery: a seeded --holdout share of the seed list is hidden, the model's method is refitted on the \
        rest, and the hidden seeds are ranked among all non-seed rows: AUC, precision and recall in the top \
        --size share, and lift over a random audience. Composition (with --group, attributes that are not \
        features): the audience of the model as given (top --size of non-seed rows) against the seed list and \
        the population: shares (a bagging pu model on its own training data scores them out of bag), ratio of audience share to population share with a bootstrap interval, \
        chi-square goodness-of-fit test, and the 80 % rule flag; groups smaller than --min-group-size are \
        suppressed. Explanation: coefficients (logistic, pu) or mean per-feature contributions to the \
        similarity of the audience (similarity). Writes JSON. See docs/lookalike.md.
        """
    )

    @Argument(help: "Lookalike model file written by 'glassbox train lookalike'.")
    var model: String
    @OptionGroup var input: DataOptions

    @OptionGroup var display: ProgressOptions
    @Option(help: "Seed column (default: the model's).")
    var seed: String?
    @Option(name: .customLong("group"), help: "Attribute to audit the composition by (repeatable); not a model feature.")
    var groups: [String] = []
    @Option(help: "Audience size as a share of the non-seed rows.")
    var size: Double = 0.1
    @Option(help: "Share of the seed list held out for the recovery evaluation.")
    var holdout: Double = 0.2
    @Option(help: "Random seed of the hold-out split and the bootstrap.")
    var randomSeed: UInt64 = 1
    @Option(help: "Bootstrap replicates for the composition ratios (0 = verdicts from the point estimate).")
    var bootstrap: Int = 1000
    @Option(help: "Groups with fewer rows (in the population or audience) are suppressed.")
    var minGroupSize: Int = 10
    @OptionGroup var output: ResultOutputOptions

    func validate() throws {
        if !(size > 0 && size <= 1) { throw ValidationError("--size must be in (0, 1], got \(size)") }
        if !(holdout > 0 && holdout < 1) { throw ValidationError("--holdout must be in (0, 1), got \(holdout)") }
        if bootstrap < 0 { throw ValidationError("--bootstrap must be ≥ 0") }
        if minGroupSize < 0 { throw ValidationError("--min-group-size must be ≥ 0") }
    }

    func run() throws {
        try runReportingErrors { try withLookalikeOptionNames {
            try output.preflight(inputs: [input.data, model])
            let file = try LookalikeModelFile.load(path: model)
            BLASLibrary.useSingleThreadedBLAS()
            // Only the features, the seed list and the groups are parsed.
            let csv = try input.read(progress: display.observer,
                                     needed: NeededColumns(file.inputColumns + [seed ?? file.seedColumn] + groups))
            let table = csv.table
            try LookalikeAudience.requireGroups(groups, in: table)
            if let warning = file.featureGroupWarning(groups) { printError("warning: " + warning) }
            // Recovery: refit on the data with a share of the seeds hidden; then the model's own audience.
            let seedColumn = seed ?? file.seedColumn
            let recovery = try file.recovery(on: table, seedColumn: seedColumn, holdout: holdout, size: size, randomSeed: randomSeed,
                                             onWarning: printDesignWarning, progress: display.observer)
            let audience = try file.audienceScores(on: table, seedColumn: seedColumn, dataSHA256: csv.sha256).audience(size: size)
            var settings = AuditConfiguration()
            settings.bootstrap = bootstrap
            settings.minGroupSize = minGroupSize
            settings.seed = randomSeed
            let composition = try audience.composition(of: table, groups: groups, settings: settings)
            let report = LookalikeEvaluationReport(modelPath: model, file: file, rowsRead: table.rowCount, audience: audience,
                                                   holdout: holdout, randomSeed: randomSeed, recovery: recovery, composition: composition,
                                                   dataSHA256: csv.sha256, commandLine: Array(CommandLine.arguments.dropFirst()))
            let bytes = try report.json()
            try output.write(bytes, announce: true)
            for flag in report.flags { printError("flag: " + flag) }
        } }
    }
}
