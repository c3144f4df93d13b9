import GlassboxCore
import GlassboxAudit
import GlassboxExplain
import GlassboxMetrics
import GlassboxModels

extension ReportDocument {
    /// One document combining whatever was computed: a model's inspection, its explanation, one or
    /// more bias audits and uplift (persuasion) evaluations, in that order, behind a short privacy statement.
    public static func combined(title: String, subtitle: String? = nil, inspection: LogisticInspection? = nil,
                                treeInspection: TreeEnsembleInspection? = nil, explanation: ExplanationReport? = nil, audits: [AuditReport] = [],
                                uplifts: [(title: String, evaluation: UpliftEvaluation)] = [], minGroupSize: Int = 10,
                                manifest: Provenance) -> ReportDocument {
        var sections = [ReportSection]()
        sections.append(ReportSection(id: "about", title: "About this report", blocks: [
            .paragraph("Produced by Glassbox \(manifest.glassboxVersion). Every figure can be re-computed from the input named in the manifest; the JSON rendering of this report carries each number at full precision."),
            .note(Note(.privacy, "This report contains aggregates only (coefficients, rates per group, curve points). No row of the input data appears in it, and groups smaller than \(minGroupSize) rows are suppressed.")),
        ]))
        if let inspection { sections.append(.inspection(inspection)) }
        if let treeInspection { sections.append(.treeInspection(treeInspection)) }
        if let explanation { sections += ReportSection.explanation(explanation, minGroupSize: minGroupSize) }
        for (k, audit) in audits.enumerated() {
            let names = audit.attributes.map(\.name).joined(separator: ", ")
            sections += ReportSection.audit(audit, idPrefix: audits.count == 1 ? "audit" : "audit\(k + 1)", title: "Bias audit by \(names)")
        }
        for (k, u) in uplifts.enumerated() {
            sections.append(.uplift(u.evaluation, id: uplifts.count == 1 ? "uplift" : "uplift\(k + 1)", title: u.title))
        }
        var document = ReportDocument(title: title, subtitle: subtitle, sections: sections, manifest: manifest)
        document.makeSectionIDsUnique()
        return document
    }

    /// Section ids are HTML anchors: two attributes whose names slug alike ("Race", "race") must not
    /// share one, so later duplicates get "-2", "-3", …
    package mutating func makeSectionIDsUnique() {
        var seen = Set<String>(["manifest"])
        for k in sections.indices {
            var id = sections[k].id, n = 2
            while seen.contains(id) { id = sections[k].id + "-\(n)"; n += 1 }
            sections[k].id = id
            seen.insert(id)
        }
    }

    /// An explanation on its own (`glassbox explain --format html`).
    public init(explanation: ExplanationReport, minGroupSize: Int = 10) {
        self = .combined(title: "Explanation of a score", explanation: explanation, minGroupSize: minGroupSize,
                         manifest: Provenance(explanation.manifest))
    }

    /// An audit on its own (`glassbox audit --format html`).
    public init(audit: AuditReport, manifest: Provenance) {
        self = .combined(title: "Bias audit", audits: [audit], minGroupSize: audit.configuration.minGroupSize,
                         manifest: Provenance(manifest))
    }
}
