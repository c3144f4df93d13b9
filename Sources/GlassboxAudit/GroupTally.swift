import GlassboxCore

/// Confusion counts of every group of every attribute, and of all rows, in one pass over the rows.
///
/// The pass runs over fixed contiguous chunks (``Parallel/chunks(count:minimumChunk:maximumChunks:)``)
/// whose partial counts merge by addition in chunk order, so results do not depend on the number
/// of threads — the same shape a streaming or sharded audit uses. O(n · attributes).
public struct GroupTally: Sendable, Equatable {
    /// `groups[a][g]`: counts of level `g` of attribute `a`.
    public var groups: [[ConfusionCounts]]
    /// Counts over all audited rows.
    public var overall: ConfusionCounts

    public static func count(_ data: AuditData, attributes: [GroupAttribute], decisions: Decisions) -> GroupTally {
        let scores = data.scores, outcomes = data.outcomes, weights = data.weights
        let codes = attributes.map(\.codes)
        let sizes = attributes.map(\.levels.count)
        let parts = Parallel.map(Parallel.chunks(count: scores.count)) { range -> GroupTally in
            var groups = sizes.map { [ConfusionCounts](repeating: ConfusionCounts(), count: $0) }
            var overall = ConfusionCounts()
            for i in range {
                let s = scores[i], y = outcomes[i], w = weights?[i] ?? 1
                let positive = decisions.isPositive(s, row: i)
                overall.add(score: s, outcome: y, weight: w, positive: positive)
                for a in 0..<codes.count {
                    groups[a][Int(codes[a][i])].add(score: s, outcome: y, weight: w, positive: positive)
                }
            }
            return GroupTally(groups: groups, overall: overall)
        }
        var total = GroupTally(groups: sizes.map { [ConfusionCounts](repeating: ConfusionCounts(), count: $0) }, overall: ConfusionCounts())
        for part in parts {
            total.overall += part.overall
            for a in 0..<sizes.count { for g in 0..<sizes[a] { total.groups[a][g] += part.groups[a][g] } }
        }
        return total
    }
}
