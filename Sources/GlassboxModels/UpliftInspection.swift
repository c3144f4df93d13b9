import Foundation

/// What there is to see in a saved uplift model: its settings and, per treatment arm, every fitted
/// component (outcome models, effect regressions, propensity) as a coefficient table.
///
/// The model file stores point estimates only, so there are no standard errors; odds ratios are given
/// for logit components. This is `glassbox inspect`'s JSON for an uplift model; GlassboxReport renders it
/// as text, Markdown and a report section.
public struct UpliftInspection: Sendable, Encodable {
    /// A coefficient: the estimate and, for a logit component, its odds ratio; both nil for an aliased term.
    public struct Coefficient: Sendable, Encodable {
        public var term: String
        public var estimate: Double?
        public var oddsRatio: Double?
    }
    /// One fitted component of an arm.
    public struct Component: Sendable, Encodable {
        /// ``UpliftComponent/Role`` as text (`treated-outcome`, `control-outcome`, `propensity`…).
        public var role: String
        /// `logit` or `identity`.
        public var link: String
        public var rows: Int
        public var converged: Bool
        public var coefficients: [Coefficient]
    }
    /// One treatment arm against control.
    public struct Arm: Sendable, Encodable {
        public var treated: String
        public var control: String
        public var treatedRows: Int
        public var controlRows: Int
        /// The treated share of the arm's rows.
        public var designPropensity: Double
        public var components: [Component]
        public var warnings: [String]
    }

    public var kind: String
    public var formula: String
    public var outcome: String?
    public var treatment: UpliftTreatment
    public var options: UpliftModelFile.Options
    public var arms: [Arm]
    public var warnings: [String]
    public var manifest: ModelManifest

    public init(_ file: UpliftModelFile) {
        kind = file.kind
        formula = file.formula
        outcome = file.encoding.responseName
        treatment = file.treatment
        options = file.options
        arms = file.arms.map { arm in
            Arm(treated: arm.treated, control: file.treatment.control, treatedRows: arm.treatedRows, controlRows: arm.controlRows,
                designPropensity: arm.designPropensity,
                components: arm.components.map { c in
                    Component(role: c.role.rawValue, link: c.link.rawValue, rows: c.rows, converged: c.converged,
                              coefficients: zip(c.terms, c.coefficients).map { term, beta in
                                  Coefficient(term: term, estimate: beta, oddsRatio: c.link == .logit ? beta.map { exp($0) } : nil)
                              })
                },
                warnings: arm.warnings)
        }
        warnings = file.warnings
        manifest = file.manifest
    }
}
