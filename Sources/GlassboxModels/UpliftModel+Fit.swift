import GlassboxCore
import GlassboxLinearAlgebra

extension UpliftModel {
    /// Fits one uplift model per treatment arm against control.
    ///
    /// - Parameters:
    ///   - x: n × p design of the predictors (rows of every arm and of control): a matrix in memory or a
    ///     design cache (``MappedDesign``), which gives the same fit bit for bit (every learner).
    ///   - termNames: the p design column names.
    ///   - y: binary outcome per row.
    ///   - arm: per row, 0 for control or k ∈ 1…K for `treatments[k − 1]`; other values are ignored.
    ///   - treatments: the treatment values, in arm order.
    ///   - control: the control value (for messages and recommendations).
    ///   - responseName: used in error messages.
    ///   - progress: hears of each component model fitted (outcome, treatment and propensity models; the
    ///     count depends on the learner, so no total is given).
    /// - Throws: ``ModelError`` when an arm or control has no rows, the outcome is not binary, a fit
    ///   fails, or an estimated propensity reaches 0 or 1.
    package func fit<Design: UpliftArmDesign>(x: Design, termNames: [String], y: [Double], arm: [Int], treatments: [String], control: String,
                    responseName: String = "outcome", progress: ProgressObserver? = nil) throws -> UpliftFit {
        let counter = progress?.start("uplift fit", total: nil, unit: "models")
        defer { counter?.finish() }
        guard y.count == x.rows, arm.count == x.rows else {
            throw ModelError.dimensionMismatch("\(y.count) outcomes and \(arm.count) arm codes for \(x.rows) rows")
        }
        if let bad = y.first(where: { $0 != 0 && $0 != 1 }) {
            throw ModelError.responseNotBinary(name: responseName, example: bad, count: y.reduce(0) { $0 + ($1 != 0 && $1 != 1 ? 1 : 0) })
        }
        // Every arm's rows in one scan of the arm codes.
        let rowsOfArm = UpliftRows.indicesByArm(arm, arms: treatments.count + 1)
        let controlRows = rowsOfArm[0]
        guard !controlRows.isEmpty else {
            throw ModelError.unsupportedOption("no control rows ('\(control)') remain to fit the uplift model")
        }
        var arms = [UpliftArmFit]()
        var controlGram: [Double]?
        for (k, name) in treatments.enumerated() {
            let treatedRows = rowsOfArm[k + 1]
            guard !treatedRows.isEmpty else {
                throw ModelError.unsupportedOption("no treated rows ('\(name)') remain to fit the uplift model")
            }
            arms.append(try fitArm(x: x, termNames: termNames, y: y, treatedRows: treatedRows, controlRows: controlRows,
                                   name: name, responseName: responseName, controlGram: &controlGram, progress: counter))
        }
        return UpliftFit(learner: learner, propensity: propensity, control: control, arms: arms)
    }

