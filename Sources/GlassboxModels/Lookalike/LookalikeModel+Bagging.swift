import GlassboxCore
import GlassboxLinearAlgebra

/// Training-set scores of a lookalike fit: out of bag for bagging PU, else the model's own scores.
package struct LookalikeTrainingScores: Sendable, Equatable {
    /// One score per training row.
    public var scores: [Double]
    /// Bagging PU: per row, the number of rounds whose classifier scored it out of bag (0 for seeds,
    /// which are in every round). Empty for the other methods.
    public var outOfBagRounds: [Int]
    /// Bagging PU: non-seed rows drawn in every round (no out-of-bag score; they get the all-rounds mean).
    public var neverOutOfBag: Int
}

extension LookalikeModel {
    /// K of the bagging rounds for `seedCount` seeds: ``bagSize``, else the number of seeds.
    package func resolvedBagSize(seedCount: Int) -> Int { bagSize ?? seedCount }

    /// The bootstrap samples of the bagging PU classifier: for each of the ``bagging`` rounds, the
    /// K = ``resolvedBagSize(seedCount:)`` non-seed row indices drawn uniformly with replacement, in
    /// draw order. They depend only on ``randomSeed`` and the seed flags (one ``SeededGenerator``
    /// drawn in sequence), so they can be drawn again from a model file to recompute out-of-bag
    /// scores, and they do not depend on the thread count.
    package func baggingDraws(seeds: [Bool]) throws -> [[Int]] {
        let unlabelled = seeds.indices.filter { !seeds[$0] }
        let k = resolvedBagSize(seedCount: seeds.count - unlabelled.count)
        guard k >= 1 else { throw ModelError.invalidSetting("\(parameter: .bagSize) must be at least 1, got \(k)") }
        guard !unlabelled.isEmpty else { throw ModelError.everyRowSeed(column: "seed", rows: seeds.count) }
        var rng = SeededGenerator(seed: randomSeed)
        return (0..<bagging).map { _ in (0..<k).map { _ in unlabelled[rng.nextInt(below: unlabelled.count)] } }
    }

    /// Fits the model and scores its training rows. For bagging PU the training scores are out of
    /// bag (``LookalikeFit/outOfBagScores(x:seeds:draws:)``); for the other methods they are
    /// ``LookalikeFit/score(_:)`` of the training design.
    package func fitWithTrainingScores(x: Matrix, termNames: [String], interceptIndex: Int?, seeds: [Bool],
                                      progress: ProgressObserver? = nil) throws -> (fit: LookalikeFit, training: LookalikeTrainingScores) {
        let fit = try self.fit(x: x, termNames: termNames, interceptIndex: interceptIndex, seeds: seeds, progress: progress)
        if method == .pu && bagging > 0 {
            return (fit, fit.outOfBagScores(x: x, seeds: seeds, draws: try baggingDraws(seeds: seeds)))
        }
        return (fit, LookalikeTrainingScores(scores: try fit.score(x), outOfBagRounds: [], neverOutOfBag: 0))
    }

    /// The bagging PU classifier of Mordelet & Vert (2014, "A bagging SVM to learn from positive and
    /// unlabeled examples", Pattern Recognition Letters 37, 201–209) with logistic regression as the
    /// base learner: round t fits all seeds P (label 1) against the bootstrap sample U_t of K
    /// non-seed rows (label 0; a row drawn twice counts twice). Sets the classifiers, K and the
    /// count of rows never out of bag.
    func fitBagging<Design: UpliftArmDesign>(x: Design, termNames: [String], seeds: [Bool], classifier: LogisticRegression,
                    into result: inout LookalikeFit, progress: ProgressObserver? = nil) throws {
        let positives = seeds.indices.filter { seeds[$0] }
        let draws = try baggingDraws(seeds: seeds)
        let k = resolvedBagSize(seedCount: positives.count)
        let labels = [Double](repeating: 1, count: positives.count) + [Double](repeating: 0, count: k)
        let counter = progress?.start("bagging PU", total: draws.count, unit: "rounds")
        defer { counter?.finish() }
        for drawn in draws {
            defer { counter?.advance() }
            let fit = try classifier.fit(design: try x.selectingRows(positives + drawn), y: labels, termNames: termNames, responseName: "seed")
            result.classifiers.append(Self.coefficients(fit))
            if !fit.converged { result.warnings.append("a bagging round did not converge") }
        }
        result.bagSize = k
        var everyRound = [Int](repeating: 0, count: x.rows)
        for drawn in draws { for i in Set(drawn) { everyRound[i] += 1 } }
        let never = everyRound.indices.filter { !seeds[$0] && everyRound[$0] == draws.count }.count
        result.rowsNeverOutOfBag = never
        if never > 0 {
            result.warnings.append("\(never) non-seed rows were drawn in every bagging round and have no out-of-bag score (more rounds, or a smaller bagSize, avoid this)")
        }
    }
}

extension LookalikeFit {
    /// Out-of-bag training scores of a bagging PU fit (Mordelet & Vert 2014, transductive algorithm):
    /// a non-seed row u gets s(u) = Σ_{t: u ∉ U_t} f_t(u) / |{t: u ∉ U_t}|, the mean probability of
    /// the rounds whose bootstrap sample U_t did not contain it, so no classifier scores a row it was
    /// trained on as a negative. The paper scores only the unlabelled set this way; seeds are in every
    /// round's training set and have no out-of-bag score, so they get the inductive classifier
    /// (1/T)·Σₜ f_t(x), the paper's aggregate for new data and what ``score(_:)`` returns. A non-seed
    /// row drawn in every round also falls back to that mean, and is counted in `LookalikeTrainingScores/neverOutOfBag`.
    /// Rounds are summed in order, so the result does not depend on the thread count. O(T·n·p).
    /// - Parameters:
    ///   - draws: ``LookalikeModel/baggingDraws(seeds:)`` of the fitted model, same rows and seeds.
    package func outOfBagScores(x: Matrix, seeds: [Bool], draws: [[Int]]) -> LookalikeTrainingScores {
        let n = x.rows
        var all = [Double](repeating: 0, count: n), outOfBag = [Double](repeating: 0, count: n)
        var rounds = [Int](repeating: 0, count: n)
        var inBag = [Bool](repeating: false, count: n)
        for (beta, drawn) in zip(classifiers, draws) {
            for i in drawn { inBag[i] = true }
            let eta = LogisticRegression.linearPredictor(x: x, beta: beta.map { $0 ?? 0 })
            for i in 0..<n {
                let p = logistic(eta[i])
                all[i] += p
                if !seeds[i] && !inBag[i] { outOfBag[i] += p; rounds[i] += 1 }
            }
            for i in drawn { inBag[i] = false }
        }
        let scale = 1 / Double(classifiers.count)   // the same arithmetic as score(_:)
        var never = 0
        var scores = [Double](repeating: 0, count: n)
        for i in 0..<n {
            if rounds[i] > 0 {
                scores[i] = outOfBag[i] / Double(rounds[i])
            } else {
                if !seeds[i] { never += 1 }
                scores[i] = all[i] * scale
            }
        }
        return LookalikeTrainingScores(scores: scores, outOfBagRounds: rounds, neverOutOfBag: never)
    }
}
