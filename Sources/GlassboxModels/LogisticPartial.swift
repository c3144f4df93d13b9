import GlassboxCore
import GlassboxLinearAlgebra
import GlassboxTabular

/// The partial statistics of one partition of rows for one pass of a distributed logistic fit
/// (docs/scale.md §2): every field is a sum (or count, maximum, set) over the partition's rows, and
/// ``LogisticFitState/merging(_:provenance:)`` adds the partials of a pass in partition order.
/// Doubles are written as JSON numbers in their shortest round-trip form, so a partial read back is
/// bit for bit the partial computed.
package struct LogisticPartial: Sendable, Codable, Equatable {
    package static let formatName = "glassbox-logistic-partial"
    package static let currentVersion = 1

    package var format: String
    package var version: Int
    /// SHA-256 of the bytes of the state file the partial was computed for.
    package var stateSHA256: String
    /// The state's pass number.
    package var pass: Int
    package var kind: LogisticPassRequest.Kind
    package var levels: DesignLevels?
    package var summary: Summary?
    package var evaluation: Evaluation?
    /// Upper triangle (column-major k × k) of the HC meat Σ cᵢ rᵢ² xᵢxᵢᵀ.
    package var meat: [Double]?
    /// Cluster-robust meat: S_g per cluster value present, in first-appearance order.
    package var clusters: Clusters?

    /// ``LogisticEvaluation`` on the wire.
    package struct Evaluation: Sendable, Codable, Equatable {
        package var deviance: Double
        package var gradient: [Double]
        /// Upper triangle of H (column-major k × k; the lower triangle is not used).
        package var hessian: [Double]
        package var extremeCount: Int
        package var extremeEta: Double
    }

    /// ``LogisticDataSummary`` of a partition on the wire.
    package struct Summary: Sendable, Codable, Equatable {
        package var rows: Int
        package var totalWeight: Double
        package var positiveWeight: Double
        package var positiveRows: Int
        package var seenZero: Bool
        package var seenOne: Bool
        package var largest: [Double]
        /// The first row's value per design column (empty for an empty partition).
        package var first: [Double]
        /// Whether every row holds the first row's value, per column.
        package var constant: [Bool]
        package var atZero: Evaluation
    }

    /// Per-cluster score sums.
    package struct Clusters: Sendable, Codable, Equatable {
        /// Cluster values: `n:` and the number, or `t:` and the text.
        package var keys: [String]
        /// S_g, one k-vector per key.
        package var scores: [[Double]]
    }
}

extension LogisticPartial.Evaluation {
    init(_ e: LogisticEvaluation) {
        self.init(deviance: e.deviance, gradient: e.gradient, hessian: e.hessian.storage, extremeCount: e.extremeCount, extremeEta: e.extremeEta)
    }

    /// The evaluation, after checking it has `k` columns.
    func evaluation(k: Int, in file: String) throws -> LogisticEvaluation {
        guard gradient.count == k, hessian.count == k * k, extremeCount >= 0 else {
            throw ModelError.invalidFitState("\(file): an evaluation has \(gradient.count) gradient and \(hessian.count) Hessian entries for \(k) columns")
        }
        return LogisticEvaluation(deviance: deviance, gradient: gradient, hessian: Matrix(rows: k, columns: k, columnMajor: hessian),
                                  extremeCount: extremeCount, extremeEta: extremeEta)
    }
}

extension LogisticPartial {
    /// Computes the partial of `table`'s rows for the pass `state` asks for.
    /// - Parameters:
    ///   - state: the fit's state (its request says which pass).
    ///   - stateSHA256: the SHA-256 of the state file's bytes, recorded so the merge can check it.
    ///   - table: the partition's rows (any number, including none).
    /// - Throws: ``ModelError/invalidFitState(_:)`` first when the state claims more design columns than a model
    ///   can have (``LogisticFitState/checkPassColumns(name:)``). The memory budget is the caller's check, before
    ///   the rows are read (``LogisticFitState/checkPassMemory(name:partials:limit:)``).
    package static func compute(state: LogisticFitState, stateSHA256: String, table: Table) throws -> LogisticPartial {
        guard state.status == LogisticFitState.running, let request = state.request else {
            throw ModelError.invalidFitState("the state is finished (status '\(state.status)'): there is no pass to compute")
        }
        try state.checkPassColumns(name: "the state")
        var partial = LogisticPartial(format: formatName, version: currentVersion, stateSHA256: stateSHA256, pass: state.pass,
                                      kind: request.kind, levels: nil, summary: nil, evaluation: nil, meat: nil, clusters: nil)
        if table.rowCount == 0 { return try empty(state: state, request: request, partial: partial) }
        let training = state.training
        let formula = try Formula.parse(training.formula)
        let extras = training.extraColumns
        if request.kind == .levels {
            partial.levels = try DesignLevels.collect(formula, table: table, extraColumns: extras)
            return partial
        }
        guard let encoding = state.encoding else { throw ModelError.invalidFitState("the state has no design encoding for a \(request.kind.rawValue) pass") }
        var design = try encoding.apply(to: table, requireResponse: true, extraColumns: extras)
        let y = design.response ?? []
        design.response = nil
        let weights = try training.weightsColumn.map { try LogisticTraining.numericValues(table, $0, rows: design.rowIndices) }
        let clusters = training.clusterColumn.map { column in { try clusterKeys(table, column, rows: design.rowIndices) } }
        return try dataPass(state: state, request: request, partial: partial, design: design.x, y: y, weights: weights,
                            responseName: encoding.responseName ?? "outcome", clusters: clusters)
    }