    /// One arm's components. `controlGram` holds the control rows' XᵀX once an X-learner arm has computed
    /// it (the same for every arm).
    private func fitArm<Design: UpliftArmDesign>(x: Design, termNames: [String], y: [Double], treatedRows: [Int], controlRows: [Int], name: String,
                        responseName: String, controlGram: inout [Double]?, progress: ProgressCounter?) throws -> UpliftArmFit {
        let nT = treatedRows.count, nC = controlRows.count
        let designE = Double(nT) / Double(nT + nC)
        var warnings = [String]()
        let hasIntercept = termNames.first == "(Intercept)"
        var base = self.base
        base.covariance = .nonrobust
        base.hasIntercept = hasIntercept

        func logistic(_ role: UpliftComponent.Role, _ xs: Design, _ ys: [Double], weights: [Double]? = nil,
                      terms: [String] = termNames, label: String) throws -> UpliftComponent {
            let fit = try base.fit(design: xs, y: ys, termNames: terms, responseName: label, weights: weights)
            progress?.advance()
            warnings += Self.componentWarnings(role, fit)
            return UpliftComponent(role: role, logistic: fit)
        }
        let xT = try x.selectingRows(treatedRows), xC = try x.selectingRows(controlRows)
        let yT = treatedRows.map { y[$0] }, yC = controlRows.map { y[$0] }
        let bothRows = treatedRows + controlRows
        let t = [Double](repeating: 1, count: nT) + [Double](repeating: 0, count: nC)

        // The propensity per arm-plus-control row (treated rows first), and its component when estimated.
        func propensities(_ xBoth: Design) throws -> ([Double], UpliftComponent?) {
            guard propensity == .estimated else { return (.init(repeating: designE, count: nT + nC), nil) }
            let fit = try base.fit(design: xBoth, y: t, termNames: termNames, responseName: "treatment '\(name)'")
            progress?.advance()
            let component = UpliftComponent(role: .propensity, logistic: fit)
            let e = try component.predict(design: xBoth)
            let extreme = e.indices.filter { e[$0] < 1e-8 || e[$0] > 1 - 1e-8 }
            if fit.separation != .none || !extreme.isEmpty {
                throw ModelError.separatedPropensity(treated: name, rows: extreme.count, separation: fit.separation.rawValue)
            }
            return (e, component)
        }

        var components = [UpliftComponent]()
        switch learner {
        case .twoModel:
            components.append(try logistic(.treatedOutcome, xT, yT, label: "\(responseName) (treated '\(name)')"))
            components.append(try logistic(.controlOutcome, xC, yC, label: "\(responseName) (control)"))
        case .sLearner:
            let xBoth = try x.selectingRows(bothRows)
            let xs = try xBoth.withInteractions(treatment: t)
            components.append(try logistic(.jointOutcome, xs, yT + yC, terms: UpliftDesign.interactionTerms(termNames, indicator: "treated"),
                                           label: responseName))
        case .xLearner:
            let mu1 = try logistic(.treatedOutcome, xT, yT, label: "\(responseName) (treated '\(name)')")
            let mu0 = try logistic(.controlOutcome, xC, yC, label: "\(responseName) (control)")
            // The effect regressions from their sums, as a distributed fit solves them (docs/scale.md §7).
            let sums = try UpliftFitState.EffectSums(treated: xT, yT, control: xC, yC, mu1: mu1, mu0: mu0, controlGram: controlGram)
            controlGram = sums.controlGram
            let ridge: Double = if case .l2(let l) = base.penalty { l } else { 0 }
            let (tau1, tau0) = try sums.effects(ridge: ridge, hasIntercept: hasIntercept)
            components += [mu1, mu0,
                           UpliftComponent(role: .treatedEffect, link: .identity, terms: termNames, coefficients: tau1, rows: nT, converged: true),
                           UpliftComponent(role: .controlEffect, link: .identity, terms: termNames, coefficients: tau0, rows: nC, converged: true)]
            if propensity == .estimated {
                let (_, e) = try propensities(try x.selectingRows(bothRows))
                components.append(e!)
            }
        case .classTransformation:
            let xBoth = try x.selectingRows(bothRows)
            let (e, component) = try propensities(xBoth)
            let yBoth = yT + yC
            let z = zip(yBoth, t).map { $0 * $1 + (1 - $0) * (1 - $1) }
            let weights = t.indices.map { t[$0] == 1 ? 0.5 / e[$0] : 0.5 / (1 - e[$0]) }
            let unit = weights.allSatisfy { $0 == 1 }
            components.append(try logistic(.transformedOutcome, xBoth, z, weights: unit ? nil : weights, label: "transformed class of \(responseName)"))
            if let component { components.append(component) }
        }
        return Self.armFit(treated: name, treatedRows: nT, controlRows: nC, components: components, warnings: warnings)
    }

    /// A component fit's warnings as its arm reports them: named by the component's role, without the
    /// penalised fit's note.
    static func componentWarnings(_ role: UpliftComponent.Role, _ fit: LogisticFit) -> [String] {
        fit.warnings.filter { !$0.hasPrefix("penalised fit") }.map { "\(role.rawValue) model: \($0)" }
    }

    /// One arm's fit from its components and their warnings, with the design propensity and the warning
    /// for an arm (or control) under 1 % of the rows.
    static func armFit(treated name: String, treatedRows nT: Int, controlRows nC: Int, components: [UpliftComponent],
                       warnings: [String]) -> UpliftArmFit {
        var warnings = warnings
        let share = Double(min(nT, nC)) / Double(nT + nC)
        if share < 0.01 {
            warnings.append("'\(nT < nC ? name : "control")' has only \(min(nT, nC)) of \(nT + nC) rows (under 1 %): its uplift estimates are very noisy")
        }
        return UpliftArmFit(treated: name, treatedRows: nT, controlRows: nC, designPropensity: Double(nT) / Double(nT + nC),
                            components: components, warnings: warnings)
    }
}
