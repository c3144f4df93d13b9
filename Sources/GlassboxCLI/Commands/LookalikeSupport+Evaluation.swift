import GlassboxAudit
import GlassboxCore
import GlassboxModels
import GlassboxTabular

/// The evaluation steps `evaluate lookalike` and `report` share, so both give the same numbers.
enum LookalikeAssessment {
    /// The recovery evaluation (``LookalikeEvaluation``): the model's method refitted on `table` with a
    /// seeded `holdout` share of the seeds in `seedColumn` hidden, on the design the model was fitted on
    /// (one-hot for similarity files that say so, treatment coding otherwise). Also returns that design.
    static func recovery(_ file: LookalikeModelFile, table: Table, seedColumn: String, holdout: Double, size: Double,
                         seed: UInt64, progress: ProgressObserver? = nil) throws -> (evaluation: LookalikeEvaluation, prepared: LookalikeDesign) {
        let prepared = try LookalikeDesign(table: table, formula: file.formula, seedColumn: seedColumn,
                                           oneHot: file.fit.similarity?.coding == .oneHot)
        let training = Int((1 - holdout) * Double(prepared.seeds.filter { $0 }.count))
        if let k = file.options.k, k > training { throw LookalikeError.kTooLarge(k: k, seeds: training) }
        let evaluation = try LookalikeEvaluation.run(file.model, x: prepared.design.x, termNames: prepared.encoding.termNames,
                                                     interceptIndex: prepared.encoding.interceptIndex, seeds: prepared.seeds,
                                                     holdout: holdout, size: size, seed: seed, progress: progress)
        return (evaluation, prepared)
    }

    /// The model's scores of every table row; for bagging PU on its own training data (same SHA-256,
    /// seed column and rows) the training rows are scored out of bag, as Mordelet & Vert's transductive rule
    /// does (the draws are regenerated from the model's seed).
    static func scores(_ file: LookalikeModelFile, table: Table, dataSHA256: String, seedColumn: String,
                       prepared: LookalikeDesign) throws -> (scores: [Double], design: DesignMatrix, outOfBag: Bool) {
        var (scores, design) = try lookalikeScores(file, table: table)
        let outOfBag = file.options.bagging > 0 && dataSHA256 == file.manifest.data?.sha256 && seedColumn == file.seedColumn
            && prepared.design.rowIndices == design.rowIndices && prepared.seeds.filter({ $0 }).count == file.fit.seedCount
        if outOfBag {
            let training = file.fit.outOfBagScores(x: prepared.design.x, seeds: prepared.seeds,
                                                   draws: try file.model.baggingDraws(seeds: prepared.seeds))
            for (k, row) in design.rowIndices.enumerated() { scores[row] = training.scores[k] }
        }
        return (scores, design, outOfBag)
    }

    /// The composition audit: the audience is the top `size` share of the scored rows not on the seed
    /// list; population = every scored row. Also returns the audience flags per table row.
    static func composition(table: Table, scores: [Double], design: DesignMatrix, seedColumn: String, groups: [String],
                            size: Double, bootstrap: Int, minGroupSize: Int, seed: UInt64) throws
        -> (attributes: [CompositionAudit.Attribute], audience: [Bool]) {
        let seeds = try LookalikeSeeds.read(table, column: seedColumn, requireBoth: true)
        let audience = lookalikeRanks(scores, seeds: seeds, size: size).audience
        let rows = design.rowIndices
        var settings = CompositionAudit.Settings()
        settings.bootstrap = bootstrap
        settings.minGroupSize = minGroupSize
        settings.seed = seed
        let attributes = try groups.map { GroupAttribute(name: $0, column: try table.column(named: $0), rows: rows) }
        return (CompositionAudit.run(attributes: attributes, seeds: rows.map { seeds[$0] }, audience: rows.map { audience[$0] },
                                     settings: settings), audience)
    }
}
