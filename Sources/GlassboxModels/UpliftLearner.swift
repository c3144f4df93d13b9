import GlassboxLinearAlgebra

/// The uplift (conditional average treatment effect) learners Glassbox fits from experiment data.
///
/// For a treatment arm against control, with outcome Y ∈ {0, 1}, indicator T and predictors x, each
/// learner estimates τ(x) = P(Y = 1 | x, T = 1) − P(Y = 1 | x, T = 0).
public enum UpliftLearner: String, Sendable, Codable, CaseIterable {
    /// Two outcome models, μ₁ on treated rows and μ₀ on control rows; τ̂(x) = μ̂₁(x) − μ̂₀(x)
    /// (scikit-uplift `TwoModels`, "vanilla").
    case twoModel = "two-model"
    /// One outcome model on [x, T·x] (the treatment indicator and its interaction with every design
    /// column); τ̂(x) = μ̂(x, 1) − μ̂(x, 0). Unpenalised, it equals the two-model learner exactly;
    /// a penalty shrinks the interactions (the treatment effect) towards zero instead.
    case sLearner = "s-learner"
    /// Künzel, Sekhon, Bickel & Yu (2019), PNAS 116(10): 4156–4165. Stage 1: μ̂₀, μ̂₁ as two-model.
    /// Stage 2: imputed effects D¹ᵢ = Yᵢ − μ̂₀(xᵢ) on treated rows and D⁰ᵢ = μ̂₁(xᵢ) − Yᵢ on control rows,
    /// each regressed on x by least squares (ridge with an L2 penalty) to give τ̂₁, τ̂₀.
    /// Stage 3: τ̂(x) = g(x)·τ̂₀(x) + (1 − g(x))·τ̂₁(x) with g the propensity P(T = 1 | x).
    case xLearner = "x-learner"
    /// Jaskowski & Jaroszewicz (2012), "Uplift modeling for clinical trial data", ICML workshop:
    /// Z = Y·T + (1 − Y)(1 − T) and τ̂(x) = 2·P̂(Z = 1 | x) − 1. For unequal arms the rows are weighted
    /// (Athey & Imbens 2015, "Machine learning methods for estimating heterogeneous causal effects")
    /// by 1/(2e(x)) when treated and 1/(2(1 − e(x))) when control, which makes the identity exact for any
    /// propensity e; with e = ½ every weight is 1 (the original method).
    case classTransformation = "class-transformation"
}

/// Where the propensity e(x) = P(T = 1 | x) used by the X-learner and class transformation comes from.
public enum UpliftPropensity: String, Sendable, Codable, CaseIterable {
    /// Known from the design of a randomised experiment: the treated share of the arm-plus-control rows.
    case design
    /// Estimated by a logistic regression of T on the predictors (the base learner's penalty applies).
    case estimated
}

/// An uplift model specification (before fitting): learner, base learner penalty and propensity source.
///
/// The base learner is Glassbox's logistic regression (maximum likelihood, or with ``penalty``); its fits
/// become the model's components (outcome models, effect regressions, propensity), so another base
/// learner only needs to produce components of its own.
public struct UpliftModel: Sendable {
    /// How the treatment effect is estimated.
    public var learner: UpliftLearner
    /// The base logistic regression (its penalty, tolerance and iteration limit).
    package var base: LogisticRegression
    /// Where the propensity P(T = 1 | x) comes from (X-learner and class transformation).
    public var propensity: UpliftPropensity

    /// The penalty of every logistic component (an L2 penalty also makes the X-learner's effect
    /// regressions ridge regressions).
    public var penalty: Penalty {
        get { base.penalty }
        set { base.penalty = newValue }
    }

    /// A specification; by default the base learner is unpenalised and the propensity is the design's.
    public init(learner: UpliftLearner, penalty: Penalty = .none, propensity: UpliftPropensity = .design) {
        self.init(learner: learner, base: LogisticRegression(penalty: penalty), propensity: propensity)
    }

    package init(learner: UpliftLearner, base: LogisticRegression, propensity: UpliftPropensity = .design) {
        self.learner = learner
        self.base = base
        self.propensity = propensity
    }
}
