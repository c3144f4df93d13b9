import Foundation
import GlassboxCore
import GlassboxLinearAlgebra

extension LookalikeModel {
    /// Fits the model to a design matrix and a seed indicator per row.
    ///
    /// - `logistic`: g(x) = P(s = 1 | x) by logistic regression of seed on the features.
    /// - `pu` (Elkan & Noto 2008, "Learning classifiers from only positive and unlabeled data", KDD):
    ///   a seeded, stratified share `holdout` of the rows (that share of the seeds and of the rest) is
    ///   set aside; on the other rows g(x) = P(s = 1 | x) = c·σ(xᵀβ) is fitted by maximum likelihood
    ///   (`ScaledLogisticRegression`; Ward et al. 2009, Jaskie & Spanias 2019), started from the
    ///   ordinary logistic fit; ĉ = σ(θ̂) with its delta-method standard error; scores are
    ///   P(y = 1 | x) = σ(xᵀβ̂) = ĝ(x)/ĉ; the implied positive share is P(s = 1)/ĉ. Elkan & Noto's e₁ =
    ///   (1/|P_h|)·Σ_{x∈P_h} ĝ(x) over the held-out seeds is reported too: it estimates
    ///   c·E[P(y = 1 | x) | y = 1], so it equals c only for separable classes.
    /// - `pu` with `bagging` = T > 0 (Mordelet & Vert 2014, "A bagging SVM to learn from positive and
    ///   unlabeled examples", Pattern Recognition Letters 37): T logistic classifiers f_t, each of all
    ///   seeds against a bootstrap sample U_t (with replacement) of K non-seed rows (K = ``bagSize``,
    ///   default the number of seeds). ``LookalikeFit/score(_:)`` (new data) is the paper's inductive
    ///   aggregate (1/T)·Σₜ f_t(x); training rows are scored out of bag by
    ///   ``fitWithTrainingScores(x:termNames:interceptIndex:seeds:)`` (the paper's transductive rule).
    /// - `similarity`: cosine similarity of standardised, unit-length feature vectors (every level of a
    ///   categorical one-hot coded) to the seed centroid, or the mean of the K largest similarities to the seeds.
    /// `progress` hears of each bagging round (bagging PU) or each Newton iteration (logistic, pu).
    /// `x` is a matrix in memory or a design cache (``MappedDesign``, the same fit bit for bit); from a cache
    /// only `logistic` and bagging `pu` are fitted (``notStreamed``).
    package func fit<Design: UpliftArmDesign>(x: Design, termNames: [String], interceptIndex: Int?, seeds: [Bool],
                                              progress: ProgressObserver? = nil) throws -> LookalikeFit {
        guard seeds.count == x.rows else { throw ModelError.dimensionMismatch("\(seeds.count) seed flags for \(x.rows) rows") }
        let seedCount = seeds.reduce(0) { $0 + ($1 ? 1 : 0) }
        guard seedCount > 0 else { throw ModelError.noSeeds(column: "seed", rows: x.rows) }
        guard seedCount < x.rows else { throw ModelError.everyRowSeed(column: "seed", rows: x.rows) }
        try Self.rejectConstantColumns(x, termNames: termNames, interceptIndex: interceptIndex)
        var result = LookalikeFit(method: method, terms: termNames, rowCount: x.rows, seedCount: seedCount, classifiers: [],
                                  labelFrequency: nil, heldOutSeeds: nil, positiveShare: nil, similarity: nil, warnings: [])
        let classifier = LogisticRegression(penalty: penalty, hasIntercept: interceptIndex == 0)
        let y = seeds.map { $0 ? 1.0 : 0.0 }
        switch method {
        case .similarity:
            if let k, k < 1 { throw ModelError.invalidSetting("\(parameter: .k) must be at least 1, got \(k)") }
            guard let x = x.inMemory else { throw ModelError.unsupportedOption(Self.notStreamed) }
            result.similarity = try SimilarityIndex.fit(x: x, termNames: termNames, interceptIndex: interceptIndex, seeds: seeds, k: k)
        case .logistic:
            let fit = try classifier.fit(design: x, y: y, termNames: termNames, responseName: "seed", progress: progress)
            result.classifiers = [Self.coefficients(fit)]
            result.warnings = fit.warnings
        case .pu where bagging > 0:
            try fitBagging(x: x, termNames: termNames, seeds: seeds, classifier: classifier, into: &result, progress: progress)
        case .pu:
            guard let x = x.inMemory else { throw ModelError.unsupportedOption(Self.notStreamed) }
            guard holdout > 0, holdout < 1 else { throw ModelError.invalidSetting("\(parameter: .holdout) must be in (0, 1), got \(holdout)") }
            var rng = SeededGenerator(seed: randomSeed)
            let (kept, heldOut) = Self.stratifiedSplit(seeds, share: holdout, rng: &rng)
            let heldSeeds = heldOut.filter { seeds[$0] }
            guard !heldSeeds.isEmpty, kept.contains(where: { seeds[$0] }) else {
                throw ModelError.tooFewSeedsToHoldOut(seeds: seedCount, share: holdout)
            }
            let keptX = Self.rows(x, kept), keptY = kept.map { y[$0] }
            let start = try classifier.fit(x: keptX, y: keptY, termNames: termNames, responseName: "seed", progress: progress)
            // Separation (a level with no seed, or only seeds, among the kept rows) leaves the SCAR
            // likelihood without a finite maximum unless a ridge penalty holds it: the coefficient runs
            // off, or Newton fails on a singular information matrix. Either way it is named, with the L2 penalty as the remedy.
            let separated = Self.separatedTerms(keptX, y: keptY, termNames: termNames, interceptIndex: interceptIndex)
            let scar: (beta: [Double?], fit: ScaledLogisticFit)
            do {
                scar = try Self.scaledLogistic(x: keptX, y: keptY, start: Self.coefficients(start), penalty: penalty,
                                               hasIntercept: interceptIndex == 0)
            } catch let error as ModelError {
                if !separated.isEmpty { throw ModelError.separation(terms: separated.map(\.term), allSeeds: separated.map(\.allSeeds)) }
                throw error
            }
            let beta = scar.beta
            let c = scar.fit.labelFrequency
            // Elkan & Noto's e₁ with ĝ = ĉ·σ(xᵀβ̂), kept as a diagnostic (it is below c when classes overlap).
            let g = LogisticRegression.linearPredictor(x: Self.rows(x, heldSeeds), beta: beta.map { $0 ?? 0 }).map { c * logistic($0) }
            result.classifiers = [beta]
            result.labelFrequency = c
            result.labelFrequencyStandardError = scar.fit.labelFrequencyStandardError.isFinite ? scar.fit.labelFrequencyStandardError : nil
            result.labelFrequencyHeldOut = g.reduce(0, +) / Double(g.count)
            result.heldOutSeeds = heldSeeds.count
            result.positiveShare = min(1, Double(seedCount) / Double(x.rows) / c)
            result.warnings = start.warnings
            if case .none = penalty, !separated.isEmpty {
                result.warnings.append(ModelError.separationWarning(terms: separated.map(\.term), allSeeds: separated.map(\.allSeeds)))
            }
            if !scar.fit.converged {
                result.warnings.append("the scaled-logistic (SCAR) fit did not converge in \(scar.fit.iterations) iterations")
            }
            if scar.fit.labelFrequency > 1 - 1e-6 {
                result.warnings.append("the maximum-likelihood label frequency is at its bound 1: c is not identified from these data (no region where the positive class is nearly certain)")
            }
            if Double(seedCount) / Double(x.rows) / c > 1 {
                result.warnings.append("the implied share of positives exceeds 1 (ĉ = \(c) is too small): the PU assumptions do not hold")
            }
        }
        return result
    }

