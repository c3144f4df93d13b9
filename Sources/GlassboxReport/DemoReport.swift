import Foundation
import GlassboxAudit
import GlassboxCore
import GlassboxExplain
import GlassboxModels
import GlassboxSimulation

/// What `glassbox demo` computes on a simulated voter file with planted effects (`PlantedTruth`),
/// and the report and terminal summary made from it: a turnout model (logistic) with its explanation, bias audits of
/// the model and of the vendor's score by race, a persuasion (uplift) model's targeting audit and a lookalike
/// audience's composition.
public struct DemoReport {
    /// Turnout model: the planted formula plus county, as a vendor with geography would fit it. County has no
    /// planted effect on turnout, so its terms should come out near zero, but it is the model feature that stands
    /// in for race (proxy detection must flag it).
    public static let turnoutFormula = PlantedTruth.turnoutFormula + " + C(county)"
    /// Persuasion model: outcome model per arm of the randomised canvass, without the treatment column.
    public static let persuasionFormula = "voted_2024 ~ I((age - 50)/10) + voted_2018 + voted_2020 + voted_2022 + female"
    /// Lookalike features: race is deliberately not one of them.
    public static let lookalikeFormula = "~ log(income) + I((age - 50)/10) + C(party) + C(county)"
    /// The protected attribute every audit groups by.
    public static let protected = "race"
    /// The bias audits' decision: positive when the score is at least 0.5.
    public static let decision = DecisionRule.threshold(0.5)
    /// The persuasion targeting audit's targeted share (by predicted uplift).
    public static let targetingTop = 0.2
    /// The lookalike audience: this share of the rows not on the donor list.
    public static let audienceSize = 0.1
    /// The canvass experiment's treatment: `canvassed` 1 against 0.
    public static let canvass = UpliftTreatment(column: "canvassed", treated: ["1"], control: "0")
    /// Bootstrap replicates of the audits' intervals.
    public static let bootstrap = 1000
    /// Bootstrap replicates of the targeting audit's Qini and uplift AUC intervals.
    public static let metricBootstrap = 100
    /// Groups with fewer rows are suppressed in every audit.
    public static let minGroupSize = 10

    /// How the demo names its seed list: the simulated file's donors, with race deliberately left out of the
    /// lookalike features.
    package static let compositionWording = ReportSection.CompositionWording(
        seedList: "the donor seed list", seedMembers: "donors", nonSeeds: "non-donors", seedShareColumn: "Donor share",
        seedSeries: "donors (seed list)",
        context: "Race is not a feature: this asks whether the audience still has the population's racial make-up.")

    /// The simulated voter file as CSV (voters.csv) and its SHA-256.
    public var csv: [UInt8]
    public var sha256: String
    /// The turnout model (``turnoutFormula``), its inspection and its explanation.
    public var turnout: LogisticModelFile
    public var inspection: LogisticInspection
    public var explanation: ExplanationReport
    /// The bias audits of the turnout model's scores and of the vendor's score by ``protected``.
    public var modelAudit: AuditReport
    public var vendorAudit: AuditReport
    /// The persuasion model (``persuasionFormula``) and the targeting audit of its top ``targetingTop`` share.
    public var persuasion: UpliftModelFile
    public var targeting: TargetingReport
    /// The lookalike model (``lookalikeFormula``) and the composition of its audience (``audienceSize``).
    public var lookalike: LookalikeModelFile
    public var composition: [CompositionAudit]
    /// The report's provenance (the voter file as its data).
    public var provenance: Provenance

    /// The demo's results; `inspection` defaults to the turnout model's.
    public init(csv: [UInt8], sha256: String, turnout: LogisticModelFile, inspection: LogisticInspection? = nil,
                explanation: ExplanationReport, modelAudit: AuditReport, vendorAudit: AuditReport, persuasion: UpliftModelFile,
                targeting: TargetingReport, lookalike: LookalikeModelFile, composition: [CompositionAudit],
                provenance: Provenance) {
        self.csv = csv
        self.sha256 = sha256
        self.turnout = turnout
        self.inspection = inspection ?? LogisticInspection(turnout)
        self.explanation = explanation
        self.modelAudit = modelAudit
        self.vendorAudit = vendorAudit
        self.persuasion = persuasion
        self.targeting = targeting
        self.lookalike = lookalike
        self.composition = composition
        self.provenance = provenance
    }

