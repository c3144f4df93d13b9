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
        ], for: "a lookalike model")
        let file = try LookalikeModelFile.load(path: path)
        // Only the features, the groups and the seed list (when the data have it) are parsed.
        let context = try ReportContext(self, needed: NeededColumns(file.inputColumns + group, optional: [file.seedColumn]))
        let table = context.table
        var manifest = context.manifest
        var extraInputs = context.modelInput
        let size = size ?? Self.defaultAudienceSize
        try LookalikeAudience.requireGroups(group, in: table)
        let hasSeeds = table.hasColumn(file.seedColumn)
        if !group.isEmpty && !hasSeeds {
            throw CLIError(description: "the composition audit needs the model's seed column '\(file.seedColumn)' in the data: the audience is drawn from the rows not on the seed list")
        }
        if let warning = file.featureGroupWarning(group) { printError("warning: " + warning) }
        var sections = [ReportSection.lookalikeModel(file)]
        let holdout = holdout ?? Self.defaultHoldout
        let scores: LookalikeScores
        if hasSeeds {
            let prepared = try file.design(of: table, onWarning: printDesignWarning)
            let recovery = try file.recovery(prepared, holdout: holdout, size: size, randomSeed: seed, progress: display.observer)
            sections.append(.lookalikeRecovery(recovery, seedColumn: file.seedColumn, holdout: holdout, size: size, seed: seed))
            scores = try file.trainingScores(on: table, dataSHA256: context.sha256, prepared: prepared)
        } else {
            printError("note: the data has no seed column '\(file.seedColumn)': no recovery evaluation")
            scores = try file.audienceScores(on: table)
        }
        manifest.data?.rowsUsed = scores.scoredRows.count
        manifest.data?.rowsDropped = table.rowCount - scores.scoredRows.count
        if !group.isEmpty {
            var settings = CompositionAudit.Settings()
            settings.bootstrap = bootstrap
            settings.minGroupSize = minGroupSize
            settings.seed = seed
            let composition = try scores.audience(size: size).composition(of: table, groups: group, settings: settings)
            sections.append(.lookalikeComposition(composition, file: file, size: size, minGroupSize: minGroupSize, outOfBag: scores.outOfBag))
            for flag in composition.flatMap({ $0.groups.compactMap(\.flag) }) { printError("flag: " + flag) }
        }
        let files = try upliftEvaluationFiles(&extraInputs)
        var document = ReportDocument.combined(
            title: title ?? "Report on the lookalike model (\(file.options.method.rawValue)) of the seed list \(file.seedColumn)",
            subtitle: "Features: \(file.formula)", uplifts: files, minGroupSize: minGroupSize,
            manifest: Provenance(manifest, extraInputs: extraInputs))
        document.sections.insert(contentsOf: sections, at: 1)
        document.makeSectionIDsUnique()
        let check = NotebookRecipe.LookalikeCheck(seedColumn: file.seedColumn, size: size,
                                                  classifiers: file.options.method == .similarity ? [] : file.fit.classifiers,
                                                  encoding: file.encoding)
        try write(document, recipe: NotebookRecipe(dataPath: input.data, sha256: context.sha256, delimiter: context.delimiter,
                                                   lookalike: hasSeeds ? check : nil))
    }
}