    /// A seeded split keeping the same share of seeds and non-seeds on each side: (kept, held out), each in row order.
    package static func stratifiedSplit(_ seeds: [Bool], share: Double, rng: inout SeededGenerator) -> ([Int], [Int]) {
        var held = [Bool](repeating: false, count: seeds.count)
        for flag in [true, false] {
            var members = seeds.indices.filter { seeds[$0] == flag }
            rng.shuffle(&members)
            let count = Int((share * Double(members.count)).rounded())
            for i in members.prefix(count) { held[i] = true }
        }
        return (seeds.indices.filter { !held[$0] }, seeds.indices.filter { held[$0] })
    }

    /// The scaled-logistic (SCAR) fit on the non-aliased columns, started from the ordinary logistic
    /// fit g: for small g, c·σ(η) ≈ σ(η + log c), so the start is β_g with the intercept raised by
    /// −log c₀, and c₀ = mean g over the labelled rows (Elkan & Noto's biased e₁), kept in [0.05, 0.95].
    static func scaledLogistic(x: Matrix, y: [Double], start: [Double?], penalty: Penalty,
                               hasIntercept: Bool) throws -> (beta: [Double?], fit: ScaledLogisticFit) {
        let lambda: Double
        switch penalty {
        case .none: lambda = 0
        case .l2(let l): lambda = l
        case .l1: throw ModelError.invalidSetting("\(parameter: .method) pu (Elkan–Noto) supports no penalty or an L2 penalty, not L1")
        }
        let active = start.indices.filter { start[$0] != nil }
        let design = active.count == x.columns ? x : x.selectingColumns(active)
        var beta = active.map { start[$0]! }
        let eta = LogisticRegression.linearPredictor(x: design, beta: beta)
        var labelled = 0.0, count = 0.0
        for i in eta.indices where y[i] == 1 { labelled += logistic(eta[i]); count += 1 }
        let c0 = min(0.95, max(0.05, labelled / max(1, count)))
        let keepsIntercept = hasIntercept && active.first == 0
        if keepsIntercept { beta[0] -= log(c0) }
        let fit = try ScaledLogisticRegression(l2: lambda, hasIntercept: keepsIntercept).fit(x: design, y: y, start: beta, startLabelFrequency: c0)
        var full = [Double?](repeating: nil, count: x.columns)
        for (k, j) in active.enumerated() { full[j] = fit.coefficients[k] }
        return (full, fit)
    }