    /// Computes the partial of a data pass (summary, evaluation or a meat without clusters) over design rows
    /// built by the caller: a component of another model whose design is not the encoding's applied to a
    /// table (the uplift learners' arm rows, [x, T·x] or transformed outcomes, docs/scale.md §7).
    /// - Parameters:
    ///   - design: the rows' design, all of the state's ``LogisticFitState/designTermNames`` columns.
    ///   - y: the outcome per row; `weights`: the case weights per row, or nil.
    ///   - responseName: the outcome's name in messages.
    package static func compute(state: LogisticFitState, stateSHA256: String, design: Matrix, y: [Double], weights: [Double]?,
                                responseName: String) throws -> LogisticPartial {
        guard state.status == LogisticFitState.running, let request = state.request, request.kind != .levels else {
            throw ModelError.invalidFitState("the state asks for no data pass (status '\(state.status)'): there is nothing to compute")
        }
        let partial = LogisticPartial(format: formatName, version: currentVersion, stateSHA256: stateSHA256, pass: state.pass,
                                      kind: request.kind, levels: nil, summary: nil, evaluation: nil, meat: nil, clusters: nil)
        if design.rows == 0 { return try empty(state: state, request: request, partial: partial) }
        guard design.columns == state.designTermNames?.count, y.count == design.rows, weights.map({ $0.count == design.rows }) ?? true else {
            throw ModelError.invalidFitState("the state's design has \(state.designTermNames?.count ?? 0) columns; the rows given have \(design.columns)")
        }
        return try dataPass(state: state, request: request, partial: partial, design: design, y: y, weights: weights,
                            responseName: responseName, clusters: nil)
    }

    /// The sums of a data pass over `design`'s rows; `clusters` gives the cluster keys of the rows and each
    /// row's index into them (nil without a cluster column).
    private static func dataPass(state: LogisticFitState, request: LogisticPassRequest, partial: LogisticPartial, design: Matrix, y: [Double],
                                 weights: [Double]?, responseName: String,
                                 clusters: (() throws -> (keys: [String], codes: [Int]))?) throws -> LogisticPartial {
        var partial = partial
        let training = state.training
        let p = design.columns
        let kept = request.kept ?? Array(0..<p)
        guard kept.allSatisfy({ $0 >= 0 && $0 < p }) else { throw ModelError.invalidFitState("the state's request names design columns beyond its \(p)") }
        let x = kept.count == p ? design : design.selectingColumns(kept)
        switch request.kind {
        case .levels:
            break
        case .summary:
            partial.summary = try summary(x: design, y: y, weights: weights, responseName: responseName,
                                          weightsName: training.weightsColumn ?? "weights")
        case .evaluate:
            guard let beta = request.beta, beta.count == kept.count else { throw ModelError.invalidFitState("the state's request has no coefficients for its \(kept.count) columns") }
            partial.evaluation = Evaluation(LogisticRegression.evaluate(x: x, y: y, caseWeights: weights, beta: beta, hessian: true))
        case .meat:
            let k = kept.count
            guard let beta = request.beta, beta.count == k, let covariance = request.covariance else {
                throw ModelError.invalidFitState("the state's meat request has no coefficients or covariance type")
            }
            let bread = Matrix(rows: k, columns: k, columnMajor: request.bread ?? .init(repeating: 0, count: k * k))
            guard bread.storage.count == k * k else { throw ModelError.invalidFitState("the state's bread has \(bread.storage.count) entries for \(k) columns") }
            if covariance == .cluster {
                guard let clusters else { throw ModelError.invalidFitState("cluster meat asked for without a cluster column") }
                let (keys, codes) = try clusters()
                let eta = LogisticRegression.linearPredictor(x: x, beta: beta)
                let residual = (0..<x.rows).map { y[$0] - logistic(eta[$0]) }
                let scores = LogisticRegression.clusterScores(x: x, residual: residual, weights: weights, clusters: codes)
                partial.clusters = Clusters(keys: keys, scores: (0..<keys.count).map { g in (0..<k).map { scores[g, $0] } })
            } else {
                let meat = try LogisticRegression.meat(x: x, y: y, weights: weights, clusters: nil, beta: beta, covariance: covariance, bread: bread)
                partial.meat = meat.matrix.storage
            }
        }
        return partial
    }

