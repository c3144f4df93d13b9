import GlassboxAudit
import GlassboxCore
import GlassboxReport

/// The options of a bias audit that do not concern reading the data, shared by `glassbox audit` and
/// `glassbox merge audit` (both declare them as one ``BiasAuditOptions`` group).
protocol BiasAuditSettings {
    var settings: BiasAuditOptions { get }
    var format: AuditFormat { get }
}

extension BiasAuditSettings {
    /// The library's configuration of the audit.
    var biasAuditConfiguration: AuditConfiguration {
        var config = AuditConfiguration()
        config.decision = decisionRule(top: settings.top, threshold: settings.threshold)
        config.intersect = settings.intersect
        config.references = referenceGroups(settings.reference)
        config.bootstrap = settings.bootstrap
        config.seed = settings.seed
        config.confidenceLevel = settings.confidence
        config.bonferroni = settings.adjust == "bonferroni"
        config.tau = settings.tau
        config.minGroupSize = settings.minGroupSize
        return config
    }

    /// `report` in the chosen --format.
    func rendered(_ report: AuditReport, manifest: Provenance) -> String {
        switch format {
        case .json: report.json(manifest: manifest).rendered()
        case .markdown: report.markdown(manifest: manifest)
        case .html: ReportDocument(audit: report, manifest: manifest).html()
        }
    }

    /// The report's warnings and the dropped-rows note, on stderr.
    func printNotes(of report: AuditReport) {
        for warning in report.warnings { printError("warning: " + warning) }
        if (report.rowsRead - report.rowsUsed) > 0 {
            printError("note: \((report.rowsRead - report.rowsUsed)) of \(report.rowsRead) rows dropped for a missing score, outcome or weight")
        }
    }
}
