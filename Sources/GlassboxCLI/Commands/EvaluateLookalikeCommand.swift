import ArgumentParser
import GlassboxAudit
import Foundation
import GlassboxCore
import GlassboxLinearAlgebra
import GlassboxModels
import GlassboxTabular

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
    @Option(help: "Write to this file instead of standard output.")
    var out: String?
    @Flag(help: "Replace --out if it exists.")
    var force = false

    func validate() throws {
        if !(size > 0 && size <= 1) { throw ValidationError("--size must be in (0, 1], got \(size)") }
        if !(holdout > 0 && holdout < 1) { throw ValidationError("--holdout must be in (0, 1), got \(holdout)") }
        if bootstrap < 0 { throw ValidationError("--bootstrap must be ≥ 0") }
        if minGroupSize < 0 { throw ValidationError("--min-group-size must be ≥ 0") }
    }

    func run() throws {
        try runReportingErrors {
            if let out { try preflightOutput(out, force: force, inputs: [input.data, model]) }
            let file = try loadLookalikeModel(model)
            BLASLibrary.useSingleThreadedBLAS()
            let csv = try input.read(progress: display.observer)
            let table = csv.table
            let seedColumn = seed ?? file.seedColumn
            for g in groups where !table.hasColumn(g) {
                throw CLIError(description: "group column '\(g)' is not in the data (columns: \(table.columnNames.prefix(20).joined(separator: ", ")))")
            }
            if let clash = groups.first(where: { file.encoding.predictorColumns.contains($0) }) {
                printError("warning: group column '\(clash)' is also a model feature; the composition audit is meant for attributes the model does not use")
            }
            // Recovery: refit on the data with a share of the seeds hidden; then the model's own audience.
            let (recovery, prepared) = try LookalikeAssessment.recovery(file, table: table, seedColumn: seedColumn, holdout: holdout,
                                                                        size: size, seed: randomSeed, progress: display.observer)
            let (scores, design, outOfBag) = try LookalikeAssessment.scores(file, table: table, dataSHA256: csv.sha256,
                                                                            seedColumn: seedColumn, prepared: prepared)
            let (composition, audience) = try LookalikeAssessment.composition(
                table: table, scores: scores, design: design, seedColumn: seedColumn, groups: groups, size: size,
                bootstrap: bootstrap, minGroupSize: minGroupSize, seed: randomSeed)
            let rows = design.rowIndices
            let report = Report(model: model, method: file.options.method.rawValue, k: file.options.k, seedColumn: seedColumn,
                                rowsRead: table.rowCount, rowsScored: rows.count, outOfBag: outOfBag, size: size, holdout: holdout, randomSeed: randomSeed,
                                labelFrequency: file.fit.labelFrequency, positiveShare: file.fit.positiveShare,
                                recovery: recovery, composition: composition,
                                flags: composition.flatMap { $0.groups.compactMap(\.flag) },
                                explanation: explanation(file, design: design, audience: rows.indices.filter { audience[rows[$0]] }),
                                dataSha256: csv.sha256, glassboxVersion: GlassboxVersion.string,
                                commandLine: Array(CommandLine.arguments.dropFirst()))
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            var bytes = [UInt8](try encoder.encode(report))
            bytes.append(UInt8(ascii: "\n"))
            if let out {
                try AtomicFile.write(bytes, to: out, force: force)
                printError("wrote \(out)")
            } else {
                try writeOutput(bytes)
            }
            for flag in report.flags { printError("flag: " + flag) }
        }
    }

    /// Coefficients (mean over bagging rounds) or the mean per-feature similarity contribution over the audience.
    private func explanation(_ file: LookalikeModelFile, design: DesignMatrix, audience: [Int]) -> [Contribution] {
        if let index = file.fit.similarity {
            let p = index.columns.count
            let values = index.contributions(design.x, rows: audience)
            return index.features.indices.map { f in
                let total = audience.indices.reduce(0.0) { $0 + values[$1 * p + f] }
                return Contribution(term: index.features[f], value: audience.isEmpty ? 0 : total / Double(audience.count))
            }
        }
        let rounds = Double(file.fit.classifiers.count)
        return file.fit.terms.indices.map { j in
            Contribution(term: file.fit.terms[j], value: file.fit.classifiers.reduce(0.0) { $0 + ($1[j] ?? 0) } / rounds)
        }
    }

    struct Contribution: Encodable {
        var term: String
        var value: Double
    }

    struct Report: Encodable {
        var model: String
        var method: String
        var k: Int?
        var seedColumn: String
        var rowsRead: Int
        var rowsScored: Int
        /// Bagging PU on its training data: the audience is chosen by out-of-bag scores.
        var outOfBag: Bool
        var size: Double
        var holdout: Double
        var randomSeed: UInt64
        var labelFrequency: Double?
        var positiveShare: Double?
        var recovery: LookalikeEvaluation
        var composition: [CompositionAudit.Attribute]
        var flags: [String]
        /// Coefficients (logistic, pu) or mean similarity contributions over the audience (similarity).
        var explanation: [Contribution]
        var dataSha256: String
        var glassboxVersion: String
        var commandLine: [String]
    }
}
