import GlassboxCore
import GlassboxAudit
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
        try withLookalikeOptionNames { try reportLookalikeModel(path) }
    }

    private func reportLookalikeModel(_ path: String) throws {
        let logisticOnly = "it belongs to a logistic model's explanation"
        try refuse([
            (outcome != nil, "--outcome", "a lookalike model has no outcome; the seed list is the model's seed column"),
            (threshold != nil, "--threshold", "the audience is the top --size share of rows not on the seed list"),
            (top != nil, "--top", "the audience of a lookalike model is set by --size"),
            (!reference.isEmpty, "--reference", "the composition audit compares each group with its population share"),
            (intersect, "--intersect", "the composition audit reports each --group attribute on its own"),
            (metric != nil, "--metric", logisticOnly), (repeats != nil, "--repeats", logisticOnly), (pd != nil, "--pd", logisticOnly),
            (ice != nil, "--ice", logisticOnly), (protected != nil, "--protected", logisticOnly),
            (treeSHAP.given, "--shap-method", Self.treeOnly),
        ], for: "a lookalike model")
        let file = try LookalikeModelFile.load(path: path)
        // Only the features, the groups and the seed list (when the data have it) are parsed.
        let context = try ReportContext(self, needed: NeededColumns(file.inputColumns + group, optional: [file.seedColumn]))
        let table = context.table
        var extraInputs = context.modelInput
        let size = size ?? Self.defaultAudienceSize
        try LookalikeAudience.requireGroups(group, in: table)
        let hasSeeds = table.hasColumn(file.seedColumn)
        if !group.isEmpty && !hasSeeds {
            throw CLIError(description: "the composition audit needs the model's seed column '\(file.seedColumn)' in the data: the audience is drawn from the rows not on the seed list")
        }
        if let warning = file.featureGroupWarning(group) { printError("warning: " + warning) }
        let holdout = holdout ?? Self.defaultHoldout
        let scores: LookalikeScores
        var recovery: (evaluation: LookalikeEvaluation, holdout: Double, seed: UInt64)?
        if hasSeeds {
            recovery = (try file.recovery(on: table, holdout: holdout, size: size, randomSeed: seed, onWarning: printDesignWarning,
                                          progress: display.observer), holdout, seed)
            scores = try file.audienceScores(on: table, dataSHA256: context.sha256)
        } else {
            printError("note: the data has no seed column '\(file.seedColumn)': no recovery evaluation")
            scores = try file.audienceScores(on: table)
        }
        var composition: [CompositionAudit]?
        if !group.isEmpty {
            var settings = AuditConfiguration()
            settings.bootstrap = bootstrap
            settings.minGroupSize = minGroupSize
            settings.seed = seed
            let audited = try scores.audience(size: size).composition(of: table, groups: group, settings: settings)
            for flag in audited.flatMap({ $0.groups.compactMap(\.flag) }) { printError("flag: " + flag) }
            composition = audited
        }
        let files = try upliftEvaluationFiles(&extraInputs)
        let document = ReportDocument.lookalikeReport(model: file, scores: scores, audienceSize: size, recovery: recovery,
                                                      composition: composition, uplifts: files, title: title, minGroupSize: minGroupSize,
                                                      provenance: Provenance(context.manifest, extraInputs: extraInputs))
        let recipe = hasSeeds
            ? NotebookRecipe(dataPath: input.data, sha256: context.sha256, delimiter: context.delimiter, lookalike: file, audienceSize: size)
            : NotebookRecipe(dataPath: input.data, sha256: context.sha256, delimiter: context.delimiter)
        try write(document, recipe: recipe)
    }
}
