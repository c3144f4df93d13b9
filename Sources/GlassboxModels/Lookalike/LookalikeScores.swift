import GlassboxTabular

/// A lookalike model's scores of every row of a table, with the seed list when the table has it.
///
/// Made by ``LookalikeModelFile/audienceScores(on:seedColumn:dataSHA256:onWarning:)``: every row by the
/// model as saved, or out of bag on a bagging-PU model's own training data.
public struct LookalikeScores: Sendable {
    /// One score per table row; NaN where a model value is missing (the row is not scored).
    public var scores: [Double]
    /// Per table row, whether it is on the seed list (all false when the table has no seed column).
    public var seeds: [Bool]
    /// The seed column read; nil when the table has none.
    public var seedColumn: String?
    /// The model's design of the scored rows (``DesignMatrix/rowIndices`` are their table rows).
    public var design: DesignMatrix
    /// True when the rows are the model's bagging-PU training rows scored out of bag.
    public var outOfBag: Bool

    /// Makes the scores of a table from its per-row values (NaN = not scored).
    public init(scores: [Double], seeds: [Bool], seedColumn: String?, design: DesignMatrix, outOfBag: Bool) {
        self.scores = scores
        self.seeds = seeds
        self.seedColumn = seedColumn
        self.design = design
        self.outOfBag = outOfBag
    }

    /// Table rows with a score, in order.
    public var scoredRows: [Int] { design.rowIndices }

    /// Rank of every table row among the scored rows: 1 = highest score, ties by row order; NaN for a row not scored.
    public var ranks: [Double] { Self.ranks(of: scores) }

    /// The expanded audience: the top ⌈size · n⌉ of the n scored rows not on the seed list (highest
    /// score first, ties by row order). `size` is a share in (0, 1].
    public func audience(size: Double) -> LookalikeAudience {
        LookalikeAudience(size: size, members: Self.audienceMembers(scores: scores, seeds: seeds, size: size), scores: self)
    }

    /// ``ranks`` of bare per-row scores.
    package static func ranks(of scores: [Double]) -> [Double] {
        var rank = [Double](repeating: .nan, count: scores.count)
        for (position, i) in LookalikeEvaluation.topShare(scores, share: 1).enumerated() { rank[i] = Double(position + 1) }
        return rank
    }

    /// ``audience(size:)``'s membership flags from bare per-row scores and seed flags.
    package static func audienceMembers(scores: [Double], seeds: [Bool], size: Double) -> [Bool] {
        var members = [Bool](repeating: false, count: scores.count)
        let candidates = scores.indices.filter { !seeds[$0] }
        for k in LookalikeEvaluation.topShare(candidates.map { scores[$0] }, share: size) { members[candidates[k]] = true }
        return members
    }
}

/// The audience a lookalike model expands its seed list to (``LookalikeScores/audience(size:)``).
public struct LookalikeAudience: Sendable {
    /// The audience size as a share of the scored rows not on the seed list.
    public var size: Double
    /// Per table row, whether it is in the audience.
    public var members: [Bool]
    /// The scores the audience was chosen by.
    public var scores: LookalikeScores

    /// Table rows in the audience, in row order.
    public var rows: [Int] { members.indices.filter { members[$0] } }
    /// The number of rows in the audience.
    public var count: Int { members.reduce(0) { $0 + ($1 ? 1 : 0) } }
    /// Design rows (positions in ``LookalikeScores/scoredRows``) in the audience.
    public var designRows: [Int] {
        let scored = scores.scoredRows
        return scored.indices.filter { members[scored[$0]] }
    }
}
