import GlassboxCore
import GlassboxLinearAlgebra
import GlassboxTabular

extension UpliftFitState {
    /// The sums of one arm's X-learner effect regressions (docs/scale.md §7): least squares of the imputed
    /// effects on x, over the arm's treated rows (D¹ = Y − μ̂₀(x)) and over the control rows (D⁰ = μ̂₁(x) − Y).
    package struct EffectSums: Sendable, Codable, Equatable {
        /// XᵀX of the treated rows (column-major p × p) and XᵀD¹.
        package var treatedGram: [Double]
        package var treatedProduct: [Double]
        /// XᵀX of the control rows and XᵀD⁰.
        package var controlGram: [Double]
        package var controlProduct: [Double]

        package init(treatedGram: [Double], treatedProduct: [Double], controlGram: [Double], controlProduct: [Double]) {
            self.treatedGram = treatedGram
            self.treatedProduct = treatedProduct
            self.controlGram = controlGram
            self.controlProduct = controlProduct
        }

        /// Zero sums of `p` design columns.
        init(zero p: Int) {
            treatedGram = .init(repeating: 0, count: p * p)
            treatedProduct = .init(repeating: 0, count: p)
            controlGram = treatedGram
            controlProduct = treatedProduct
        }

        /// Whether the sums have `p` design columns.
        func hasColumns(_ p: Int) -> Bool {
            treatedGram.count == p * p && controlGram.count == p * p && treatedProduct.count == p && controlProduct.count == p
        }

        /// Whether every entry is a finite number (a file from another machine may hold NaN or ±∞).
        var isFinite: Bool {
            [treatedGram, treatedProduct, controlGram, controlProduct].allSatisfy { $0.allSatisfy(\.isFinite) }
        }

        /// One arm's sums: D¹ = Y − μ̂₀(x) over its treated rows `xT` (outcomes `yT`) and D⁰ = μ̂₁(x) − Y over
        /// the control rows `xC` (outcomes `yC`), and XᵀX and XᵀD of each — the normal equations of the
        /// effect regressions (Künzel et al. 2019, the X-learner's second stage with a linear base learner). The sums run in the
        /// fixed row chunks of ``ColumnMajorDesign/weightedGram(weights:)`` and
        /// ``ColumnMajorDesign/crossProduct(with:)``, so a matrix in memory and a design cache give the same
        /// bits on any number of threads. `UpliftModel.fit` (in memory or streamed) computes them over whole
        /// arms, a distributed fit over each partition's rows.
        /// - Parameter controlGram: the control rows' XᵀX (column-major), when already computed: it is the
        ///   same for every arm.
        init<Design: ColumnMajorDesign>(treated xT: Design, _ yT: [Double], control xC: Design, _ yC: [Double],
                                        mu1: UpliftComponent, mu0: UpliftComponent, controlGram: [Double]?) throws {
            let d1 = zip(yT, try mu0.predict(design: xT)).map { $0 - $1 }
            let d0 = zip(try mu1.predict(design: xC), yC).map { $0 - $1 }
            self.init(treatedGram: try xT.weightedGram(weights: nil).storage, treatedProduct: try xT.crossProduct(with: d1),
                      controlGram: try controlGram ?? xC.weightedGram(weights: nil).storage, controlProduct: try xC.crossProduct(with: d0))
        }

        /// τ̂₁ and τ̂₀: the coefficients β = (XᵀX + λD)⁻¹XᵀD of the treated and the control rows'
        /// sums (``UpliftDesign/leastSquares(gram:product:ridge:hasIntercept:)``: ridge `ridge` off the
        /// intercept, aliased columns nil). The sums must have ``hasColumns(_:)`` of the design.
        func effects(ridge: Double, hasIntercept: Bool) throws -> (treated: [Double?], control: [Double?]) {
            let p = treatedProduct.count
            let treated = try UpliftDesign.leastSquares(gram: Matrix(rows: p, columns: p, columnMajor: treatedGram), product: treatedProduct,
                                                        ridge: ridge, hasIntercept: hasIntercept)
            let control = try UpliftDesign.leastSquares(gram: Matrix(rows: p, columns: p, columnMajor: controlGram), product: controlProduct,
                                                        ridge: ridge, hasIntercept: hasIntercept)
            return (treated, control)
        }

        /// Adds `other`'s sums, entry by entry.
        mutating func add(_ other: EffectSums) {
            func add(_ a: inout [Double], _ b: [Double]) { for i in a.indices { a[i] += b[i] } }
            add(&treatedGram, other.treatedGram)
            add(&treatedProduct, other.treatedProduct)
            add(&controlGram, other.controlGram)
            add(&controlProduct, other.controlProduct)
        }
    }

    /// Whether the next pass computes the X-learner's effect sums: every outcome model is fitted and the
    /// sums are not yet merged.
    package var needsEffects: Bool {
        guard training.learner == .xLearner, effectSums == nil, !components.isEmpty else { return false }
        return plan.indices.allSatisfy { plan[$0].role == .propensity || components[$0].status == LogisticFitState.done }
    }

