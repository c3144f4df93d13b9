import GlassboxCore
import GlassboxLinearAlgebra

#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

extension LogisticRegression {
    /// Fits the model to a design matrix.
    ///
    /// - Parameters:
    ///   - x: n × p design matrix (column 0 is the intercept when `hasIntercept`).
    ///   - y: binary outcome (0/1) per row.
    ///   - termNames: names of the p design columns.
    ///   - responseName: used in error messages.
    ///   - weights: case (frequency) weights cᵢ ≥ 0, as statsmodels GLM `freq_weights`: every sum over rows
    ///     is weighted and the number of observations is Σ cᵢ.
    ///   - clusters: cluster code per row (0..<G), required for ``CovarianceType/cluster``.
    ///   - progress: hears of each Newton iteration (the total is not known in advance).
    /// - Returns: the fit; numerical trouble (separation, non-convergence, aliasing) is reported in
    ///   ``LogisticFit/warnings`` and flags rather than thrown.
    public func fit(x: Matrix, y: [Double], termNames: [String], responseName: String = "y",
                    weights: [Double]? = nil, weightsName: String = "weights", clusters: [Int]? = nil,
                    progress: ProgressObserver? = nil) throws -> LogisticFit {
        try fit(design: x, y: y, termNames: termNames, responseName: responseName, weights: weights, weightsName: weightsName,
                clusters: clusters, progress: progress)
    }

    /// ``fit(x:y:termNames:responseName:weights:weightsName:clusters:progress:)`` on a design in memory or
    /// mapped from a cache: the same sums in the same order, so the same bits.
    /// With `reportingPasses`, `progress` hears of each data pass rather than of the iterations
    /// (``LogisticPassReporter``), for a design cache whose passes are long.
    package func fit(design x: some SelectableColumnMajorDesign, y: [Double], termNames: [String], responseName: String = "y",
                     weights: [Double]? = nil, weightsName: String = "weights", clusters: [Int]? = nil,
                     progress: ProgressObserver? = nil, reportingPasses: Bool = false) throws -> LogisticFit {
        let n = x.rows, p = x.columns
        guard termNames.count == p else { throw ModelError.dimensionMismatch("\(termNames.count) term names for \(p) columns") }
        guard y.count == n else { throw ModelError.dimensionMismatch("\(y.count) outcomes for \(n) rows") }
        guard n > 0 else { throw ModelError.noObservations }
        guard p > 0 else { throw ModelError.unsupportedOption("the model has no terms (add an intercept or a predictor)") }
        try Self.validate(y: y, responseName: responseName, weights: weights, weightsName: weightsName)
        if case .cluster = covariance, penalty == .none, clusters?.count != n {
            throw ModelError.unsupportedOption("cluster-robust standard errors need a cluster id for every row")
        }
        var passes = LogisticMatrixPasses(x: x, y: y, weights: weights, clusters: clusters)
        guard reportingPasses, let progress else {
            return try fit(passes: &passes, termNames: termNames, responseName: responseName, progress: progress)
        }
        let reporter = LogisticPassReporter(observer: progress)
        var reported = LogisticReportedPasses(base: passes, reporter: reporter)
        return try fit(passes: &reported, termNames: termNames, responseName: responseName, progress: reporter.iterations)
    }

