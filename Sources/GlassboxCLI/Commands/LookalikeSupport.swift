import GlassboxCore
import GlassboxLinearAlgebra
import GlassboxModels
import GlassboxTabular

/// Reads a lookalike model file with the same path checks as data files.
func loadLookalikeModel(_ path: String) throws -> LookalikeModelFile {
    try FileCheck.requireReadableFile(path)
    return try LookalikeModelFile.load(bytes: try readFileBytes(path), path: path)
}

/// The design and seed flags of a lookalike training table, with the lookalike-specific checks:
/// formula without response, seed column present and valid, no feature entirely missing, seeds and
/// non-seeds both present among the rows kept. With `oneHot` (the `similarity` method) every level of a
/// categorical gets an indicator (``SimilarityEncoding``); otherwise the regression design's treatment coding.
struct LookalikeDesign {
    var encoding: DesignEncoding
    var design: DesignMatrix
    /// Seed flag per design row.
    var seeds: [Bool]

    init(table: Table, formula text: String, seedColumn: String, oneHot: Bool = false) throws {
        let formula = try Formula.parse(text)
        if formula.hasResponse {
            throw CLIError(description: "a lookalike formula has no outcome: write it as \"~ a + b\"; the seed list comes from --seed")
        }
        let allSeeds = try LookalikeSeeds.read(table, column: seedColumn, requireBoth: true)
        if formula.sourceColumns.contains(seedColumn) {
            throw CLIError(description: "the formula uses the seed column '\(seedColumn)'; leave it out")
        }
        for name in formula.sourceColumns where table.hasColumn(name) {
            if try table.column(named: name).missingCount == table.rowCount {
                throw LookalikeError.featureEntirelyMissing(column: name)
            }
        }
        (encoding, design) = oneHot ? try SimilarityEncoding.fit(formula, on: table) : try DesignBuilder.fit(formula, on: table)
        for warning in design.warnings { printError("warning: " + warning) }
        seeds = design.rowIndices.map { allSeeds[$0] }
        let count = seeds.reduce(0) { $0 + ($1 ? 1 : 0) }
        if count == 0 { throw LookalikeError.noSeeds(column: seedColumn, rows: seeds.count) }
        if count == seeds.count { throw LookalikeError.everyRowSeed(column: seedColumn, rows: seeds.count) }
    }
}

/// Scores every table row (NaN where a model value is missing) with a lookalike model.
func lookalikeScores(_ file: LookalikeModelFile, table: Table) throws -> (scores: [Double], design: DesignMatrix) {
    let design = try DesignBuilder.apply(file.encoding, to: table, requireResponse: false)
    let values = try naming(design) { try file.fit.score(design.x) }
    var score = [Double](repeating: .nan, count: table.rowCount)
    for (k, row) in design.rowIndices.enumerated() { score[row] = values[k] }
    return (score, design)
}

/// Rank 1 = highest score among scored rows (ties by row order), and the audience flags: the top
/// ⌈size · n⌉ scored non-seed rows.
func lookalikeRanks(_ scores: [Double], seeds: [Bool], size: Double?) -> (rank: [Double], audience: [Bool]) {
    var rank = [Double](repeating: .nan, count: scores.count)
    for (position, i) in LookalikeEvaluation.topShare(scores, share: 1).enumerated() { rank[i] = Double(position + 1) }
    var audience = [Bool](repeating: false, count: scores.count)
    if let size {
        let candidates = scores.indices.filter { !seeds[$0] }
        for k in LookalikeEvaluation.topShare(candidates.map { scores[$0] }, share: size) { audience[candidates[k]] = true }
    }
    return (rank, audience)
}
