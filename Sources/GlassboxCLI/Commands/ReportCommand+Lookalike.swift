import GlassboxAudit
import Foundation
import GlassboxModels
import GlassboxReport
import GlassboxTabular

extension ReportCommand {
    /// The default audience of a lookalike report: the top 10 % of rows not on the seed list (as the
    /// demo and `glassbox evaluate lookalike`).
    static let defaultAudienceSize = 0.1
    /// The default share of the seed list held out for the recovery evaluation (as `evaluate lookalike`).
    static let defaultHoldout = 0.2

    /// The report of a lookalike model: the model, the recovery of held-out seeds when --data has the
    /// model's seed column, and with --group the composition of the expanded audience.
    func reportLookalike(_ path: String) throws {
        let logisticOnly = "it belongs to a logistic model's explanation"
        try refuse([
            (outcome != nil, "--outcome", "a lookalike model has no outcome; the seed list is the model's seed column"),
            (threshold != nil, "--threshold", "the audience is the top --size share of rows not on the seed list"),
            (top != nil, "--top", "the audience of a lookalike model is set by --size"),
            (!reference.isEmpty, "--reference", "the composition audit compares each group with its population share"),
            (intersect, "--intersect", "the composition audit reports each --group attribute on its own"),
            (metric != nil, "--metric", logisticOnly), (repeats != nil, "--repeats", logisticOnly), (pd != nil, "--pd", logisticOnly),
            (ice != nil, "--ice", logisticOnly), (protected != nil, "--protected", logisticOnly),
        ], for: "a lookalike model")
        let file = try loadLookalikeModel(path)
        let context = try ReportContext(self)
        let table = context.table
        var manifest = context.manifest
        var extraInputs = context.modelInput
        let size = size ?? Self.defaultAudienceSize
        for g in group where !table.hasColumn(g) {
            throw CLIError(description: "group column '\(g)' is not in the data (columns: \(table.columnNames.prefix(20).joined(separator: ", ")))")
        }
        let hasSeeds = table.hasColumn(file.seedColumn)
        if !group.isEmpty && !hasSeeds {
            throw CLIError(description: "the composition audit needs the model's seed column '\(file.seedColumn)' in the data: the audience is drawn from the rows not on the seed list")
        }
        if let clash = group.first(where: { file.encoding.predictorColumns.contains($0) }) {
            printError("warning: group column '\(clash)' is also a model feature; the composition audit is meant for attributes the model does not use")
        }
        var sections = [Self.lookalikeModelSection(file)]
        let holdout = holdout ?? Self.defaultHoldout
        var scored: (scores: [Double], design: DesignMatrix, outOfBag: Bool)
        if hasSeeds {
            let (recovery, prepared) = try LookalikeAssessment.recovery(file, table: table, seedColumn: file.seedColumn, holdout: holdout,
                                                                        size: size, seed: seed, progress: display.observer)
            sections.append(Self.lookalikeRecoverySection(recovery, seedColumn: file.seedColumn, holdout: holdout, size: size, seed: seed))
            scored = try LookalikeAssessment.scores(file, table: table, dataSHA256: context.sha256, seedColumn: file.seedColumn,
                                                    prepared: prepared)
        } else {
            printError("note: the data has no seed column '\(file.seedColumn)': no recovery evaluation")
            let (scores, design) = try lookalikeScores(file, table: table)
            scored = (scores, design, false)
        }
        let design = scored.design
        manifest.data?.rowsUsed = design.rowIndices.count
        manifest.data?.rowsDropped = table.rowCount - design.rowIndices.count
        if !group.isEmpty {
            let composition = try LookalikeAssessment.composition(
                table: table, scores: scored.scores, design: design, seedColumn: file.seedColumn, groups: group, size: size,
                bootstrap: bootstrap, minGroupSize: minGroupSize, seed: seed).attributes
            var section = ReportSection.composition(composition, method: file.options.method.rawValue, formula: file.formula, size: size,
                                                    minGroupSize: minGroupSize, wording: .seedColumn(file.seedColumn))
            if scored.outOfBag {
                section.blocks.insert(.note(Note(.info, "The data is the model's training file: its rows are scored out of bag (each non-seed row by the bagging rounds that did not draw it).")), at: 1)
            }
            sections.append(section)
            for flag in composition.flatMap({ $0.groups.compactMap(\.flag) }) { printError("flag: " + flag) }
        }
        let files = try upliftEvaluationFiles(&extraInputs)
        var document = ReportDocument.combined(
            title: title ?? "Report on the lookalike model (\(file.options.method.rawValue)) of the seed list \(file.seedColumn)",
            subtitle: "Features: \(file.formula)", uplifts: files, minGroupSize: minGroupSize,
            manifest: ReportManifest(manifest, extraInputs: extraInputs))
        document.sections.insert(contentsOf: sections, at: 1)
        document.makeSectionIDsUnique()
        let check = NotebookRecipe.LookalikeCheck(seedColumn: file.seedColumn, size: size,
                                                  classifiers: file.options.method == .similarity ? [] : file.fit.classifiers,
                                                  encoding: file.encoding)
        try write(document, recipe: NotebookRecipe(dataPath: input.data, sha256: context.sha256, delimiter: context.delimiter,
                                                   lookalike: hasSeeds ? check : nil))
    }

