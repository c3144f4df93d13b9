import GlassboxCore
import GlassboxTabular

/// A term of a lookalike model's explanation (``LookalikeModelFile/explanation(of:)``) as JSON.
package struct LookalikeContribution: Sendable, Equatable, Codable {
    /// The design term (`age`, `party[REP]`) or, for `similarity`, the standardised feature.
    package var term: String
    /// The mean coefficient (log-odds) or the mean similarity contribution; nil for a term aliased
    /// in every round (``LookalikeInspection/coefficients``), which JSON leaves out, as `inspect` does.
    package var value: Double?

    package init(term: String, value: Double?) {
        self.term = term
        self.value = value
    }
}

extension LookalikeModelFile {
    /// The design of `table` in the model's own coding (one-hot for a one-hot `similarity` file,
    /// treatment coding otherwise) with the seed flags of `seedColumn` (default: the model's), for a
    /// refit such as ``recovery(_:holdout:size:randomSeed:progress:)``.
    /// `onWarning` as in ``LookalikeDesign/init(_:formula:seedColumn:oneHot:onWarning:)``.
    package func design(of table: Table, seedColumn: String? = nil, onWarning: ((String) -> Void)? = nil) throws -> LookalikeDesign {
        try LookalikeDesign(table, formula: formula, seedColumn: seedColumn ?? self.seedColumn, oneHot: fit.similarity?.coding == .oneHot,
                            onWarning: onWarning)
    }

    /// The recovery check (``LookalikeEvaluation``): the model's method refitted on `table` (in the
    /// model's coding, with the seed flags of `seedColumn`, default the model's) with a seeded `holdout`
    /// share of its seeds hidden, and the hidden seeds ranked among the candidates with an audience of the
    /// top `size` share. `onWarning` hears the design's warnings (dropped rows…). Throws ``ModelError``
    /// for an unusable seed column or feature, and ``ModelError/kTooLarge(k:seeds:)`` when K-nearest
    /// similarity needs more seeds than the refit keeps.
    public func recovery(on table: Table, seedColumn: String? = nil, holdout: Double = 0.2, size: Double = 0.1,
                         randomSeed: UInt64 = 1, onWarning: ((String) -> Void)? = nil,
                         progress: ProgressObserver? = nil) throws -> LookalikeEvaluation {
        try recovery(try design(of: table, seedColumn: seedColumn, onWarning: onWarning), holdout: holdout, size: size,
                     randomSeed: randomSeed, progress: progress)
    }

    /// ``recovery(on:seedColumn:holdout:size:randomSeed:onWarning:progress:)`` on a prepared design.
    package func recovery(_ prepared: LookalikeDesign, holdout: Double = 0.2, size: Double = 0.1, randomSeed: UInt64 = 1,
                         progress: ProgressObserver? = nil) throws -> LookalikeEvaluation {
        let training = Int((1 - holdout) * Double(prepared.seedCount))
        if let k = options.k, k > training { throw ModelError.kTooLarge(k: k, seeds: training) }
        return try LookalikeEvaluation.run(model, x: prepared.design.x, termNames: prepared.encoding.termNames,
                                           interceptIndex: prepared.encoding.interceptIndex, seeds: prepared.seeds,
                                           holdout: holdout, size: size, seed: randomSeed, progress: progress)
    }

    /// The model's scores of every row of `table`, with the seed flags of `seedColumn` (default: the
    /// model's) when the table has it: the inductive model (for bagging PU the mean of every round),
    /// except that a bagging-PU model's own training data — `dataSHA256` is the digest its manifest
    /// records, and the seed column, rows and seed count are the training ones — is scored out of bag,
    /// Mordelet & Vert's transductive rule (the bootstrap draws are regenerated from the model's seed).
    /// `onWarning` hears the design warnings of that training-data check. A score that is not a number
    /// is ``ModelError/undefinedScoreAtRow(row:)`` naming the table row.
    public func audienceScores(on table: Table, seedColumn: String? = nil, dataSHA256: String? = nil,
                               onWarning: ((String) -> Void)? = nil) throws -> LookalikeScores {
        let column = seedColumn ?? self.seedColumn
        guard let prepared = try trainingDesign(of: table, seedColumn: column, dataSHA256: dataSHA256, onWarning: onWarning),
              let dataSHA256 else {
            return try inductiveScores(on: table, seedColumn: column)
        }
        return try trainingScores(on: table, dataSHA256: dataSHA256, prepared: prepared)
    }

