import GlassboxCore

extension UpliftFitState {
    /// One component fit of a distributed uplift fit (docs/scale.md §7): the role its fit plays in the model
    /// file and the arm it belongs to (0 control, k the k-th treated value).
    package struct ComponentPlan: Sendable, Equatable {
        package var role: UpliftComponent.Role
        package var arm: Int
    }

    /// The learners a distributed fit runs: all of them (their components are logistic fits, and the
    /// X-learner's effect regressions least squares, each a sum over rows).
    package static let distributedLearners: [UpliftLearner] = [.twoModel, .sLearner, .xLearner, .classTransformation]

    /// The component fits of `learner` for `treatedCount` arms, in the state's order:
    /// - two-model: the control outcome model, then each arm's treated outcome model (rows of that arm);
    /// - S-learner: each arm's joint outcome model on [x, T·x] (the arm's rows, then control's);
    /// - class transformation: each arm's transformed-outcome model (the arm's rows, then control's), preceded,
    ///   with an estimated propensity, by each arm's propensity model on the same rows;
    /// - X-learner: the two-model learner's outcome models, then, with an estimated propensity, each arm's
    ///   propensity model (its effect regressions are least squares: ``EffectSums``, not components).
    package static func plan(learner: UpliftLearner, propensity: UpliftPropensity, treatedCount: Int) -> [ComponentPlan] {
        let arms = (0..<treatedCount).map { $0 + 1 }
        switch learner {
        case .twoModel:
            return [ComponentPlan(role: .controlOutcome, arm: 0)] + arms.map { ComponentPlan(role: .treatedOutcome, arm: $0) }
        case .sLearner:
            return arms.map { ComponentPlan(role: .jointOutcome, arm: $0) }
        case .classTransformation:
            let outcomes = arms.map { ComponentPlan(role: .transformedOutcome, arm: $0) }
            return propensity == .estimated ? arms.map { ComponentPlan(role: .propensity, arm: $0) } + outcomes : outcomes
        case .xLearner:
            let outcomes = plan(learner: .twoModel, propensity: propensity, treatedCount: treatedCount)
            return propensity == .estimated ? outcomes + arms.map { ComponentPlan(role: .propensity, arm: $0) } : outcomes
        }
    }

    /// This fit's component plan.
    package var plan: [ComponentPlan] {
        Self.plan(learner: training.learner, propensity: training.propensity, treatedCount: training.treatment.treated.count)
    }

    /// The state version that describes a fit of `learner`: 1 for the two-model learner (the layout version 1
    /// readers know), 2 for the learners added since, so a reader of version 1 refuses their states by version.
    package static func version(for learner: UpliftLearner) -> Int { learner == .twoModel ? 1 : 2 }

    /// The design column names of a component, when they are not the encoding's (the S-learner's [x, T·x]).
    func designTerms(_ plan: ComponentPlan, termNames: [String]) -> [String]? {
        plan.role == .jointOutcome ? UpliftDesign.interactionTerms(termNames, indicator: "treated") : nil
    }

    /// The outcome's name in a component's messages, as the single-machine fit names it.
    func label(_ plan: ComponentPlan) -> String {
        let response = encoding?.responseName ?? "outcome"
        let name = plan.arm == 0 ? training.treatment.control : training.treatment.treated[plan.arm - 1]
        switch plan.role {
        case .controlOutcome: return "\(response) (control)"
        case .treatedOutcome: return "\(response) (treated '\(name)')"
        case .jointOutcome: return response
        case .propensity: return "treatment '\(name)'"
        case .transformedOutcome: return "transformed class of \(response)"
        case .treatedEffect, .controlEffect: return response
        }
    }

    /// The index of arm `arm`'s estimated propensity component, if the fit has one.
    func propensityComponent(arm: Int) -> Int? {
        plan.firstIndex { $0.role == .propensity && $0.arm == arm }
    }

    /// Whether component `k` makes passes now: it is running and, for a transformed outcome weighted by an
    /// estimated propensity, that propensity is fitted and checked (no row at 0 or 1).
    package func isActive(_ k: Int) -> Bool {
        guard components[k].status == LogisticFitState.running else { return false }
        let plan = plan[k]
        guard plan.role == .transformedOutcome, propensityComponent(arm: plan.arm) != nil else { return true }
        return (checkedPropensities ?? []).contains(plan.arm)
    }

    /// Whether the fit is finished: every component fitted, every estimated propensity checked and, for the
    /// X-learner, the effect sums merged.
    package var isFinished: Bool {
        components.allSatisfy { $0.status == LogisticFitState.done } && armsToCheck.isEmpty
            && (training.learner != .xLearner || effectSums != nil)
    }

    /// The arms whose estimated propensity is fitted but not yet checked: the next pass counts their rows
    /// at 0 or 1.
    package var armsToCheck: [Int] {
        plan.indices.compactMap { k in
            let p = plan[k]
            guard p.role == .propensity, components[k].status == LogisticFitState.done, !(checkedPropensities ?? []).contains(p.arm) else { return nil }
            return p.arm
        }
    }
}
