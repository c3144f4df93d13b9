import GlassboxLinearAlgebra

/// A fitted uplift model for one treatment arm against control.
package struct UpliftArmFit: Sendable, Codable, Equatable {
    /// The treatment value (e.g. `Neighbors`).
    public var treated: String
    public var treatedRows: Int
    public var controlRows: Int
    /// The design propensity: treated share of the arm-plus-control rows.
    public var designPropensity: Double
    /// The fitted pieces; which roles appear depends on the learner.
    public var components: [UpliftComponent]
    public var warnings: [String]

    public init(treated: String, treatedRows: Int, controlRows: Int, designPropensity: Double,
                components: [UpliftComponent], warnings: [String]) {
        self.treated = treated
        self.treatedRows = treatedRows
        self.controlRows = controlRows
        self.designPropensity = designPropensity
        self.components = components
        self.warnings = warnings
    }

    public func component(_ role: UpliftComponent.Role) -> UpliftComponent? {
        components.first { $0.role == role }
    }
}

/// Predictions of one arm for every design row: τ̂(x) and, where the learner has them, the outcome
/// probabilities under treatment and control.
package struct UpliftPrediction: Sendable, Equatable {
    public var treated: String
    public var uplift: [Double]
    /// μ̂₁(x); nil for class transformation, which models no outcome probability.
    public var pTreated: [Double]?
    /// μ̂₀(x); nil for class transformation.
    public var pControl: [Double]?
}

/// A fitted uplift model: one ``UpliftArmFit`` per treatment value, all on the same design columns.
package struct UpliftFit: Sendable, Equatable {
    public var learner: UpliftLearner
    public var propensity: UpliftPropensity
    public var control: String
    public var arms: [UpliftArmFit]

    public init(learner: UpliftLearner, propensity: UpliftPropensity, control: String, arms: [UpliftArmFit]) {
        self.learner = learner
        self.propensity = propensity
        self.control = control
        self.arms = arms
    }

    /// Predictions of every arm on the rows of design `x` (columns: the encoding's terms).
    public func predict(_ x: Matrix) throws -> [UpliftPrediction] {
        try arms.map { try predict(arm: $0, x) }
    }

    private func predict(arm: UpliftArmFit, _ x: Matrix) throws -> UpliftPrediction {
        func need(_ role: UpliftComponent.Role) throws -> UpliftComponent {
            guard let c = arm.component(role) else {
                throw ModelError.invalidModelFile("the \(learner.rawValue) model of '\(arm.treated)' has no \(role.rawValue) component")
            }
            return c
        }
        switch learner {
        case .twoModel:
            let p1 = try need(.treatedOutcome).predict(x), p0 = try need(.controlOutcome).predict(x)
            return UpliftPrediction(treated: arm.treated, uplift: zip(p1, p0).map { $0 - $1 }, pTreated: p1, pControl: p0)
        case .sLearner:
            let joint = try need(.jointOutcome)
            let p1 = try joint.predict(UpliftDesign.withInteractions(x, treatment: .init(repeating: 1, count: x.rows)))
            let p0 = try joint.predict(UpliftDesign.withInteractions(x, treatment: .init(repeating: 0, count: x.rows)))
            return UpliftPrediction(treated: arm.treated, uplift: zip(p1, p0).map { $0 - $1 }, pTreated: p1, pControl: p0)
        case .xLearner:
            let p1 = try need(.treatedOutcome).predict(x), p0 = try need(.controlOutcome).predict(x)
            let tau1 = try need(.treatedEffect).predict(x), tau0 = try need(.controlEffect).predict(x)
            let g = try propensity(arm: arm, x)
            let tau = x.rows == 0 ? [] : (0..<x.rows).map { g[$0] * tau0[$0] + (1 - g[$0]) * tau1[$0] }
            return UpliftPrediction(treated: arm.treated, uplift: tau, pTreated: p1, pControl: p0)
        case .classTransformation:
            let pz = try need(.transformedOutcome).predict(x)
            return UpliftPrediction(treated: arm.treated, uplift: pz.map { 2 * $0 - 1 }, pTreated: nil, pControl: nil)
        }
    }

    /// e(x) per row: the estimated propensity component when there is one, else the design propensity.
    func propensity(arm: UpliftArmFit, _ x: Matrix) throws -> [Double] {
        if let c = arm.component(.propensity) { return try c.predict(x) }
        return .init(repeating: arm.designPropensity, count: x.rows)
    }

    /// The best treatment per row: the arm with the largest predicted uplift when it is positive,
    /// otherwise the control value (no contact changes the outcome for the better). Ties go to the
    /// arm listed first; a row with a NaN uplift in any arm gets nil.
    public func recommendations(_ predictions: [UpliftPrediction]) -> [String?] {
        guard let n = predictions.first?.uplift.count else { return [] }
        return (0..<n).map { i in
            var best: (String, Double)? = nil
            for p in predictions {
                let u = p.uplift[i]
                if u.isNaN { return nil }
                if best == nil || u > best!.1 { best = (p.treated, u) }
            }
            guard let best, best.1 > 0 else { return control }
            return best.0
        }
    }
}
