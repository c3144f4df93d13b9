import GlassboxAudit
import GlassboxCore
import GlassboxModels
import GlassboxReport

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
            (treeSHAP.given, "--shap-method", Self.treeOnly),
            (group.isEmpty && top != nil, "--top without --group", "--top sets the targeted share of the targeting audit, which needs --group COL"),
            (group.isEmpty && intersect, "--intersect without --group", "it combines the --group attributes of the targeting audit"),
        ], for: "an uplift model")
        if let top, !(top > 0) { throw CLIError(description: "--top must be a fraction in (0, 1] for a targeting audit, got \(top)", status: .usage) }
        let file = try UpliftModelFile.load(path: path)
        // Only the model's, the treatment's, the outcome's and the groups' columns are parsed.
        let outcomeColumns = outcome.map { [$0] } ?? file.encoding.outcomeColumns
        let context = try ReportContext(self, needed: NeededColumns(file.inputColumns + [file.treatment.column] + outcomeColumns + group,
                                                                    optional: [file.encoding.responseName].compactMap { $0 }))
        var extraInputs = context.modelInput
        let evaluation = try file.evaluate(on: context.table, outcome: outcome, bootstrap: bootstrap, seed: seed,
                                           progress: display.observer)
        var targeting = [(arm: Int, report: TargetingReport)]()
        if !group.isEmpty {
            for (k, treated) in file.treatment.treated.enumerated() {
                guard let arm = try? file.arm(treated) else { continue }
                let scores = try arm.scores(on: context.table).values
                let spec = UpliftTreatment(column: file.treatment.column, treated: [treated], control: file.treatment.control)
                var config = AuditConfiguration()
                config.top = top ?? 0.2
                config.intersect = intersect
                config.bootstrap = bootstrap
                // The evaluation above already carries the uplift metrics with their intervals.
                config.metricBootstrap = 0
                config.seed = seed
                config.minGroupSize = minGroupSize
                let report = try context.table.targetingAudit(uplift: scores, upliftColumn: nil, treatment: spec, outcome: evaluation.outcome,
                                                              groups: group, configuration: config, progress: display.observer)
                targeting.append((k, report))
                for warning in report.warnings { printError("warning: " + warning) }
            }
        }
        let files = try upliftEvaluationFiles(&extraInputs)
        let document = ReportDocument.upliftReport(model: file, evaluation: evaluation, targeting: targeting, uplifts: files, title: title,
                                                   minGroupSize: minGroupSize, provenance: Provenance(context.manifest, extraInputs: extraInputs))
        try write(document, recipe: NotebookRecipe(dataPath: input.data, sha256: context.sha256, delimiter: context.delimiter))
    }
}
