import GlassboxCore

/// Per-group sums of a targeting audit, gathered in one pass over the rows: row counts, targeted
/// rows, summed predicted uplift, and per-arm responders, over all of the group's rows and over its
/// targeted rows. Sums merge by addition, so chunks (or shards) combine in any grouping.
public struct TargetingCounts: Sendable, Equatable {
    public var rows = 0
    public var targeted = 0
    public var upliftSum = 0.0
    public var targetedUpliftSum = 0.0
    /// Index 0 control, 1 treated.
    public var armRows = [0, 0]
    public var armResponders = [0.0, 0.0]
    public var targetedArmRows = [0, 0]
    public var targetedArmResponders = [0.0, 0.0]

    public init() {}

    @inline(__always)
    mutating func add(uplift: Double, outcome: Double, treated: Int, targeted isTargeted: Bool) {
        rows += 1
        upliftSum += uplift
        armRows[treated] += 1
        armResponders[treated] += outcome
        if isTargeted {
            targeted += 1
            targetedUpliftSum += uplift
            targetedArmRows[treated] += 1
            targetedArmResponders[treated] += outcome
        }
    }

    static func += (a: inout TargetingCounts, b: TargetingCounts) {
        a.rows += b.rows
        a.targeted += b.targeted
        a.upliftSum += b.upliftSum
        a.targetedUpliftSum += b.targetedUpliftSum
        for k in 0..<2 {
            a.armRows[k] += b.armRows[k]
            a.armResponders[k] += b.armResponders[k]
            a.targetedArmRows[k] += b.targetedArmRows[k]
            a.targetedArmResponders[k] += b.targetedArmResponders[k]
        }
    }
}

/// ``TargetingCounts`` of every group of every attribute and of all rows. The pass runs over fixed
/// contiguous chunks merged in chunk order, so results do not depend on the number of threads.
/// O(n · attributes).
struct TargetingTally: Sendable {
    var groups: [[TargetingCounts]]
    var overall: TargetingCounts

    static func count(_ data: TargetingData, attributes: [GroupAttribute], decisions: Decisions) -> TargetingTally {
        let uplift = data.uplift, outcomes = data.outcomes, treatment = data.treatment
        let codes = attributes.map(\.codes)
        let sizes = attributes.map(\.levels.count)
        let empty = sizes.map { [TargetingCounts](repeating: TargetingCounts(), count: $0) }
        let parts = Parallel.map(Parallel.chunks(count: uplift.count)) { range -> TargetingTally in
            var part = TargetingTally(groups: empty, overall: TargetingCounts())
            for i in range {
                let s = uplift[i], y = outcomes[i], t = treatment[i] == 1 ? 1 : 0
                let targeted = decisions.isPositive(s, row: i)
                part.overall.add(uplift: s, outcome: y, treated: t, targeted: targeted)
                for a in 0..<codes.count {
                    part.groups[a][Int(codes[a][i])].add(uplift: s, outcome: y, treated: t, targeted: targeted)
                }
            }
            return part
        }
        var total = TargetingTally(groups: empty, overall: TargetingCounts())
        for part in parts {
            total.overall += part.overall
            for a in sizes.indices { for g in 0..<sizes[a] { total.groups[a][g] += part.groups[a][g] } }
        }
        return total
    }
}