    /// Fits the model with its data passes answered by `passes` (a matrix in memory, a design cache, or the
    /// merged partial statistics of many machines): the same iterations, checks and warnings in every case.
    /// A ``LogisticPassNeeded`` thrown by `passes` is passed on unchanged.
    package func fit(passes: inout some LogisticDataPasses, termNames: [String], responseName: String = "y",
                     progress: ProgressObserver? = nil) throws -> LogisticFit {
        let p = termNames.count
        guard p > 0 else { throw ModelError.unsupportedOption("the model has no terms (add an intercept or a predictor)") }
        if penalty != .none && covariance != .nonrobust {
            throw ModelError.unsupportedOption("robust or cluster standard errors are not available for penalised fits (penalised fits report no standard errors)")
        }
        let lambda = penalty.lambda
        guard lambda.isFinite && lambda >= 0 else { throw ModelError.invalidPenalty("λ must be a finite non-negative number, got \(lambda)") }

        // Aliasing (R's NA coefficients) and constant columns, from the (weighted) Gram matrix.
        // At β = 0 the Hessian is ¼·XᵀCX, the Gram matrix the aliasing check needs: one pass serves both.
        let summary = try passes.summary()
        guard summary.rows > 0 else { throw ModelError.noObservations }
        guard summary.seenZero && summary.seenOne else {
            throw ModelError.constantResponse(name: responseName, value: summary.seenOne ? 1 : 0)
        }
        try Self.checkMagnitudes(largest: summary.largest, termNames: termNames, rows: summary.totalWeight)
        let n = summary.rows
        var warnings = [String]()
        let atZero = summary.atZero
        let aliased = Matrix.aliasedColumns(gram: atZero.hessian)
        let constant = (0..<p).filter { summary.constantValue[$0] != nil }
        for j in constant where !(hasIntercept && j == 0) {
            warnings.append("column '\(termNames[j])' is constant" + (hasIntercept ? " and is aliased with the intercept" : ""))
        }
        let aliasedNames = aliased.map { termNames[$0] }
        if !aliasedNames.isEmpty {
            warnings.append("aliased terms (linear combinations of earlier terms) were dropped, as R does: " + aliasedNames.joined(separator: ", "))
        }
        let kept = (0..<p).filter { !aliased.contains($0) }
        guard !kept.isEmpty else { throw ModelError.singularHessian("every term is aliased (all columns are zero)") }
        let k = kept.count
        let start = atZero.restricted(to: kept)
        let penalised = kept.map { !(hasIntercept && $0 == 0) }
        let positiveRows = summary.positiveRows
        if penalty == .none && positiveRows <= k {
            throw ModelError.tooFewObservations(observations: positiveRows, parameters: k)
        }
        let evaluate: ([Double]) throws -> LogisticEvaluation = { try passes.evaluate(beta: $0, kept: kept) }

        var state: NewtonState
        let counter = progress?.start("logistic fit", total: nil, unit: "iterations")
        defer { counter?.finish() }
        switch penalty {
        case .l1:
            state = try proximalNewton(k: k, evaluate: evaluate, lambda: lambda, penalised: penalised, initial: start, progress: counter)
        default:
            state = try newton(k: k, evaluate: evaluate, lambda: lambda, penalised: penalised, initial: start, progress: counter)
        }

        // Separation: fitted probabilities pinned at 0/1 whose linear predictors keep growing.
        var separation = SeparationStatus.none
        if penalty == .none && state.evaluation.extremeCount > 0 {
            let before = state.evaluation.extremeEta
            var probe: NewtonState?
            do {
                probe = try newton(k: k, evaluate: evaluate, lambda: 0, penalised: penalised, start: state.beta,
                                   iterationLimit: 8, continuePastConvergence: true)
            } catch let needed as LogisticPassNeeded {
                throw needed
            } catch {
                probe = nil
            }
            if let probe, probe.evaluation.extremeEta > before + 1 {
                let allExtreme = probe.evaluation.extremeCount >= positiveRows || probe.evaluation.deviance < 1e-6
                separation = allExtreme ? .complete : .quasiComplete
                state = probe
                state.converged = false
                state.iterations += 0
            }
        }
        switch separation {
        case .complete:
            warnings.append("complete separation: the predictors perfectly predict the outcome, so maximum-likelihood estimates do not exist (coefficients diverge); the estimates and standard errors shown are meaningless")
        case .quasiComplete:
            warnings.append("quasi-complete separation: \(state.evaluation.extremeCount) observation(s) are perfectly predicted and their coefficients diverge; maximum-likelihood estimates do not exist for the terms involved and their standard errors are meaningless")
        case .none:
            if state.evaluation.extremeCount > 0 {
                warnings.append("\(state.evaluation.extremeCount) fitted probabilities are numerically 0 or 1")
            }
        }
        if !state.converged && separation == .none {
            warnings.append("the fit did not converge in \(maxIterations) iterations: estimates are not reliable")
        }

        let condition = Self.scaledConditionNumber(state.evaluation.hessian)
        if condition > 1e10 {
            warnings.append("the information matrix is ill-conditioned (scaled condition number \(condition.isFinite ? String(Int(condition.rounded())) : "infinite")): some terms are nearly collinear and their estimates are unstable")
        }

        // Statistics.
        let deviance = state.evaluation.deviance
        let logLikelihood = -deviance / 2
        let totalWeight = summary.totalWeight
        let positiveWeight = summary.positiveWeight
        let rate = positiveWeight / totalWeight
        let nullLogLikelihood = positiveWeight * log(rate) + (totalWeight - positiveWeight) * log1p(-rate)
        let objective = penalty == .none ? -logLikelihood : state.objective

        var covarianceMatrix: Matrix?
        var clusterCount: Int?
        if penalty == .none {
            var reduced: (matrix: Matrix, clusters: Int?)?
            do {
                reduced = try covarianceOf(passes: &passes, kept: kept, state: state, nObservations: totalWeight)
            } catch let needed as LogisticPassNeeded {
                throw needed
            } catch {
                reduced = nil
            }
            if let reduced {
                var full = Matrix(rows: p, columns: p, repeating: .nan)
                for (a, i) in kept.enumerated() { for (b, j) in kept.enumerated() { full[i, j] = reduced.matrix[a, b] } }
                covarianceMatrix = full
                clusterCount = reduced.clusters
            } else {
                warnings.append("the Hessian is singular at the estimates: standard errors are not available")
            }
        } else {
            warnings.append("penalised fit (\(penalty.description)): no standard errors are reported, because Wald inference does not apply to penalised estimates")
        }
        var estimates = [Double](repeating: .nan, count: p)
        for (a, j) in kept.enumerated() { estimates[j] = state.beta[a] }

        let statistics = LogisticModelFile.FitStatistics(
            rowCount: n, nObservations: totalWeight, logLikelihood: logLikelihood,
            nullLogLikelihood: nullLogLikelihood, deviance: deviance, nullDeviance: -2 * nullLogLikelihood,
            aic: -2 * logLikelihood + 2 * Double(k), bic: -2 * logLikelihood + Double(k) * log(totalWeight),
            pseudoR2: 1 - logLikelihood / nullLogLikelihood, objective: objective, iterations: state.iterations,
            converged: state.converged, separation: separation, extremeFittedCount: state.evaluation.extremeCount,
            clusterCount: covariance == .cluster ? clusterCount ?? summary.clusterCount : nil, parameterCount: k,
            conditionNumber: condition.isFinite ? condition : nil)
        return LogisticFit(termNames: termNames, estimates: estimates, covariance: covarianceMatrix, covarianceType: covariance,
                           penalty: penalty, aliasedTerms: aliasedNames, statistics: statistics, warnings: warnings)
    }

