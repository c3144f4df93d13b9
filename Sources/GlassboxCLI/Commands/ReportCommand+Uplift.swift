import GlassboxAudit
import Foundation
import GlassboxCore
import GlassboxMetrics
import GlassboxModels
import GlassboxReport
import GlassboxTabular

extension ReportCommand {
    /// The report of an uplift (persuasion) model: its components, the uplift evaluation per treatment
    /// arm on --data, and with --group the targeting audit of each arm.
    func reportUplift(_ path: String) throws {
        let logisticOnly = "it belongs to a logistic model's explanation"
        try refuse([
            (threshold != nil, "--threshold", "the targeting audit selects the top fraction by predicted uplift: use --top"),
            (!reference.isEmpty, "--reference", "the targeting audit compares each group with its population share"),
            (metric != nil, "--metric", logisticOnly), (repeats != nil, "--repeats", logisticOnly), (pd != nil, "--pd", logisticOnly),
            (ice != nil, "--ice", logisticOnly), (protected != nil, "--protected", logisticOnly),
            (size != nil, "--size", "it sets the audience of a lookalike model; an uplift model's targeted share is --top"),
            (holdout != nil, "--holdout", "it sets the recovery evaluation of a lookalike model"),
            (group.isEmpty && top != nil, "--top without --group", "--top sets the targeted share of the targeting audit, which needs --group COL"),
            (group.isEmpty && intersect, "--intersect without --group", "it combines the --group attributes of the targeting audit"),
        ], for: "an uplift model")
        if let top, !(top > 0) { throw CLIError(description: "--top must be a fraction in (0, 1] for a targeting audit, got \(top)", status: .usage) }
        let file = try loadUpliftModel(path)
        let context = try ReportContext(self)
        var manifest = context.manifest
        var extraInputs = context.modelInput
        let inspection = UpliftInspection(file)
        let evaluation = try Self.upliftEvaluation(file, table: context.table, outcome: outcome, bootstrap: bootstrap, seed: seed,
                                                      progress: display.observer)
        manifest.data?.rowsUsed = evaluation.rowsUsed
        manifest.data?.rowsDropped = context.table.rowCount - evaluation.rowsUsed
        var sections = [Self.upliftModelSection(inspection)]
        let several = evaluation.arms.count > 1
        for (k, arm) in evaluation.arms.enumerated() {
            sections.append(.uplift(arm.evaluation, id: several ? "uplift\(k + 1)" : "uplift",
                                    title: "Persuasion (uplift) evaluation: \(arm.treated) vs \(arm.control) on \(evaluation.outcome)"))
        }
        if !group.isEmpty {
            for (k, treated) in file.treatment.treated.enumerated() {
                guard let scores = try upliftScores(file, table: context.table, treated: treated) else { continue }
                let spec = UpliftTreatment(column: file.treatment.column, treated: [treated], control: file.treatment.control)
                let data = try TargetingData.from(table: context.table, uplift: scores, upliftColumn: nil, treatment: spec,
                                                  outcome: evaluation.outcome, groups: group)
                var config = TargetingConfiguration()
                config.top = top ?? 0.2
                config.intersect = intersect
                config.bootstrap = bootstrap
                // The evaluation above already carries the uplift metrics with their intervals.
                config.metricBootstrap = 0
                config.seed = seed
                config.minGroupSize = minGroupSize
                let report = try TargetingAudit.run(data, configuration: config, progress: display.observer)
                let arm = several ? " (\(treated) vs \(spec.control))" : ""
                var targeting = ReportSection.targeting(report, treatment: spec.column, uplift: "of the persuasion model (\(file.options.learner.rawValue))\(arm)",
                                                        outcome: evaluation.outcome, idPrefix: several ? "targeting\(k + 1)" : "targeting")
                targeting.removeLast()  // its uplift evaluation repeats the evaluation section above
                if several { for i in targeting.indices { targeting[i].title += arm } }
                sections += targeting
                for warning in report.warnings { printError("warning: " + warning) }
            }
        }
        let files = try upliftEvaluationFiles(&extraInputs)
        var document = ReportDocument.combined(
            title: title ?? "Report on the persuasion model of \(evaluation.outcome)",
            subtitle: "Uplift model (\(file.options.learner.rawValue)), formula: \(file.formula); treatment \(file.treatment.column): \(file.treatment.treated.joined(separator: ", ")) vs \(file.treatment.control)",
            uplifts: files, minGroupSize: minGroupSize, manifest: ReportManifest(manifest, extraInputs: extraInputs))
        document.sections.insert(contentsOf: sections, at: 1)
        document.makeSectionIDsUnique()
        try write(document, recipe: NotebookRecipe(dataPath: input.data, sha256: context.sha256, delimiter: context.delimiter))
    }