    /// Design columns (the intercept excepted) whose non-zero rows are all seeds or all non-seeds:
    /// quasi-complete separation, under which the maximum-likelihood coefficient is infinite. Each
    /// entry is the term and whether its rows are all seeds.
    static func separatedTerms(_ x: Matrix, y: [Double], termNames: [String], interceptIndex: Int?) -> [(term: String, allSeeds: Bool)] {
        var out = [(term: String, allSeeds: Bool)]()
        for j in 0..<x.columns where j != interceptIndex {
            var seeds = 0, others = 0
            for i in 0..<x.rows where x[i, j] != 0 {
                if y[i] == 1 { seeds += 1 } else { others += 1 }
                if seeds > 0 && others > 0 { break }
            }
            if seeds + others > 0 && (seeds == 0 || others == 0) {
                out.append((j < termNames.count ? termNames[j] : "column \(j)", others == 0))
            }
        }
        return out
    }

    static func coefficients(_ fit: LogisticFit) -> [Double?] {
        fit.estimates.map { $0.isNaN ? nil : $0 }
    }

    static func rows(_ x: Matrix, _ rows: [Int]) -> Matrix { UpliftDesign.selectingRows(x, rows) }

    /// A feature column with a single value cannot be standardised and makes a logistic fit aliased.
    static func rejectConstantColumns(_ x: some ColumnMajorDesign, termNames: [String], interceptIndex: Int?) throws {
        for j in 0..<x.columns where j != interceptIndex {
            let constant = x.withColumnMajor { storage in
                let column = storage + j * x.rows
                for i in 1..<max(1, x.rows) where column[i] != column[0] { return false }
                return true
            }
            x.release(rows: 0..<x.rows, columns: j..<(j + 1))
            if constant { throw ModelError.constantFeature(term: termNames[j]) }
        }
    }
}