    /// The lookalike model: method, options and training counts; for `logistic` and `pu` the
    /// coefficients (the mean over bagging rounds when bagged) and, for `pu`, the labelling rate ĉ
    /// with its standard error and the implied positive share; for `similarity` the standardised features.
    static func lookalikeModelSection(_ file: LookalikeModelFile) -> ReportSection {
        let n = ReportFigure.self, fit = file.fit, o = file.options
        var settings = [KeyValue("Method", o.method.rawValue), KeyValue("Seed column", file.seedColumn),
                        KeyValue("Training rows / seeds", "\(fit.rowCount) / \(fit.seedCount)")]
        if o.method != .similarity {
            settings.append(KeyValue("Penalty", o.penalty == "none" ? "none" : "\(o.penalty.uppercased()), λ = \(n.text(o.lambda))"))
        }
        if o.bagging > 0 { settings.append(KeyValue("Bagging rounds", String(o.bagging))) }
        if let c = fit.labelFrequency {
            settings.append(KeyValue("Labelling rate ĉ = P(on the list | positive)", n.text(c, 6) + (fit.labelFrequencyStandardError.map { " (SE \(n.text($0, 6)))" } ?? "")))
        }
        if let e1 = fit.labelFrequencyHeldOut { settings.append(KeyValue("Elkan–Noto e₁ on held-out seeds", n.text(e1, 6) + (fit.heldOutSeeds.map { " (\($0) seeds)" } ?? ""))) }
        if let share = fit.positiveShare { settings.append(KeyValue("Implied positive share P(s = 1)/ĉ", n.text(share, 6))) }
        var blocks: [ReportBlock] = [.paragraph(Self.methodText(file)), .keyValues(settings)]
        if let index = fit.similarity {
            blocks.append(.keyValues([KeyValue("Similarity to", index.k.map { "the mean of the \($0) nearest seeds" } ?? "the seed centroid")]))
            blocks.append(.table(DataTable(caption: "Standardised features (cosine similarity is taken on (x − mean) / scale)",
                                           columns: ["Feature", "Mean", "Scale"], numeric: [false, true, true],
                                           rows: index.features.indices.map { f in
                [DataTable.Cell(index.features[f]), n.cell(index.means[f], 6), n.cell(index.scales[f], 6)]
            })))
        } else if !fit.classifiers.isEmpty {
            let rounds = Double(fit.classifiers.count)
            blocks.append(.table(DataTable(
                caption: fit.classifiers.count > 1 ? "Coefficients (log-odds), mean over \(fit.classifiers.count) bagging rounds" : "Coefficients (log-odds)",
                columns: ["Term", "Coefficient", "Odds ratio"], numeric: [false, true, true],
                rows: fit.terms.indices.map { j in
                    let values = fit.classifiers.compactMap { $0[j] }
                    guard !values.isEmpty else { return [DataTable.Cell(fit.terms[j]), DataTable.Cell("aliased"), DataTable.Cell("–")] }
                    let beta = values.reduce(0, +) / rounds
                    return [DataTable.Cell(fit.terms[j]), n.cell(beta, 6), n.cell(exp(beta), 6)]
                })))
        }
        for w in file.warnings { blocks.append(.note(Note(.warning, w))) }
        return ReportSection(id: "lookalike-model", title: "Model: lookalike (\(o.method.rawValue)) of the seed list \(file.seedColumn)", blocks: blocks)
    }

    private static func methodText(_ file: LookalikeModelFile) -> String {
        switch file.options.method {
        case .logistic: "Seed-list members against everyone else by logistic regression (the naive positive-unlabelled baseline); features \(file.formula). Scores are P(on the list | x)."
        case .pu: "Positive-unlabelled learning (Elkan & Noto 2008): the scaled-logistic model P(on the list | x) = ĉ·σ(xᵀβ); features \(file.formula). Scores are σ(xᵀβ̂) = P(positive | x), assuming the list is a random sample of the positives."
        case .similarity: "Cosine similarity on standardised features \(file.formula). Scores lie in [−1, 1]; no coefficients."
        }
    }

    /// The recovery evaluation as a section: AUC of held-out seeds against the other candidates,
    /// precision, recall and lift in the top `size` share.
    static func lookalikeRecoverySection(_ e: LookalikeEvaluation, seedColumn: String, holdout: Double, size: Double, seed: UInt64) -> ReportSection {
        let n = ReportFigure.self
        return ReportSection(id: "lookalike-recovery", title: "Recovery of held-out seeds", blocks: [
            .paragraph("\(e.heldOutSeeds) of the seeds in \(seedColumn) (a seeded \(n.text(holdout * 100, 0)) % share, seed \(seed)) were hidden, the method refitted on the other \(e.trainingSeeds), and the hidden seeds ranked among all \(e.candidates) candidates (rows not used as training seeds). AUC counts ties as one half; the audience is the top \(n.text(size * 100, 0)) % of candidates (\(e.audienceSize) rows); lift = precision ÷ the hidden seeds' share of candidates. Candidates include positives that are not on the list, so these are lower bounds."),
            .table(DataTable(caption: "Recovery of held-out seeds", columns: ["Measure", "Value"], numeric: [false, true], rows: [
                [DataTable.Cell("Recovery AUC"), n.cell(e.auc, 6)],
                [DataTable.Cell("Precision at size"), n.cell(e.precisionAtSize, 6)],
                [DataTable.Cell("Recall at size"), n.cell(e.recallAtSize, 6)],
                [DataTable.Cell("Lift"), n.cell(e.lift, 4)],
                [DataTable.Cell("Base rate (hidden seeds / candidates)"), n.cell(e.baseRate, 6)],
                [DataTable.Cell("Held-out seeds"), DataTable.Cell(String(e.heldOutSeeds), value: Double(e.heldOutSeeds))],
                [DataTable.Cell("Training seeds"), DataTable.Cell(String(e.trainingSeeds), value: Double(e.trainingSeeds))],
                [DataTable.Cell("Candidates"), DataTable.Cell(String(e.candidates), value: Double(e.candidates))],
                [DataTable.Cell("Audience size"), DataTable.Cell(String(e.audienceSize), value: Double(e.audienceSize))],
            ])),
        ])
    }
}
