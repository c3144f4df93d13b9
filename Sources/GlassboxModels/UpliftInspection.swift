import Foundation
import GlassboxCore

/// What there is to see in a saved uplift model: its settings and, per treatment arm, every fitted
/// component (outcome models, effect regressions, propensity) as a coefficient table.
///
/// The model file stores point estimates only, so there are no standard errors; odds ratios are given
/// for logit components. This is `glassbox inspect`'s JSON for an uplift model; GlassboxReport renders it
/// as text, Markdown and a report section.
public struct UpliftInspection: Sendable, Encodable {
    /// One fitted component of an arm.
    public struct Component: Sendable, Encodable {
        /// What the component predicts, as text (`treated-outcome`, `control-outcome`, `propensity`…).
        public var role: String
        /// `logit` or `identity`.
        public var link: String
        /// Rows the component was fitted on.
        public var rows: Int
        /// Whether its fit converged.
        public var converged: Bool
        /// The component's coefficients; odds ratios for a logit component only.
        public var coefficients: [CoefficientEstimate]
    }
    /// One treatment arm against control.
    public struct Arm: Sendable, Encodable {
        /// The treated value.
        public var treated: String
        /// The control value.
        public var control: String
        /// Training rows in the treated arm.
        public var treatedRows: Int
        /// Training rows in control.
        public var controlRows: Int
        /// The treated share of the arm's rows.
        public var designPropensity: Double
        public var components: [Component]
        /// Warnings of this arm's fits.
        public var warnings: [String]
    }

    /// `"uplift"`.
    public var kind: String
    /// The formula as written.
    public var formula: String
    /// The formula's response, if any.
    public var outcome: String?
    /// The treatment column and values the model was trained on.
    public var treatment: UpliftTreatment
    /// Learner, base learner, penalty and propensity.
    package var options: UpliftModelFile.Options
    /// One entry per treated value, in arm order.
    public var arms: [Arm]
    /// Every arm's warnings, each prefixed by its treated value.
    public var warnings: [String]
    /// The provenance saved with the model.
    public var manifest: Provenance

    /// The inspection of a saved uplift model.
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
                                  CoefficientEstimate(term: term, estimate: beta, oddsRatio: c.link == .logit ? beta.map { exp($0) } : nil)
                              })
                },
                warnings: arm.warnings)
        }
        warnings = file.warnings
        manifest = file.manifest
    }
}
