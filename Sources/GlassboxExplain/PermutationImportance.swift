import GlassboxCore
import GlassboxLinearAlgebra
import GlassboxMetrics
import GlassboxModels
import GlassboxTabular

/// The importance of one feature: baseline metric minus the metric with the feature permuted
/// (for losses, permuted minus baseline), so bigger is more important.
public struct FeatureImportance: Sendable, Codable, Equatable {
    /// The source column (or design term, with `perTerm`).
    public var feature: String
    /// Mean over repeats.
    public var mean: Double
    /// Population standard deviation over repeats (NumPy's `std`, as scikit-learn reports).
    public var std: Double
    /// One value per repeat, in repeat order.
    public var values: [Double]
}

/// Permutation importance results (field names: docs/json-contract.md), computed by
/// ``compute(model:table:options:progress:)`` or, per treatment arm of an uplift model, by
/// ``uplift(_:treated:table:outcomes:treatment:repeats:seed:progress:)``.
public struct PermutationImportanceResult: Sendable, Codable, Equatable {
    /// The metric's name (`auc`, `logloss`, …).
    public var metric: String
    /// Permutations per feature.
    public var repeats: Int
    /// The metric on the unpermuted rows.
    public var baseline: Double
    /// Features, most important first (ties keep model order).
    public var permutationImportance: [FeatureImportance]
    /// Rows the metric was computed on; nil in a per-arm uplift result
    /// (``uplift(_:treated:table:outcomes:treatment:repeats:seed:progress:)``), which lists its features in model order.
    public var rows: Int?
    /// Whether the features are design terms rather than source columns; nil in a per-arm uplift result.
    public var perTerm: Bool?
}