    /// The fitted outcome model of arm `arm` (0: control's), replayed on its history.
    func outcomeFit(arm: Int) throws -> LogisticFit {
        let role: UpliftComponent.Role = arm == 0 ? .controlOutcome : .treatedOutcome
        guard let k = plan.firstIndex(of: ComponentPlan(role: role, arm: arm)),
              let fit = try components[k].replayedFit(responseName: label(plan[k])).fit else {
            throw ModelError.invalidFitState("the outcome model of arm \(arm) is not fitted")
        }
        return fit
    }

    /// The effect sums of a partition's design rows `x` (outcome `y`, arm code `arm` per row), one per
    /// treated arm: ``EffectSums/init(treated:_:control:_:mu1:mu0:controlGram:)`` over the partition's rows of
    /// the arm and of control in file order, as `UpliftModel.fit` computes them over the whole arm (so one
    /// partition gives its sums bit for bit). The rows are grouped by arm in one scan, and the control
    /// rows' XᵀX is computed once for every arm.
    func effectSums(x: Matrix, y: [Double], arm: [Int]) throws -> [EffectSums] {
        let armCount = training.treatment.treated.count
        let rowsOfArm = UpliftRows.indicesByArm(arm, arms: armCount + 1)
        let control = rowsOfArm[0]
        let xC = x.selectingRows(control), yC = control.map { y[$0] }
        let controlGram = try xC.weightedGram(weights: nil).storage
        let mu0 = UpliftComponent(role: .controlOutcome, logistic: try outcomeFit(arm: 0))
        return try (1...armCount).map { a -> EffectSums in
            let treated = rowsOfArm[a]
            let mu1 = UpliftComponent(role: .treatedOutcome, logistic: try outcomeFit(arm: a))
            return try EffectSums(treated: x.selectingRows(treated), treated.map { y[$0] }, control: xC, yC, mu1: mu1, mu0: mu0,
                                  controlGram: controlGram)
        }
    }

    /// Zero effect sums, one per treated arm, to which a merge adds the partials' in partition order (from zero,
    /// so one partition's are kept bit for bit).
    func zeroEffectSums() -> [EffectSums] {
        .init(repeating: EffectSums(zero: encoding?.termNames.count ?? 0), count: training.treatment.treated.count)
    }

    /// Checks that `part` (read from `name`) holds finite effect sums of the state's arms and design columns.
    func checkEffectSums(of part: UpliftPartial, name: String) throws {
        let p = encoding?.termNames.count ?? 0, armCount = training.treatment.treated.count
        guard let sums = part.effectSums, sums.count == armCount, sums.allSatisfy({ $0.hasColumns(p) }) else {
            throw ModelError.invalidFitState("\(name) holds no effect sums of the state's \(armCount) arms and \(p) design columns")
        }
        guard sums.allSatisfy(\.isFinite) else { throw ModelError.invalidFitState("\(name) holds an effect sum that is not a finite number (was it edited?)") }
    }

    /// Checks that the merged effect sums `total` are finite.
    static func checkMergedEffectSums(_ total: [EffectSums]) throws {
        guard total.allSatisfy(\.isFinite) else {
            throw ModelError.invalidFitState("the effect sums of the partials add up to more than a double can hold (rescale very large predictors)")
        }
    }

    /// Arm `a`'s X-learner components in `UpliftModel.fit`'s order — μ̂₁, μ̂₀, τ̂₁, τ̂₀ and the propensity
    /// when estimated — and the warnings of its outcome models.
    func xLearnerArm(_ a: Int, kept: [Int]) throws -> (components: [UpliftComponent], warnings: [String]) {
        guard let encoding, let sums = effectSums, sums.indices.contains(a - 1) else { throw ModelError.invalidFitState("the state has no effect sums") }
        let p = encoding.termNames.count, terms = encoding.termNames
        let mu1 = try outcomeFit(arm: a), mu0 = try outcomeFit(arm: 0)
        let ridge: Double = if case .l2(let l) = training.model.base.penalty { l } else { 0 }
        let hasIntercept = terms.first == "(Intercept)"
        guard sums[a - 1].hasColumns(p) else { throw ModelError.invalidFitState("the effect sums of arm \(a) do not have \(p) design columns") }
        let (tau1, tau0) = try sums[a - 1].effects(ridge: ridge, hasIntercept: hasIntercept)
        var components = [UpliftComponent(role: .treatedOutcome, logistic: mu1), UpliftComponent(role: .controlOutcome, logistic: mu0),
                          UpliftComponent(role: .treatedEffect, link: .identity, terms: terms, coefficients: tau1, rows: kept[a], converged: true),
                          UpliftComponent(role: .controlEffect, link: .identity, terms: terms, coefficients: tau0, rows: kept[0], converged: true)]
        if let k = propensityComponent(arm: a) {
            guard let fit = try fittedComponent(k) else { throw ModelError.invalidFitState("component \(k) is not finished") }
            components.append(UpliftComponent(role: .propensity, logistic: fit))
        }
        return (components, UpliftModel.componentWarnings(.treatedOutcome, mu1) + UpliftModel.componentWarnings(.controlOutcome, mu0))
    }

    /// Component `k`'s fit, replayed.
    private func fittedComponent(_ k: Int) throws -> LogisticFit? {
        try self.components[k].replayedFit(responseName: label(plan[k])).fit
    }
}
