import Foundation
import GlassboxAudit
import GlassboxModels

extension ReportSection {
    /// The lookalike model: method, options and training counts; for `logistic` and `pu` the
    /// coefficients (``LookalikeFit/meanCoefficients``: the mean over bagging rounds when bagged,
    /// "aliased" for a term without an estimate) and, for `pu`, the labelling rate ĉ with its standard
    /// error and the implied positive share; for `similarity` the standardised features.
    package static func lookalikeModel(_ file: LookalikeModelFile) -> ReportSection {
        let fit = file.fit, o = file.options
        var settings = [KeyValue("Method", o.method.rawValue), KeyValue("Seed column", file.seedColumn),
                        KeyValue("Training rows / seeds", "\(fit.rowCount) / \(fit.seedCount)")]
        if o.method != .similarity {
            settings.append(KeyValue("Penalty", o.penalty == "none" ? "none" : "\(o.penalty.uppercased()), λ = \(ReportNumber.text(o.lambda))"))
        }
        if o.bagging > 0 { settings.append(KeyValue("Bagging rounds", String(o.bagging))) }
        if let c = fit.labelFrequency {
            settings.append(KeyValue("Labelling rate ĉ = P(on the list | positive)",
                                     ReportNumber.text(c, 6) + (fit.labelFrequencyStandardError.map { " (SE \(ReportNumber.text($0, 6)))" } ?? "")))
        }
        if let e1 = fit.labelFrequencyHeldOut {
            settings.append(KeyValue("Elkan–Noto e₁ on held-out seeds", ReportNumber.text(e1, 6) + (fit.heldOutSeeds.map { " (\($0) seeds)" } ?? "")))
        }
        if let share = fit.positiveShare { settings.append(KeyValue("Implied positive share P(s = 1)/ĉ", ReportNumber.text(share, 6))) }
        var blocks: [ReportBlock] = [.paragraph(lookalikeMethodText(file)), .keyValues(settings)]
        if let index = fit.similarity {
            blocks.append(.keyValues([KeyValue("Similarity to", index.k.map { "the mean of the \($0) nearest seeds" } ?? "the seed centroid")]))
            blocks.append(.table(DataTable(caption: "Standardised features (cosine similarity is taken on (x − mean) / scale)",
                                           columns: ["Feature", "Mean", "Scale"], numeric: [false, true, true],
                                           rows: index.features.indices.map { f in
                [DataTable.Cell(index.features[f]), ReportNumber.cell(index.means[f], 6), ReportNumber.cell(index.scales[f], 6)]
            })))
        } else if !fit.classifiers.isEmpty {
            blocks.append(.table(DataTable(
                caption: fit.classifiers.count > 1 ? "Coefficients (log-odds), mean over \(fit.classifiers.count) bagging rounds" : "Coefficients (log-odds)",
                columns: ["Term", "Coefficient", "Odds ratio"], numeric: [false, true, true],
                rows: zip(fit.terms, fit.meanCoefficients).map { term, beta in
                    guard let beta else { return [DataTable.Cell(term), DataTable.Cell("aliased"), DataTable.Cell("–")] }
                    return [DataTable.Cell(term), ReportNumber.cell(beta, 6), ReportNumber.cell(exp(beta), 6)]
                })))
        }
        for w in file.warnings { blocks.append(.note(Note(.warning, w))) }
        return ReportSection(id: "lookalike-model", title: "Model: lookalike (\(o.method.rawValue)) of the seed list \(file.seedColumn)", blocks: blocks)
    }

    private static func lookalikeMethodText(_ file: LookalikeModelFile) -> String {
        switch file.options.method {
        case .logistic: "Seed-list members against everyone else by logistic regression (the naive positive-unlabelled baseline); features \(file.formula). Scores are P(on the list | x)."
        case .pu: "Positive-unlabelled learning (Elkan & Noto 2008): the scaled-logistic model P(on the list | x) = ĉ·σ(xᵀβ); features \(file.formula). Scores are σ(xᵀβ̂) = P(positive | x), assuming the list is a random sample of the positives."
        case .similarity: "Cosine similarity on standardised features \(file.formula). Scores lie in [−1, 1]; no coefficients."
        }
    }

    /// The recovery check (``LookalikeEvaluation``) as a section: AUC of held-out seeds against the
    /// other candidates, precision, recall and lift in the top `size` share.
    package static func lookalikeRecovery(_ e: LookalikeEvaluation, seedColumn: String, holdout: Double, size: Double, seed: UInt64) -> ReportSection {
        let n = ReportNumber.self
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

    /// The composition section of a lookalike report (``composition(_:method:formula:size:minGroupSize:wording:id:title:)``
    /// worded by the model's seed column), with a note when the audience was chosen by out-of-bag scores.
    package static func lookalikeComposition(_ attributes: [CompositionAudit], file: LookalikeModelFile, size: Double,
                                            minGroupSize: Int, outOfBag: Bool) -> ReportSection {
        var section = composition(attributes, method: file.options.method.rawValue, formula: file.formula, size: size,
                                  minGroupSize: minGroupSize, wording: .seedColumn(file.seedColumn))
        if outOfBag {
            section.blocks.insert(.note(Note(.info, "The data is the model's training file: its rows are scored out of bag (each non-seed row by the bagging rounds that did not draw it).")), at: 1)
        }
        return section
    }
}