    /// The design of `table` when it may be this bagging-PU model's training data (same data digest,
    /// the model's seed column present), for scoring out of bag; nil otherwise.
    package func trainingDesign(of table: Table, seedColumn column: String, dataSHA256: String?,
                                onWarning: ((String) -> Void)?) throws -> LookalikeDesign? {
        guard options.bagging > 0, let dataSHA256, dataSHA256 == manifest.data?.sha256, column == seedColumn,
              table.hasColumn(column) else { return nil }
        return try design(of: table, seedColumn: column, onWarning: onWarning)
    }

    /// Every row scored by the inductive model (for bagging PU the mean of every round).
    func inductiveScores(on table: Table, seedColumn: String? = nil) throws -> LookalikeScores {
        let design = try DesignBuilder.apply(encoding, to: table, requireResponse: false)
        let values: [Double]
        do {
            values = try fit.score(design.x)
        } catch ModelError.undefinedScore(let k) where k < design.rowIndices.count {
            throw ModelError.undefinedScoreAtRow(row: design.rowIndices[k])
        }
        var scores = [Double](repeating: .nan, count: table.rowCount)
        for (k, row) in design.rowIndices.enumerated() { scores[row] = values[k] }
        let column = seedColumn ?? self.seedColumn
        let hasSeeds = table.hasColumn(column)
        let seeds = hasSeeds
            ? try LookalikeSeeds.read(table, column: column, requireBoth: false)
            : [Bool](repeating: false, count: table.rowCount)
        return LookalikeScores(scores: scores, seeds: seeds, seedColumn: hasSeeds ? column : nil, design: design, outOfBag: false)
    }

    /// Whether `prepared` (with data SHA-256 `dataSHA256`) is this bagging-PU model's training data:
    /// same file, seed column, rows and seed count.
    func isTrainingData(_ prepared: LookalikeDesign, dataSHA256: String, scoredRows: [Int]) -> Bool {
        options.bagging > 0 && dataSHA256 == manifest.data?.sha256 && prepared.seedColumn == seedColumn
            && prepared.design.rowIndices == scoredRows && prepared.seedCount == fit.seedCount
    }

    /// The scores of `table` as ``scores(on:seedColumn:)`` gives them, except that a bagging-PU
    /// model's own training data (``isTrainingData(_:dataSHA256:scoredRows:)``) is scored out of bag,
    /// Mordelet & Vert's transductive rule (``LookalikeFit/outOfBagScores(x:seeds:draws:)``; the
    /// bootstrap draws are regenerated from the model's seed). `prepared` is `table`'s design in the
    /// model's coding (``design(of:seedColumn:)``).
    package func trainingScores(on table: Table, dataSHA256: String, prepared: LookalikeDesign) throws -> LookalikeScores {
        var result = try inductiveScores(on: table, seedColumn: prepared.seedColumn)
        if isTrainingData(prepared, dataSHA256: dataSHA256, scoredRows: result.scoredRows) {
            let training = fit.outOfBagScores(x: prepared.design.x, seeds: prepared.seeds,
                                              draws: try model.baggingDraws(seeds: prepared.seeds))
            for (k, row) in result.scoredRows.enumerated() { result.scores[row] = training.scores[k] }
            result.outOfBag = true
        }
        return result
    }

    /// What drives the audience: for `logistic` and `pu` the coefficients (``LookalikeInspection/coefficients``,
    /// the mean over bagging rounds); for `similarity` each feature's mean contribution to the
    /// audience rows' similarity (the feature's share uⱼ·cⱼ of each cosine, averaged), 0 for an empty audience.
    /// Each term is the design term (`age`, `party[REP]`) or, for `similarity`, the standardised feature; its
    /// value is nil for a coefficient aliased in every round.
    public func explanation(of audience: LookalikeAudience) -> [(term: String, value: Double?)] {
        contributions(of: audience).map { (term: $0.term, value: $0.value) }
    }

    /// ``explanation(of:)`` as JSON records.
    package func contributions(of audience: LookalikeAudience) -> [LookalikeContribution] {
        guard let index = fit.similarity else {
            return zip(fit.terms, fit.meanCoefficients).map { LookalikeContribution(term: $0, value: $1) }
        }
        let rows = audience.designRows
        let p = index.columns.count
        let values = index.contributions(audience.scores.design.x, rows: rows)
        return index.features.indices.map { f in
            let total = rows.indices.reduce(0.0) { $0 + values[$1 * p + f] }
            return LookalikeContribution(term: index.features[f], value: rows.isEmpty ? 0 : total / Double(rows.count))
        }
    }

    /// The warning for a composition-audit group that is also a model feature (the audit is meant
    /// for attributes the model does not use), for the first such group; nil when there is none.
    public func featureGroupWarning(_ groups: [String]) -> String? {
        groups.first { encoding.predictorColumns.contains($0) }.map {
            "group column '\($0)' is also a model feature; the composition audit is meant for attributes the model does not use"
        }
    }
}