/// Permutation importance as scikit-learn's `sklearn.inspection.permutation_importance` defines it
/// (Breiman 2001; Fisher, Rudin & Dominici 2019): for feature j and repeat r,
/// I_{j,r} = m(y, f(X)) − m(y, f(X with column j permuted by π_{j,r})) for metrics where larger is
/// better, and the reverse difference for losses.
///
/// By default a *source column* is permuted as a whole, so every design column built from it
/// (one-hot levels, interactions, transforms) moves together; with `perTerm` design columns are
/// permuted one at a time, as scikit-learn does on a design matrix.
///
/// - Fast path: for a `LinearPredictorScorer` the permuted η is η + Δη with Δη the change in the
///   feature's contribution Σⱼ βⱼxⱼ — O(n) per (feature, repeat), no design rebuild or matrix product.
///   For a tree ensemble (`TreeModelScorer`) only the trees that split on the feature are walked again
///   (``TreeFeaturePermutation``), O(n · trees using it). Other scorers (or factors mixing the feature with
///   other columns) are re-scored on a permuted table.
/// - Ties: the linear fast path sums η on a fixed-point grid (resolution ≈ 3.6e-15 of the largest
///   possible |η|), where η − own + moved is exact: rows with the same covariates after a permutation get the
///   same η bit for bit, so an AUC (ties ½) does not depend on rounding, the BLAS library or the CPU. The
///   baseline is computed on the same grid.
/// - Determinism: permutation (j, r) comes from `SeededGenerator(seed:stream:)` with a stream fixed by
///   (j, r), and each (j, r) is computed independently, so results do not depend on the thread count.
/// - Complexity: O(features × repeats × n) plus the metric (unweighted AUC: bucketed, O(n) expected, with the
///   permuted η formed in its counting pass and per-thread scratch memory; weighted AUC: radix sort, O(n)).
/// - Progress: `progress` hears of each finished (feature, repeat), from the worker threads.
package enum PermutationImportance {
    /// The importance of every feature of `scorer` on `data`, which must hold the outcome.
    ///
    /// - Throws: ``ExplainError`` for invalid options or data; the scorer's errors.
    package static func compute(scorer: any Scorer, data: ExplainData, options: ExplanationOptions,
                                progress: ProgressObserver? = nil) throws -> PermutationImportanceResult {
        guard options.repeats >= 1 else { throw ExplainError.invalidOption("\(parameter: .repeats) must be at least 1, got \(options.repeats)") }
        guard let y = data.outcome, let outcomeName = data.outcomeName else {
            throw ExplainError.invalidOption("permutation importance needs an outcome column")
        }
        let n = y.count
        if let m = options.maxRows, m < 1 { throw ExplainError.invalidOption("\(parameter: .maxRows) must be at least 1, got \(m)") }
        let subsample = options.maxRows.map { min($0, n) } ?? n
        let linear = scorer as? any LinearPredictorScorer
        if options.perTerm && linear == nil {
            throw ExplainError.invalidOption("\(parameter: .perTerm) needs a model with a design matrix (a linear-predictor model)")
        }
        let metric = options.metric
        if metric == .qini && data.treatment == nil {
            throw ExplainError.invalidOption("the qini metric needs the treatment of every row (ExplainData.treatment)")
        }
        var link: (@Sendable (Double) -> Double)?
        if let linear { link = { eta in linear.inverseLink(eta) } }

        // Baseline values (η for linear scorers) and one plan per feature.
        let baseValues: [Double]
        var names = [String]()
        var plans = [Plan]()
        var grid: ScoreGrid?
        var pathPlan: (pass: TreePathPermutation, groups: [[Int]], first: TreePathPermutation.PermutedMargins?)?
        let pathShuffle: @Sendable (Int, Int, UnsafeMutableBufferPointer<Double>) -> Void = { [seed = options.seed, repeats = options.repeats] f, r, column in
            var generator = SeededGenerator(seed: seed, stream: Self.stream(feature: f, repeat: r, repeats: repeats, metric: metric))
            generator.shuffle(column)  // the draws of permutation(count:): column[k] becomes the value of row π(k)
        }
        if let linear {
            let x = try linear.design(data.table)
            let beta = linear.coefficients
            // η on a fixed-point grid (see ScoreGrid): the permuted η are then exact, so ties stay ties.
            let columnBounds = Self.columnBounds(x: x, beta: beta)
            let featureGrid = ScoreGrid(bound: columnBounds.reduce(0, +))
            grid = featureGrid
            baseValues = featureGrid.map { Self.gridLinearPredictor(x: x, beta: beta, grid: $0) } ?? LogisticRegressionShim.eta(x: x, beta: beta)
            // ∞ − ∞ from values near the double range: an error, never a NaN ranked as a score.
            if let k = baseValues.firstIndex(where: \.isNaN) { throw ModelError.undefinedScore(designRow: k) }
            let encoding = linear.encoding
            if options.perTerm {
                let terms = encoding.termNames.indices.filter { $0 != encoding.interceptIndex }
                names = terms.map { encoding.termNames[$0] }
                plans = terms.map { j in
                    .linear(LinearContribution(scaledColumn: ScaledColumn(storage: x.storage, offset: j * n, count: n, beta: beta[j]), grid: featureGrid))
                }
            } else {
                // One decomposition per feature, built concurrently (each reads its own design columns).
                let features = linear.featureColumns
                names = features
                let table = data.table
                plans = try Parallel.map(features.indices.map { $0..<($0 + 1) }) { task -> Result<Plan, Error> in
                    Result {
                        let feature = features[task.lowerBound]
                        let columns = encoding.termSources.indices.filter { encoding.termSources[$0].contains(feature) }
                        if let c = try LinearContribution.make(feature: feature, columns: columns, encoding: encoding, beta: beta,
                                                               x: x, table: table, grid: featureGrid, columnBounds: columnBounds) {
                            return .linear(c)
                        }
                        return .rescore(feature)
                    }
                }.map { try $0.get() }
            }
        } else if let tree = scorer as? TreeModelScorer, !options.perTerm, !tree.model.ensemble.hasLinearTerms, subsample >= n,
                  let pass = TreePathPermutation(tree, matrix: try tree.featureMatrix(data.table)) {
            // All rows: one walk per (row, tree) records each feature's interval on the row's path; a permuted
            // value walks again only the trees whose interval it leaves. Features in groups of bounded memory.
            let groups = pass.featureGroups(repeats: options.repeats)
            let first = pass.run(group: groups[0], repeats: options.repeats, shuffle: pathShuffle)
            baseValues = first.margins
            names = tree.featureColumns
            plans = names.map { _ in .treePaths }
            pathPlan = (pass, groups, first.permuted)
            link = { margin in tree.inverseLink(margin) }
        } else if let tree = scorer as? TreeModelScorer, !options.perTerm, !tree.model.ensemble.hasLinearTerms,
                  let prepared = TreeFeaturePermutation.plans(tree, matrix: try tree.featureMatrix(data.table)) {
            // Margins on a grid; a permutation walks only the trees splitting on the permuted feature.
            baseValues = prepared.margins
            names = tree.featureColumns
            plans = prepared.plans.map { .trees($0) }
            link = { margin in tree.inverseLink(margin) }
        } else {
            baseValues = try scorer.scores(data.table)
            names = scorer.featureColumns
            plans = names.map { .rescore($0) }
        }
        let labels = metric == .auc && data.weights == nil ? BinaryLabels(outcomes: y) : nil
        let scratchPool = LockedValue<[PermutationScratch]>([])
        let baseline: Double
        if let labels {
            // Unweighted AUC: the bucketed AUC in pooled scratch memory, whose pages the permutations reuse.
            let auc = PermutationScratch.withScratch(rows: n, pool: scratchPool) { scratch in
                baseValues.withUnsafeBufferPointer {
                    BinaryMetrics.aucBucketed(scores: $0, range: ScoreRange($0), labels: labels, workspace: scratch.auc)
                }
            }
            guard let auc else { throw ExplainError.singleClassOutcome(name: outcomeName, value: y.first ?? 0) }
            baseline = auc
        } else {
            baseline = try metric.evaluate(baseValues, outcomes: y, weights: data.weights, threshold: options.threshold,
                                           inverseLink: link, outcomeName: outcomeName, labels: labels, treatment: data.treatment)
        }

        let repeats = options.repeats
        let tasks = names.count * repeats
        let sign = metric.greaterIsBetter ? 1.0 : -1.0
        let table = data.table
        let weights = data.weights
        let treatment = data.treatment
        let threshold = options.threshold
        let seed = options.seed
        let planList = plans
        // Class row lists for the radix AUC, needed only when the bucketed AUC is not used.
        let classes = metric == .auc && labels == nil
            ? (positives: y.indices.filter { y[$0] == 1 }, negatives: y.indices.filter { y[$0] != 1 }) : nil
        let inverseLink = link
        let scoreGrid = grid
        // Bounds of each feature's permuted η, for the bucketed AUC over all rows (computed once per feature).
        let boundList: [ScoreRange?] = labels != nil && subsample >= n
            ? Parallel.map(planList.indices.map { $0..<($0 + 1) }) { task -> ScoreRange? in
                if case .linear(let c) = planList[task.lowerBound] { return c.permutationBounds(eta: baseValues) }
                return nil
            }
            : planList.map { _ in nil }
        let counter = progress?.start(metric == .qini ? "uplift permutation importance" : "permutation importance", total: tasks, unit: "repeats")
        defer { counter?.finish() }
        // The importance of (feature f, repeat r); `precomputed`: the permuted values of the tree path pass.
        let importance: @Sendable (Int, Int, [Double]?) throws -> Double = { f, r, precomputed in
            let all = subsample >= n
            let rows = all ? [] : subsampleRows(n: n, m: subsample, seed: seed, feature: f)
            let count = all ? n : rows.count
            var generator = SeededGenerator(seed: seed, stream: Self.stream(feature: f, repeat: r, repeats: repeats, metric: metric))
            let permuted: [Double]
            switch planList[f] {
            case .treePaths:
                guard let precomputed else { preconditionFailure("a tree path plan's permuted margins come from its group's pass") }
                permuted = precomputed
            case .linear(let c):
                if all, let labels, let bounds = boundList[f],
                   let value = try bucketedAUC(c, bounds: bounds, eta: baseValues, labels: labels, generator: &generator,
                                               pool: scratchPool, outcomeName: outcomeName, y: y) {
                    return sign * (baseline - value)
                }
                if all, let fast = c.permutedAllRows(eta: baseValues, generator: &generator) {
                    permuted = fast
                } else {
                    permuted = c.permuted(eta: baseValues, rows: all ? nil : rows, permutation: generator.permutation(count: count))
                }
            case .trees(let plan):
                permuted = plan.permuted(margins: baseValues, rows: all ? nil : rows, permutation: generator.permutation(count: count))
            case .rescore(let feature):
                let permutation = generator.permutation(count: count)
                let sub = all ? table : try table.gathering(rows: rows, columns: table.columnNames)
                let column = try sub.column(named: feature).gathering(permutation)
                let shuffled = try sub.replacing(feature, with: column)
                if let linear {
                    let x = try linear.design(shuffled)
                    let beta = linear.coefficients
                    if let grid = scoreGrid, grid.holds(Self.columnBounds(x: x, beta: beta).reduce(0, +)) {
                        permuted = Self.gridLinearPredictor(x: x, beta: beta, grid: grid)
                    } else {
                        permuted = LogisticRegressionShim.eta(x: x, beta: beta)
                    }
                } else {
                    permuted = try scorer.scores(shuffled)
                }
            }
            let value = try metric.evaluate(permuted, outcomes: all ? y : rows.map { y[$0] },
                                            weights: all ? weights : weights.map { w in rows.map { w[$0] } },
                                            threshold: threshold, inverseLink: inverseLink, outcomeName: outcomeName,
                                            classes: all ? classes : nil, labels: all ? labels : nil,
                                            treatment: all ? treatment : treatment.map { t in rows.map { t[$0] } })
            return sign * (baseline - value)
        }
        let results: [Result<Double, Error>]
        if var plan = pathPlan {
            // One group's permuted margins alive at a time.
            pathPlan = nil
            var first = plan.first
            plan.first = nil
            var collected = [Result<Double, Error>?](repeating: nil, count: tasks)
            for group in plan.groups {
                let permuted = first ?? plan.pass.run(group: group, repeats: repeats, shuffle: pathShuffle).permuted
                first = nil
                let groupResults = Parallel.map((0..<(group.count * repeats)).map { $0..<($0 + 1) }) { task -> Result<Double, Error> in
                    defer { counter?.advance() }
                    return Result { try importance(group[task.lowerBound / repeats], task.lowerBound % repeats, permuted.slot(task.lowerBound)) }
                }
                for (k, result) in groupResults.enumerated() { collected[group[k / repeats] * repeats + k % repeats] = result }
            }
            results = collected.map { $0! }
        } else {
            results = Parallel.map((0..<tasks).map { $0..<($0 + 1) }) { range -> Result<Double, Error> in
                defer { counter?.advance() }
                return Result { try importance(range.lowerBound / repeats, range.lowerBound % repeats, nil) }
            }
        }
        var features = [FeatureImportance]()
        for (f, name) in names.enumerated() {
            let values = try (0..<repeats).map { try results[f * repeats + $0].get() }
            let mean = values.reduce(0, +) / Double(repeats)
            let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(repeats)
            features.append(FeatureImportance(feature: name, mean: mean, std: variance.squareRoot(), values: values))
        }
        let order = features.indices.sorted { features[$0].mean != features[$1].mean ? features[$0].mean > features[$1].mean : $0 < $1 }
        return PermutationImportanceResult(metric: metric.rawValue, repeats: repeats, baseline: baseline,
                                           permutationImportance: order.map { features[$0] }, rows: n, perTerm: options.perTerm)
    }

    /// The random stream of permutation (feature f, repeat r): (f << 24) | r, or f · repeats + r for the
    /// Qini metric (the layout uplift importance has always used, so its published numbers stay the same).
    static func stream(feature f: Int, repeat r: Int, repeats: Int, metric: ImportanceMetric) -> UInt64 {
        metric == .qini ? UInt64(f * repeats + r) : (UInt64(f) << 24) | UInt64(r)
    }

    /// The fastest path, for an unweighted AUC over all rows of a feature with only an additive part: the
    /// contribution shuffled into reused scratch memory, then the bucketed AUC of η + (moved − own), which
    /// forms the permuted η in its counting pass. Nil when the feature has interaction parts (the caller
    /// takes the general path).
    static func bucketedAUC(_ c: LinearContribution, bounds: ScoreRange, eta: [Double], labels: BinaryLabels,
                            generator: inout SeededGenerator, pool: LockedValue<[PermutationScratch]>,
                            outcomeName: String, y: [Double]) throws -> Double? {
        let auc: Double?? = PermutationScratch.withScratch(rows: eta.count, pool: pool) { scratch in
            guard let scale = c.shuffledAdditive(generator: &generator, into: scratch.scores) else { return nil }
            return eta.withUnsafeBufferPointer { base in
                c.withAdditive { own, _ in
                    BinaryMetrics.aucBucketed(base: base, moved: scratch.scores, own: own, scale: scale, grid: c.grid,
                                              bounds: bounds, labels: labels, workspace: scratch.auc)
                }
            }
        }
        guard let result = auc else { return nil }
        guard let value = result else { throw ExplainError.singleClassOutcome(name: outcomeName, value: y.first ?? 0) }
        return value
    }

    /// |βⱼ| · maxᵢ |xᵢⱼ| for every design column j: their sum bounds |η| of any row, permuted or not.
    static func columnBounds(x: Matrix, beta: [Double]) -> [Double] {
        let n = x.rows
        return x.storage.withUnsafeBufferPointer { s in
            (0..<x.columns).map { j -> Double in
                var largest = 0.0
                for i in 0..<n { largest = max(largest, abs(s[j * n + i])) }
                return abs(beta[j]) * largest
            }
        }
    }

    /// ηᵢ = Σⱼ g(xᵢⱼ·βⱼ) with g snapping to `grid`: exact grid arithmetic, so the sum does not depend on
    /// the order of the terms and equals, bit for bit, η − own + moved for any swapped feature.
    /// `grid` must hold the sum of ``columnBounds(x:beta:)``.
    static func gridLinearPredictor(x: Matrix, beta: [Double], grid: ScoreGrid) -> [Double] {
        let n = x.rows, p = x.columns
        let parts = Parallel.map(Parallel.chunks(count: n)) { range -> [Double] in
            var eta = [Double](repeating: 0, count: range.count)
            x.storage.withUnsafeBufferPointer { xb in
                eta.withUnsafeMutableBufferPointer { e in
                    for j in 0..<p {
                        let coefficient = beta[j]
                        let column = xb.baseAddress! + j * n + range.lowerBound
                        for i in 0..<range.count { e[i] += grid.snap(column[i] * coefficient) }
                    }
                }
            }
            return eta
        }
        return parts.count == 1 ? parts[0] : parts.flatMap { $0 }
    }

    enum Plan: Sendable {
        case linear(LinearContribution)
        case trees(TreeFeaturePermutation)
        /// Computed by ``TreePathPermutation`` before the metric.
        case treePaths
        case rescore(String)
    }

    /// Rows used for feature `f`: all rows, or `m` drawn without replacement (partial Fisher–Yates) in ascending order.
    static func subsampleRows(n: Int, m: Int, seed: UInt64, feature f: Int) -> [Int] {
        guard m < n else { return Array(0..<n) }
        var generator = SeededGenerator(seed: seed, stream: (1 << 62) | UInt64(f))
        var pool = Array(0..<n)
        for i in 0..<m { pool.swapAt(i, i + generator.nextInt(below: n - i)) }
        return pool[0..<m].sorted()
    }
}