    static func validate(y: [Double], responseName: String, weights: [Double]?, weightsName: String) throws {
        try validateValues(y: y, responseName: responseName, weights: weights, weightsName: weightsName)
        if let w = weights, !w.contains(where: { $0 > 0 }) { throw ModelError.allWeightsZero(name: weightsName) }
        var seen0 = false, seen1 = false
        for (i, v) in y.enumerated() where (weights?[i] ?? 1) > 0 {
            if v == 0 { seen0 = true } else { seen1 = true }
            if seen0 && seen1 { return }
        }
        throw ModelError.constantResponse(name: responseName, value: seen1 ? 1 : 0)
    }

    /// The checks of single values: the outcome is 0 or 1 (else the count of other values and the first), each
    /// weight finite and non-negative (else the first bad row, 1-based).
    static func validateValues(y: [Double], responseName: String, weights: [Double]?, weightsName: String) throws {
        var bad = 0
        var example = 0.0
        for v in y where v != 0 && v != 1 {
            if bad == 0 { example = v }
            bad += 1
        }
        if bad > 0 { throw ModelError.responseNotBinary(name: responseName, example: example, count: bad) }
        if let w = weights {
            for (i, v) in w.enumerated() where !(v.isFinite && v >= 0) {
                throw ModelError.invalidWeights(name: weightsName, row: i + 1, value: v)
            }
        }
    }

    /// κ(D^{-1/2} H D^{-1/2}) from the symmetric eigenvalues (LAPACK `dsyevd`).
    static func scaledConditionNumber(_ h: Matrix) -> Double {
        let k = h.rows
        var scaled = h
        for i in 0..<k { for j in 0..<k { scaled[i, j] = h[i, j] / (h[i, i] * h[j, j]).squareRoot() } }
        return (try? SymmetricEigen(scaled).conditionNumber) ?? .infinity
    }

    /// Refuses a design column so large that Σ w·x² (the information matrix, w ≤ ¼ per unit of
    /// weight) or its inverse would overflow: a 1e300 predictor once ended in NaN standard errors and
    /// a JSON encoding error. The bound, √(max double / total weight), leaves a margin of 16.
    ///
    /// Also used by other least-squares and likelihood fits over a design (the explain surrogate).
    public static func checkMagnitudes(_ x: Matrix, termNames: [String], rows: Double) throws {
        try checkMagnitudes(largest: largestMagnitudes(x), termNames: termNames, rows: rows)
    }

    /// ``checkMagnitudes(_:termNames:rows:)`` from each column's largest |x|.
    package static func checkMagnitudes(largest: [Double], termNames: [String], rows: Double) throws {
        let bound = (Double.greatestFiniteMagnitude / max(rows, 1)).squareRoot() / 16
        for (j, value) in largest.enumerated() where !(value <= bound) {
            throw ModelError.numericalOverflow(term: termNames[j], value: value)
        }
    }

    /// Per column, max |xᵢⱼ|.
    package static func largestMagnitudes(_ x: some ColumnMajorDesign) -> [Double] {
        (0..<x.columns).map { j in
            var largest = 0.0
            x.withColumnMajor { base in
                for v in UnsafeBufferPointer(start: base + j * x.rows, count: x.rows) { largest = max(largest, Swift.abs(v)) }
            }
            x.release(rows: 0..<x.rows, columns: j..<(j + 1))
            return largest
        }
    }

    /// Per column, its value when every row holds the same value, else nil.
    package static func constantValues(_ x: some ColumnMajorDesign) -> [Double?] {
        x.withColumnMajor { base in
            (0..<x.columns).map { j in
                guard x.rows > 0 else { return nil }
                let column = base + j * x.rows
                defer { x.release(rows: 0..<x.rows, columns: j..<(j + 1)) }
                let first = column[0]
                for i in 1..<x.rows where column[i] != first { return nil }
                return first
            }
        }
    }
}

extension Penalty: CustomStringConvertible {
    public var description: String {
        switch self {
        case .none: "none"
        case .l2(let l): "L2, λ = \(l)"
        case .l1(let l): "L1, λ = \(l)"
        }
    }
}