    /// An uplift model's evaluation on a table, per treatment arm against control.
    struct UpliftModelEvaluation {
        var outcome: String
        var arms: [(treated: String, control: String, evaluation: UpliftEvaluation)]
        /// Rows with a score, an outcome and a treatment in one of the evaluated arms.
        var rowsUsed: Int
    }

    /// The computation of `glassbox evaluate uplift MODEL` with its defaults (k = 0.1, 0.2, 0.3; ten
    /// bins): per arm, the rows in control or that arm with an outcome and a finite predicted uplift,
    /// evaluated by ``UpliftEvaluation`` (scikit-uplift's definitions).
    static func upliftEvaluation(_ file: UpliftModelFile, table: Table, outcome: String?, bootstrap: Int, seed: UInt64,
                                 progress: ProgressObserver? = nil) throws -> UpliftModelEvaluation {
        let spec = file.treatment
        let rows = try UpliftRows(table, treatment: spec)
        let inputs = try UpliftEvaluationInputs(file: file, treatment: spec, rows: rows, outcome: outcome)
        var arms = [(treated: String, control: String, evaluation: UpliftEvaluation)]()
        var used = Set<Int>()
        for (a, name) in spec.treated.enumerated() {
            let (keep, t) = try inputs.arm(a, name: name, rows: rows)
            used.formUnion(keep)
            do {
                arms.append((name, spec.control, try UpliftEvaluation(outcomes: keep.map { inputs.outcomes[$0] }, uplift: keep.map { inputs.scores[a][$0] }, treatment: t,
                                                                      ks: [0.1, 0.2, 0.3], bins: 10, bootstrap: bootstrap, seed: seed,
                                                                      progress: progress)))
            } catch let error as UpliftMetricsError {
                throw CLIError(description: "'\(name)': \(error.description)")
            }
        }
        return UpliftModelEvaluation(outcome: inputs.outcomeName, arms: arms, rowsUsed: used.count)
    }

    /// The uplift model as `glassbox inspect` shows it: settings, then per arm and fitted component a
    /// table of coefficients (and odds ratios for logit components). The file stores point estimates only.
    static func upliftModelSection(_ m: UpliftInspection) -> ReportSection {
        let n = ReportFigure.self
        var blocks: [ReportBlock] = [
            .paragraph("Uplift model (\(m.options.learner.rawValue)) of \(m.outcome ?? "(no outcome)"), formula \(m.formula). The model file stores point estimates only: no standard errors."),
            .keyValues([
                KeyValue("Learner", m.options.learner.rawValue),
                KeyValue("Base learner", m.options.baseLearner + (m.options.penalty == "none" ? "" : " (\(m.options.penalty.uppercased()), λ = \(n.text(m.options.lambda)))")),
                KeyValue("Propensity", m.options.propensity.rawValue),
                KeyValue("Treatment", "\(m.treatment.column): \(m.treatment.treated.joined(separator: ", ")) vs \(m.treatment.control)"),
            ]),
        ]
        for arm in m.arms {
            blocks.append(.heading("\(arm.treated) vs \(arm.control)"))
            blocks.append(.paragraph("\(arm.treatedRows) treated and \(arm.controlRows) control rows at training; design propensity \(n.text(arm.designPropensity))."))
            for c in arm.components {
                let logit = c.link == "logit"
                blocks.append(.table(DataTable(
                    caption: "\(c.role) (\(c.link) link, \(c.rows) rows\(c.converged ? "" : ", not converged"))",
                    columns: ["Term", "Coefficient"] + (logit ? ["Odds ratio"] : []), numeric: [false, true] + (logit ? [true] : []),
                    rows: c.coefficients.map { r in
                        [DataTable.Cell(r.term), r.estimate.map { n.cell($0) } ?? DataTable.Cell("aliased")]
                            + (logit ? [r.oddsRatio.map { n.cell($0) } ?? DataTable.Cell("–")] : [])
                    })))
            }
            for w in arm.warnings { blocks.append(.note(Note(.warning, w))) }
        }
        for w in m.warnings { blocks.append(.note(Note(.warning, w))) }
        return ReportSection(id: "uplift-model", title: "Model: uplift (\(m.options.learner.rawValue)) of \(m.outcome ?? "(no outcome)")", blocks: blocks)
    }
}
