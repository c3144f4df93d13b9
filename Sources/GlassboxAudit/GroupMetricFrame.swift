import GlassboxCore

/// Per-group tallies (``GroupCounts``) of every group of every audited attribute and of all rows,
/// gathered in one pass over the rows: the core every audit (bias, targeting, composition) is a
/// configuration of, in the spirit of fairlearn's `MetricFrame`.
///
/// The pass runs over contiguous chunks whose partial tallies merge exactly (``GroupTally``: integer
/// counts and ``ExactSum``s), so results do not depend on the number of threads, the chunking or the
/// order of the rows — the same shape a streaming or sharded audit uses. O(n · attributes). Rates, shares and
/// disparities are computed from the tallies by ``GroupRates``; intervals by ``GroupBootstrap``;
/// verdicts by ``Verdict/init(ratio:ciLower:ciUpper:tau:sides:bootstrap:)``.
package struct GroupMetricFrame: Sendable {
    /// Which rows are selected.
    package enum Selection: Sendable {
        /// Row `i` is selected when `decisions.isPositive(score[i], row: i)`.
        case decisions(Decisions)
        /// Row `i` is selected when `flags[i]`.
        case flags([Bool])
    }

    /// `groups[a][g]`: tally of level `g` of attribute `a`.
    package var groups: [[GroupCounts]]
    /// Tally of all rows.
    package var overall: GroupCounts

    /// Tallies rows: `scores` (nil: 0), `outcomes` 0/1 (nil: 0), `weights` (nil: 1), `treatment` 1 treated
    /// / otherwise control (nil: no treatment), each row's group per attribute; read out (``tallies(scores:outcomes:weights:treatment:attributes:selection:)``).
    package static func tally(scores: [Double]?, outcomes: [Double]?, weights: [Double]?, treatment: [Double]?,
                              attributes: [GroupAttribute], selection: Selection) -> GroupMetricFrame {
        let exact = tallies(scores: scores, outcomes: outcomes, weights: weights, treatment: treatment, attributes: attributes,
                            selection: selection)
        return GroupMetricFrame(groups: exact.groups.map { $0.map(\.counts) }, overall: exact.overall.counts)
    }

    /// The exact tallies behind ``tally(scores:outcomes:weights:treatment:attributes:selection:)``: `groups[a][g]`
    /// for level `g` of attribute `a`, and all rows.
    ///
    /// Chunks of rows are tallied concurrently and merged; as every sum is exact (``GroupTally``), the
    /// result is the same for any chunking and merge order, so the chunks are simply one or two per core — fewer when
    /// there are so many groups that per-chunk tallies would multiply memory (chunks × groups ≤ 2¹⁶, at least one chunk).
    /// The tally of all rows is the exact merge of the first attribute's groups (each row is in exactly
    /// one of them), so each row is added once per attribute, not once more for the total.
    package static func tallies(scores: [Double]?, outcomes: [Double]?, weights: [Double]?, treatment: [Double]?,
                                attributes: [GroupAttribute], selection: Selection) -> (groups: [[GroupTally]], overall: GroupTally) {
        let count = scores?.count ?? outcomes?.count ?? attributes.first?.codes.count ?? 0
        let sizes = attributes.map(\.levels.count)
        var starts = [Int](), cells = 0
        for size in sizes { starts.append(cells); cells += size }
        let offsets = starts, cellCount = cells
        let codes = attributes.map(\.codes)
        // Without attributes the total is tallied directly, in the one slot after the (no) groups.
        let direct = codes.isEmpty
        // A chunk holds one tally per group, up to a few KB each once its exact sums are in use, so with many groups
        // (chunks × groups past 2¹⁶) the rows are tallied in fewer chunks, down to one: memory stays one tally per group.
        let chunks = Parallel.chunks(count: count, maximumChunks: max(1, min(64, 2 * Parallel.workerCount, (1 << 16) / (cellCount + 1))))
        let parts = Parallel.map(chunks) { range -> [GroupTally] in
            // Flat layout: the groups of every attribute, then the overall tally last.
            var part = [GroupTally](repeating: GroupTally(), count: cellCount + 1)
            part.withUnsafeMutableBufferPointer { cells in
                // Fast path of a bias audit on one attribute (no weights, no treatment): no optional or nested array per row.
                if let scores, let outcomes, weights == nil, treatment == nil, codes.count == 1, case .decisions(let d) = selection {
                    scores.withUnsafeBufferPointer { s in outcomes.withUnsafeBufferPointer { y in codes[0].withUnsafeBufferPointer { c in
                        for i in range {
                            let selected = d.isPositive(s[i], row: i)
                            cells[Int(c[i])].add(score: s[i], outcome: y[i], weight: nil, selected: selected, treated: false)
                        }
                    } } }
                    return
                }
                for i in range {
                    let s = scores?[i] ?? 0, y = outcomes?[i] ?? 0, w = weights?[i]
                    let treated = treatment.map { $0[i] == 1 } ?? false
                    let selected: Bool
                    switch selection {
                    case .decisions(let d): selected = d.isPositive(s, row: i)
                    case .flags(let f): selected = f[i]
                    }
                    if direct { cells[cellCount].add(score: s, outcome: y, weight: w, selected: selected, treated: treated) }
                    for a in 0..<codes.count {
                        cells[offsets[a] + Int(codes[a][i])].add(score: s, outcome: y, weight: w, selected: selected, treated: treated)
                    }
                }
            }
            return part
        }
        var total = [GroupTally](repeating: GroupTally(), count: cellCount + 1)
        for part in parts { for k in total.indices { total[k] += part[k] } }
        if !direct { for g in 0..<sizes[0] { total[cellCount] += total[g] } }
        return (sizes.indices.map { a in Array(total[offsets[a]..<(offsets[a] + sizes[a])]) }, total[cellCount])
    }
}
