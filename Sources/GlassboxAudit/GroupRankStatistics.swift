import GlassboxCore
import GlassboxMetrics

/// AUC and calibration of every group of every attribute from one sort of the rows by score.
///
/// The rows are sorted once by (score, row) (``BinaryMetrics/radixOrder(_:)``, a stable radix
/// sort); each attribute is then one sweep over that order (``RankSweep``), attributes in parallel.
/// AUC per group is the Mann–Whitney sum over runs of tied scores,
/// AUC = Σ_runs W₊(run)·[W₋(below) + ½ W₋(run)] / (W₊ W₋) — scikit-learn's `roc_auc_score` with ties
/// one half — and the calibration bins are cut at each group's own ranks (row at the group's
/// sorted position i goes to bin ⌊bins·i/n_g⌋), as ``Calibration/compute(scores:outcomes:weights:bins:)``.
/// The calibration slope is fitted on (Σw, Σwy) per run of tied scores (``CalibrationSlope``). Every
/// sum is exact and read out once (``RankSweep``), so the sweep may be fed the sorted rows in windows
/// of any size with the same bits; in memory it is one window of all rows. Cost: one O(n) radix sort
/// plus O(n · attributes), and Newton steps over at most n points per group.
package struct GroupRankStatistics: Sendable {
    /// The group's AUC; nil without both classes (or without positive weight in each).
    package var auc: Double?
    /// The group's calibration; nil for scores not all in [0, 1].
    package var calibration: Calibration?

    /// `include[a]` for each attribute, then (with `overall`) one more entry for all rows, returned last
    /// as a one-group attribute (its pass reads no codes). `windowRows` nil feeds each sweep all rows at
    /// once; otherwise windows of at most that many rows (``windows(sortedScores:rows:)``): the same result.
    /// The sums are integers in a ``FixedPointScale`` where one fits the data, else ``ExactSum``s
    /// (`exactSumsOnly`: always): the same bits.
    static func compute(_ data: AuditData, attributes: [GroupAttribute], overall: Bool = false, include: [[Bool]], bins: Int,
                        probability: Bool, windowRows: Int? = nil, exactSumsOnly: Bool = false) -> [[GroupRankStatistics]] {
        let scores = data.scores, outcomes = data.outcomes, weights = data.weights, n = scores.count
        // One pass each over the weights and the score terms wᵢsᵢ for their fixed-point scales.
        var weightScale: FixedPointScale?, scoreScale: FixedPointScale?
        if !exactSumsOnly {
            if let weights, outcomes.allSatisfy({ $0 == 0 || $0 == 1 }) { weightScale = FixedPointScale(terms: weights, count: n) }
            if probability {
                scoreScale = weights.map { w in FixedPointScale(terms: zip(w, scores).lazy.map { $0 * $1 }, count: n) }
                    ?? FixedPointScale(terms: scores, count: n)
            }
        }
        let scales = (weight: weightScale, score: scoreScale)
        // Stable radix order by (score, row); rows are then gathered once so that each attribute's
        // pass reads contiguous memory (only its codes are gathered per attribute).
        let order = BinaryMetrics.radixOrder(scores)
        let sortedScores = parallelGather(scores, order: order)
        let sortedOutcomes = parallelGather(outcomes, order: order)
        let sortedWeights = weights.map { parallelGather($0, order: order) }
        let windows = windowRows.map { Self.windows(sortedScores: sortedScores, rows: $0) } ?? [0..<sortedScores.count]
        // Attributes are independent: one task each, over both cores.
        let tasks = (0..<(attributes.count + (overall ? 1 : 0))).map { $0..<($0 + 1) }
        return Parallel.map(tasks) { task -> [GroupRankStatistics] in
            let a = task.lowerBound
            var sizes = [sortedScores.count]
            var codes: [Int32]?
            if a < attributes.count {
                let attribute = attributes[a], original = attribute.codes
                sizes = [Int](repeating: 0, count: attribute.levels.count)
                for c in original { sizes[Int(c)] += 1 }
                codes = order.map { original[Int($0)] }
            }
            let sweep = RankSweep(sizes: sizes, bins: bins, probability: probability, weighted: sortedWeights != nil,
                                  weightScale: scales.weight, scoreScale: scales.score)
            for window in windows {
                sweep.feed(scores: sortedScores[window], outcomes: sortedOutcomes[window], weights: sortedWeights?[window],
                           codes: codes?[window])
            }
            return sweep.finish(include: include[a])
        }
    }

    /// Consecutive ranges of the sorted rows, each at most `rows` long and never splitting a run of tied
    /// scores, except a run longer than `rows`, which is a window of its own: the in-memory form of the
    /// key-range windows of `docs/design/bounded-audit.md`.
    static func windows(sortedScores: [Double], rows: Int) -> [Range<Int>] {
        precondition(rows > 0, "window rows must be positive")
        let n = sortedScores.count
        var result = [Range<Int>](), start = 0
        while start < n {
            var end = min(start + rows, n)
            // Back to the start of the run the cut would split; past its end when that run began the window.
            while end < n && end > start && sortedScores[end] == sortedScores[end - 1] { end -= 1 }
            if end == start {
                end = start + 1
                while end < n && sortedScores[end] == sortedScores[start] { end += 1 }
            }
            result.append(start..<end)
            start = end
        }
        return result
    }
}