    /// The partial of a partition without rows: zero sums, no levels, no clusters.
    private static func empty(state: LogisticFitState, request: LogisticPassRequest, partial: LogisticPartial) throws -> LogisticPartial {
        var partial = partial
        let p = state.designTermNames?.count ?? 0
        let k = request.kept?.count ?? p
        func zero(_ k: Int) -> Evaluation {
            Evaluation(deviance: 0, gradient: .init(repeating: 0, count: k), hessian: .init(repeating: 0, count: k * k), extremeCount: 0, extremeEta: 0)
        }
        switch request.kind {
        case .levels:
            partial.levels = DesignLevels(rowsRead: 0, rowsKept: 0, missingByColumn: [:], columns: [:])
        case .summary:
            partial.summary = Summary(rows: 0, totalWeight: 0, positiveWeight: 0, positiveRows: 0, seenZero: false, seenOne: false,
                                      largest: .init(repeating: 0, count: p), first: [], constant: .init(repeating: true, count: p), atZero: zero(p))
        case .evaluate:
            partial.evaluation = zero(k)
        case .meat:
            if request.covariance == .cluster { partial.clusters = Clusters(keys: [], scores: []) } else { partial.meat = .init(repeating: 0, count: k * k) }
        }
        return partial
    }

    /// A partition's summary: the outcome must be 0/1 and weights finite and non-negative (rows counted
    /// within the partition); whether the outcome varies is decided on the merged summary.
    static func summary(x: some ColumnMajorDesign, y: [Double], weights: [Double]?, responseName: String, weightsName: String) throws -> Summary {
        try LogisticRegression.validateValues(y: y, responseName: responseName, weights: weights, weightsName: weightsName)
        var seenZero = false, seenOne = false
        for (i, v) in y.enumerated() where (weights?[i] ?? 1) > 0 { if v == 0 { seenZero = true } else { seenOne = true } }
        let n = x.rows
        let totalWeight = weights.map { $0.reduce(0, +) } ?? Double(n)
        let positiveWeight = zip(y, weights ?? .init(repeating: 1, count: n)).reduce(0) { $0 + ($1.0 == 1 ? $1.1 : 0) }
        let positiveRows = weights.map { $0.reduce(0) { $0 + ($1 > 0 ? 1 : 0) } } ?? n
        let atZero = LogisticRegression.evaluate(x: x, y: y, caseWeights: weights, beta: .init(repeating: 0, count: x.columns), hessian: true)
        let constant = LogisticRegression.constantValues(x)
        return Summary(rows: n, totalWeight: totalWeight, positiveWeight: positiveWeight, positiveRows: positiveRows,
                       seenZero: seenZero, seenOne: seenOne, largest: LogisticRegression.largestMagnitudes(x),
                       first: n > 0 ? (0..<x.columns).map { x.entry(0, $0) } : [], constant: constant.map { $0 != nil },
                       atZero: Evaluation(atZero))
    }

    /// Cluster values of the kept rows as keys (first-appearance order) and each row's index into them.
    static func clusterKeys(_ table: Table, _ name: String, rows: [Int]) throws -> (keys: [String], codes: [Int]) {
        var keys = [String](), index = [String: Int](), codes = [Int]()
        codes.reserveCapacity(rows.count)
        func code(_ key: String) -> Int {
            if let c = index[key] { return c }
            index[key] = keys.count
            keys.append(key)
            return keys.count - 1
        }
        switch try table.column(named: name) {
        case .numeric(let values): for r in rows { codes.append(code("n:\(values[r] == 0 ? 0 : values[r])")) }
        case .categorical(let c): for r in rows { codes.append(code("t:" + c.levels[Int(c.codes[r])])) }
        }
        return (keys, codes)
    }
}
