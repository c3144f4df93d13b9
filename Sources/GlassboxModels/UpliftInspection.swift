import Foundation
import GlassboxCore

/// What there is to see in a saved uplift model: its settings and, per treatment arm, every fitted
/// component (outcome models, effect regressions, propensity) as a coefficient table.
///
/// The model file stores point estimates only, so there are no standard errors; odds ratios are given
/// for logit components. This is `glassbox inspect`'s JSON for an uplift model; GlassboxReport renders it
/// as text, Markdown and a report section.
public struct UpliftInspection: Sendable, Encodable {
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
        /// Every fitted component (outcome models, effect regressions, propensity): what it predicts, as
        /// text (`treated-outcome`, `control-outcome`, `propensity`…), its link (`logit` or `identity`), the
        /// rows it was fitted on, whether its fit converged, and its coefficients (odds ratios for a logit
        /// component only).
        public var components: [(role: String, link: String, rows: Int, converged: Bool, coefficients: [CoefficientEstimate])] {
            fittedComponents.map { (role: $0.role, link: $0.link, rows: $0.rows, converged: $0.converged, coefficients: $0.coefficients) }
        }
        /// ``components`` as written to JSON.
        package var fittedComponents: [Component]
        /// Warnings of this arm's fits.
        public var warnings: [String]

        enum CodingKeys: String, CodingKey {
            case treated, control, treatedRows, controlRows, designPropensity, warnings
            case fittedComponents = "components"
        }

        /// One fitted component of an arm as JSON (``components``).
        package struct Component: Sendable, Encodable {
            /// What the component predicts, as text (`treated-outcome`, `control-outcome`, `propensity`…).
            package var role: String
            /// `logit` or `identity`.
            package var link: String
            /// Rows the component was fitted on.
            package var rows: Int
            /// Whether its fit converged.
            package var converged: Bool
            /// The component's coefficients; odds ratios for a logit component only.
            package var coefficients: [CoefficientEstimate]
        }
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
                fittedComponents: arm.components.map { c in
                    Arm.Component(role: c.role.rawValue, link: c.link.rawValue, rows: c.rows, converged: c.converged,
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
