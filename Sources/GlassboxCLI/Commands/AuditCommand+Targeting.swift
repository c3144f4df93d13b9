import ArgumentParser
import GlassboxAudit
import GlassboxCore
import GlassboxLinearAlgebra
import GlassboxModels
import GlassboxReport
import GlassboxTabular

extension AuditCommand {
    /// Options of the bias audit that have no meaning for a targeting audit.
    func validateTargeting() throws {
        if settings.threshold != nil { throw ValidationError("a targeting audit selects the top fraction by uplift: use --top, not --threshold") }
        if !settings.reference.isEmpty { throw ValidationError("--reference does not apply to a targeting audit (groups are compared with their population share)") }
        if weights != nil { throw ValidationError("--weights is not supported by the targeting audit") }
        if settings.adjust != "none" { throw ValidationError("--adjust is not supported by the targeting audit") }
        if let top = settings.top, !(top > 0 && top <= 1) { throw ValidationError("--top must be a fraction in (0, 1], got \(top)") }
        if metricBootstrap < 0 { throw ValidationError("--metric-bootstrap must be >= 0") }
    }

    /// `glassbox audit --uplift COL --treatment COL --treated V --control V …` (or `--model UPLIFT.json`).
    func targetingAudit() throws {
        try output.preflight(inputs: [input.data] + (model.map { [$0] } ?? []))
        let file = try model.map(UpliftModelFile.load(path:))
        // Only the columns the audit reads are parsed.
        let needed = [uplift, outcome, treatment, file?.treatment.column].compactMap { $0 } + group + (file?.inputColumns ?? [])
        try streaming.refuseWholeRead(of: input, columns: Set(needed).count, target: "a targeting audit (--uplift COL or an uplift model)",
                                      remedy: "raise --memory or split the file")
        let csv = try input.read(progress: display.observer, columns: Set(needed))
        let table = csv.table
        let spec: UpliftTreatment
        var scores: [Double]?
        if let file {
            let treatedValues = treated.map(commaList) ?? file.treatment.treated
            guard treatedValues.count == 1 else {
                throw CLIError(description: "the model has \(treatedValues.count) treatments (\(treatedValues.joined(separator: ", "))); choose one with --treated")
            }
            spec = UpliftTreatment(column: treatment ?? file.treatment.column, treated: treatedValues, control: control ?? file.treatment.control)
            guard let arm = try? file.arm(treatedValues[0]) else {
                throw CLIError(description: "the model has no uplift for treatment '\(treatedValues[0])'; it was trained on: \(file.treatment.treated.joined(separator: ", "))")
            }
            scores = try arm.scores(on: table).values
        } else {
            let treatedValues = commaList(treated ?? "")
            guard treatedValues.count == 1 else {
                throw ValidationError("a targeting audit compares one treatment with control; --treated lists \(treatedValues.count) values")
            }
            spec = UpliftTreatment(column: treatment!, treated: treatedValues, control: control!)
        }
        var config = AuditConfiguration()
        config.top = settings.top ?? 0.2
        config.intersect = settings.intersect
        config.bootstrap = settings.bootstrap
        config.metricBootstrap = metricBootstrap
        config.seed = settings.seed
        config.confidenceLevel = settings.confidence
        config.tau = settings.tau
        config.minGroupSize = settings.minGroupSize
        let report = try table.targetingAudit(uplift: scores, upliftColumn: uplift, treatment: spec, outcome: outcome, groups: group,
                                              configuration: config, progress: display.observer)
        let manifest = input.manifest(of: csv, rowsRead: report.rowsRead, rowsUsed: report.rowsUsed,
                                      missingByColumn: report.missingByColumn, seed: settings.seed)
        let source = uplift ?? "uplift from \(model!)"
        let text: String
        switch format {
        case .json: text = report.json(manifest: manifest, treatment: spec, uplift: source, outcome: outcome).rendered()
        case .markdown: text = report.markdown(manifest: manifest, treatment: spec, uplift: source, outcome: outcome)
        case .html:
            text = ReportDocument(targeting: report, treatment: spec.column, uplift: source, outcome: outcome, manifest: manifest).html()
        }
        try output.write(text)
        for warning in report.warnings { printError("warning: " + warning) }
        if report.otherArmRows > 0 { printError("note: \(report.otherArmRows) rows in neither arm are left out") }
        let missing = (report.rowsRead - report.rowsUsed) - report.otherArmRows
        if missing > 0 { printError("note: \(missing) of \(report.rowsRead) rows dropped for a missing uplift or outcome") }
    }
}
