import GlassboxAudit
import GlassboxCore
import GlassboxReport

/// The options of a bias audit that do not concern reading the data, shared by `glassbox audit` and
/// `glassbox merge audit` (which declare them with the same names and help).
protocol BiasAuditSettings {
    var intersect: Bool { get }
    var threshold: Double? { get }
    var top: Double? { get }
    var reference: [String] { get }
    var bootstrap: Int { get }
    var seed: UInt64 { get }
    var confidence: Double { get }
    var adjust: String { get }
    var tau: Double { get }
    var minGroupSize: Int { get }
    var format: AuditFormat { get }
}

extension BiasAuditSettings {
    /// The library's configuration of the audit.
    var biasAuditConfiguration: AuditConfiguration {
        var config = AuditConfiguration()
        config.decision = decisionRule(top: top, threshold: threshold)
        config.intersect = intersect
        config.references = referenceGroups(reference)
        config.bootstrap = bootstrap
        config.seed = seed
        config.confidenceLevel = confidence
        config.bonferroni = adjust == "bonferroni"
        config.tau = tau
        config.minGroupSize = minGroupSize
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
