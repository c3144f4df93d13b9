import GlassboxCore
import LinearAlgebra

extension LookalikeModel {
    /// Fits the model to a design matrix and a seed indicator per row.
    ///
    /// - `logistic`: g(x) = P(s = 1 | x) by logistic regression of seed on the features.
    /// - `pu` (Elkan & Noto 2008, "Learning classifiers from only positive and unlabeled data", KDD):
    ///   a seeded, stratified share `holdout` of the rows (that share of the seeds and of the rest) is
    ///   set aside; g is fitted on the other rows; ĉ = (1/|P_h|)·Σ_{x∈P_h} g(x) over the held-out seeds
    ///   (their estimator e₁); scores are P(y = 1 | x) = g(x)/ĉ clipped to [0, 1], and the implied
    ///   positive share is P(s = 1)/ĉ.
    /// - `pu` with `bagging` = T > 0 (Mordelet & Vert 2014, "A bagging SVM to learn from positive and
    ///   unlabeled examples", Pattern Recognition Letters 37): T logistic classifiers, each of all seeds
    ///   against a bootstrap sample (with replacement) of as many non-seed rows as there are seeds;
    ///   the score is the mean of their probabilities (the paper aggregates out-of-bag; here every
    ///   classifier scores every row, so new data are scored the same way).
    /// - `similarity`: see ``SimilarityIndex``.
    public func fit(x: Matrix, termNames: [String], interceptIndex: Int?, seeds: [Bool]) throws -> LookalikeFit {
        guard seeds.count == x.rows else { throw ModelError.dimensionMismatch("\(seeds.count) seed flags for \(x.rows) rows") }
        let seedCount = seeds.reduce(0) { $0 + ($1 ? 1 : 0) }
        guard seedCount > 0 else { throw LookalikeError.noSeeds(column: "seed", rows: x.rows) }
        guard seedCount < x.rows else { throw LookalikeError.everyRowSeed(column: "seed", rows: x.rows) }
        try Self.rejectConstantColumns(x, termNames: termNames, interceptIndex: interceptIndex)
        var result = LookalikeFit(method: method, terms: termNames, rowCount: x.rows, seedCount: seedCount, classifiers: [],
                                  labelFrequency: nil, heldOutSeeds: nil, positiveShare: nil, similarity: nil, warnings: [])
        let classifier = LogisticRegression(penalty: penalty, hasIntercept: interceptIndex == 0)
        let y = seeds.map { $0 ? 1.0 : 0.0 }
        switch method {
        case .similarity:
            if let k, k < 1 { throw LookalikeError.invalidSetting("--k must be at least 1, got \(k)") }
            result.similarity = try SimilarityIndex.fit(x: x, termNames: termNames, interceptIndex: interceptIndex, seeds: seeds, k: k)
        case .logistic:
            let fit = try classifier.fit(x: x, y: y, termNames: termNames, responseName: "seed")
            result.classifiers = [Self.coefficients(fit)]
            result.warnings = fit.warnings
        case .pu where bagging > 0:
            var rng = SeededGenerator(seed: randomSeed)
            let positives = seeds.indices.filter { seeds[$0] }
            let unlabelled = seeds.indices.filter { !seeds[$0] }
            let labels = [Double](repeating: 1, count: positives.count) + [Double](repeating: 0, count: positives.count)
            for _ in 0..<bagging {
                let drawn = (0..<positives.count).map { _ in unlabelled[rng.nextInt(below: unlabelled.count)] }
                let fit = try classifier.fit(x: Self.rows(x, positives + drawn), y: labels, termNames: termNames, responseName: "seed")
                result.classifiers.append(Self.coefficients(fit))
                if !fit.converged { result.warnings.append("a bagging round did not converge") }
            }
        case .pu:
            guard holdout > 0, holdout < 1 else { throw LookalikeError.invalidSetting("--holdout must be in (0, 1), got \(holdout)") }
            var rng = SeededGenerator(seed: randomSeed)
            let (kept, heldOut) = Self.stratifiedSplit(seeds, share: holdout, rng: &rng)
            let heldSeeds = heldOut.filter { seeds[$0] }
            guard !heldSeeds.isEmpty, kept.contains(where: { seeds[$0] }) else {
                throw LookalikeError.tooFewSeedsToHoldOut(seeds: seedCount, share: holdout)
            }
            let fit = try classifier.fit(x: Self.rows(x, kept), y: kept.map { y[$0] }, termNames: termNames, responseName: "seed")
            let beta = Self.coefficients(fit)
            let g = LogisticRegression.linearPredictor(x: Self.rows(x, heldSeeds), beta: beta.map { $0 ?? 0 }).map(logistic)
            let c = g.reduce(0, +) / Double(g.count)
            result.classifiers = [beta]
            result.labelFrequency = c
            result.heldOutSeeds = heldSeeds.count
            result.positiveShare = min(1, Double(seedCount) / Double(x.rows) / c)
            result.warnings = fit.warnings
            if Double(seedCount) / Double(x.rows) / c > 1 {
                result.warnings.append("the implied share of positives exceeds 1 (ĉ = \(c) is too small): the PU assumptions do not hold")
            }
        }
        return result
    }

    /// A seeded split keeping the same share of seeds and non-seeds on each side: (kept, held out), each in row order.
    public static func stratifiedSplit(_ seeds: [Bool], share: Double, rng: inout SeededGenerator) -> ([Int], [Int]) {
        var held = [Bool](repeating: false, count: seeds.count)
        for flag in [true, false] {
            var members = seeds.indices.filter { seeds[$0] == flag }
            rng.shuffle(&members)
            let count = Int((share * Double(members.count)).rounded())
            for i in members.prefix(count) { held[i] = true }
        }
        return (seeds.indices.filter { !held[$0] }, seeds.indices.filter { held[$0] })
    }

    static func coefficients(_ fit: LogisticFit) -> [Double?] {
        fit.estimates.map { $0.isNaN ? nil : $0 }
    }

    static func rows(_ x: Matrix, _ rows: [Int]) -> Matrix { UpliftDesign.selectingRows(x, rows) }

    /// A feature column with a single value cannot be standardised and makes a logistic fit aliased.
    static func rejectConstantColumns(_ x: Matrix, termNames: [String], interceptIndex: Int?) throws {
        for j in 0..<x.columns where j != interceptIndex {
            let base = j * x.rows
            let first = x.storage[base]
            var constant = true
            for i in 1..<max(1, x.rows) where x.storage[base + i] != first { constant = false; break }
            if constant { throw LookalikeError.constantFeature(term: termNames[j]) }
        }
    }
}