    /// Planted coefficient, estimate and 95 % interval of each planted term of the turnout model.
    public var planted: [(term: String, truth: Double, estimate: Double, lower: Double, upper: Double)] {
        inspection.coefficients.compactMap { row in
            guard let truth = PlantedTruth.turnoutCoefficients[row.term], let lo = row.ciLower, let hi = row.ciUpper else { return nil }
            return (row.term, truth, row.estimate, lo, hi)
        }
    }

    /// The one report: planted truth, the turnout model's inspection and explanation, the two bias
    /// audits (the model's audit keeps the id `audit` so the notebook re-checks it), the persuasion
    /// targeting audit and the lookalike composition.
    public var document: ReportDocument {
        var d = ReportDocument.combined(
            title: "Glassbox demo: auditing turnout, persuasion and lookalike scores on a simulated voter file",
            subtitle: "\(csv.isEmpty ? 0 : modelAudit.rowsRead) synthetic voters with planted effects; turnout formula: \(inspection.formula)",
            inspection: inspection, explanation: explanation, minGroupSize: Self.minGroupSize, manifest: provenance)
        d.sections.insert(plantedSection, at: 1)
        d.sections += ReportSection.audit(modelAudit, idPrefix: "audit", title: "Bias audit of the turnout model by race")
        d.sections += ReportSection.audit(vendorAudit, idPrefix: "vendor-audit", title: "Bias audit of the vendor's turnout score by race")
        d.sections += ReportSection.targeting(targeting, treatment: "canvassed", uplift: "of the persuasion model (two-model)", outcome: "voted_2024")
        d.sections.append(ReportSection.composition(composition, method: lookalike.model.method.rawValue, formula: Self.lookalikeFormula,
                                                    size: Self.audienceSize, minGroupSize: Self.minGroupSize, wording: Self.compositionWording))
        d.makeSectionIDsUnique()
        return d
    }

    /// The notebook refits the turnout model with statsmodels and re-checks its audit against voters.csv,
    /// which sits next to the notebook.
    public var recipe: NotebookRecipe {
        NotebookRecipe(dataPath: "voters.csv", sha256: sha256, encoding: turnout.encoding, outcome: "voted_2024",
                       groups: [Self.protected], decision: Self.decision)
    }

    private var plantedSection: ReportSection {
        let rows = planted
        let covered = rows.filter { $0.lower <= $0.truth && $0.truth <= $0.upper }.count
        return ReportSection(id: "planted", title: "What was planted, and what Glassbox recovered", blocks: [
            .paragraph("The voter file is simulated (docs/simulated-voter-file.md): turnout follows a known logistic model, canvassing was randomised, county stands in for race, donors follow a known model without race, and the vendor's turnout score understates Hispanic turnout by \(String(format: "%.1f", -PlantedTruth.vendorBiasLogit)) on the logit scale. The sections below should find each of these."),
            .table(DataTable(caption: "Turnout model: planted coefficients against Glassbox's estimates (logit scale)",
                             columns: ["Term", "Planted", "Estimate", "95 % interval", "Covers"], numeric: [false, true, true, false, false],
                             rows: rows.map { r in
                [DataTable.Cell(r.term), DataTable.Cell(String(format: "%.3f", r.truth), value: r.truth),
                 DataTable.Cell(String(format: "%.4f", r.estimate), value: r.estimate),
                 DataTable.Cell(String(format: "[%.4f, %.4f]", r.lower, r.upper)),
                 DataTable.Cell(r.lower <= r.truth && r.truth <= r.upper ? "yes" : "no")]
            })),
            .paragraph("\(covered) of \(rows.count) planted coefficients lie inside their 95 % intervals (about 95 % should). The county terms have no planted effect."),
        ])
    }
}
