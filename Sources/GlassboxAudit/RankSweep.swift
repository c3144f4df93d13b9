import GlassboxCore
import GlassboxMetrics

/// The state of the sweep behind ``GroupRankStatistics`` for one attribute, fed the rows in (score, row)
/// order window by window (``feed(scores:outcomes:weights:codes:)``), then read out once (``finish(include:)``).
///
/// A window is any consecutive stretch of the sorted rows: the state carries, per group, the AUC
/// numerator, the negatives' weight below the current run (W₋ prefix), the group's sorted position (for
/// its calibration bin), the bin sums, the slope's points and the current run of tied scores, so the
/// read-out is the same bits for every split into windows (the audit's windows are key ranges, which
/// never split a run). Every floating-point sum is exact (``ExactSum``, read out rounded once), each
/// term computed in double:
/// - AUC, unweighted: the doubled Mann–Whitney numerator 2N = Σ_runs P(run)·(2·Q(< run) + Q(run)) in
///   integers (as ``AUCWindowSummary``), AUC = RN(2N)/2/(P·Q);
/// - AUC, weighted: N = Σ_runs RN(W₊(run)·RN(W₋(< run) + ½·W₋(run))) as an exact sum, W₊(run), W₋(run) and
///   the prefix W₋(< run) exact sums read out once each; AUC = N/(W₊·W₋);
/// - calibration bin of the group's row at sorted position i: ⌊B·i/n_g⌋ (`sizes` gives n_g up front);
///   per bin the rows (integer), Σw, Σwy, Σws (exact; unweighted, Σw and Σwy are row counts);
/// - slope points per run of tied scores: (logit s, Σw(run), Σwy(run)), both sums exact read-outs.
struct RankSweep: Sendable {
    let levels: Int, bins: Int, probability: Bool, weighted: Bool
    /// Rows per group (n_g), for the calibration bins.
    let sizes: [Int]

    // The current run of tied scores.
    private var runScore: Double?
    private var touched = [Int]()
    private var isTouched: [Bool]
    private var runPositives: [Int], runNegatives: [Int]
    private var runPositiveWeight: [RunningExactSum], runNegativeWeight: [RunningExactSum]

    // AUC.
    private var positives: [Int], negatives: [Int]
    private var doubledNumerator: [Int128]
    private var positiveWeight: [RunningExactSum], negativeWeightBelow: [RunningExactSum]
    private var numerator: [ExactSum]

    // Calibration.
    private var position: [Int], bin: [Int], nextEdge: [Int]
    private var binRows: [Int], binPositiveRows: [Int]
    private var binWeight: [ExactSum], binWeightedOutcome: [ExactSum], binWeightedScore: [ExactSum]
    private var points: [[CalibrationSlope.Point]]

    /// A sweep over groups with `sizes[g]` rows each (every row's code in `0..<sizes.count`).
    init(sizes: [Int], bins: Int, probability: Bool, weighted: Bool) {
        levels = sizes.count
        self.sizes = sizes
        self.bins = bins
        self.probability = probability
        self.weighted = weighted
        let zeros = [Int](repeating: 0, count: levels)
        isTouched = [Bool](repeating: false, count: levels)
        runPositives = zeros
        runNegatives = zeros
        let sums = weighted ? [RunningExactSum](repeating: RunningExactSum(), count: levels) : []
        runPositiveWeight = sums
        runNegativeWeight = sums
        positives = zeros
        negatives = zeros
        doubledNumerator = weighted ? [] : [Int128](repeating: 0, count: levels)
        positiveWeight = sums
        negativeWeightBelow = sums
        numerator = weighted ? [ExactSum](repeating: ExactSum(), count: levels) : []
        position = zeros
        bin = zeros
        // The bin is recomputed only when a group's position reaches the next bin's first position
        // ⌈(b + 1)·n_g/B⌉, so rows in between need no division.
        nextEdge = sizes.map { ($0 + bins - 1) / max(bins, 1) }
        let cells = probability ? levels * bins : 0
        binRows = [Int](repeating: 0, count: cells)
        binPositiveRows = weighted ? [] : binRows
        binWeight = weighted ? [ExactSum](repeating: ExactSum(), count: cells) : []
        binWeightedOutcome = binWeight
        binWeightedScore = [ExactSum](repeating: ExactSum(), count: cells)
        points = [[CalibrationSlope.Point]](repeating: [], count: probability ? levels : 0)
    }

    /// Feeds the next rows in (score, row) order: `codes` nil puts every row in group 0, `weights` nil
    /// (required exactly when the sweep is unweighted) weighs every row 1.
    mutating func feed(scores: ArraySlice<Double>, outcomes: ArraySlice<Double>, weights: ArraySlice<Double>?, codes: ArraySlice<Int32>?) {
        precondition((weights != nil) == weighted, "weights given for an unweighted sweep or missing")
        precondition(outcomes.count == scores.count && (weights?.count ?? scores.count) == scores.count
            && (codes?.count ?? scores.count) == scores.count, "lengths differ")
        let outcomeStart = outcomes.startIndex, weightStart = weights?.startIndex ?? 0, codeStart = codes?.startIndex ?? 0
        for (offset, k) in scores.indices.enumerated() {
            let s = scores[k]
            if s != runScore { endRun() }
            if runScore == nil { runScore = s }
            let g = codes.map { Int($0[codeStart + offset]) } ?? 0
            let y = outcomes[outcomeStart + offset]
            if !isTouched[g] {
                isTouched[g] = true
                touched.append(g)
            }
            if y == 1 { runPositives[g] &+= 1 } else { runNegatives[g] &+= 1 }
            let w = weights?[weightStart + offset] ?? 1
            if weighted {
                if y == 1 { runPositiveWeight[g].add(w) } else { runNegativeWeight[g].add(w) }
            }
            guard probability else { continue }
            let p = position[g]
            if p >= nextEdge[g] {
                let b = (bins * p) / sizes[g]
                bin[g] = b
                nextEdge[g] = ((b + 1) * sizes[g] + bins - 1) / bins
            }
            position[g] = p + 1
            let cell = g * bins + bin[g]
            binRows[cell] &+= 1
            if weighted {
                binWeight[cell].add(w)
                binWeightedOutcome[cell].add(w * y)
                binWeightedScore[cell].add(w * s)
            } else {
                if y == 1 { binPositiveRows[cell] &+= 1 }
                binWeightedScore[cell].add(s)
            }
        }
    }

    /// Closes the current run of tied scores: its AUC term and slope point per group it touched.
    private mutating func endRun() {
        guard let s = runScore else { return }
        runScore = nil
        let x = probability ? CalibrationSlope.logit(s) : 0
        for g in touched {
            if weighted {
                let positive = runPositiveWeight[g], negative = runNegativeWeight[g]
                let wp = positive.value, wn = negative.value
                if runPositives[g] > 0 {
                    numerator[g].add(wp * (negativeWeightBelow[g].value + 0.5 * wn))
                }
                if probability {
                    var all = positive
                    all.merge(negative)
                    points[g].append(.init(x: x, w: all.value, wy: wp))
                }
                negativeWeightBelow[g].merge(negative)
                positiveWeight[g].merge(positive)
                runPositiveWeight[g] = RunningExactSum()
                runNegativeWeight[g] = RunningExactSum()
            } else {
                let p = runPositives[g], q = runNegatives[g]
                doubledNumerator[g] += Int128(p) * Int128(2 * negatives[g] + q)
                if probability { points[g].append(.init(x: x, w: Double(p + q), wy: Double(p))) }
            }
            positives[g] += runPositives[g]
            negatives[g] += runNegatives[g]
            runPositives[g] = 0
            runNegatives[g] = 0
            isTouched[g] = false
        }
        touched.removeAll(keepingCapacity: true)
    }

    /// The statistics of every group (`include[g]` false: an empty entry), after the last window.
    mutating func finish(include: [Bool]) -> [GroupRankStatistics] {
        endRun()
        var stats = [GroupRankStatistics]()
        for g in 0..<levels {
            guard include[g] else {
                stats.append(GroupRankStatistics())
                continue
            }
            var auc: Double?
            if weighted {
                let p = positiveWeight[g].value, q = negativeWeightBelow[g].value
                if p > 0 && q > 0 { auc = numerator[g].value / (p * q) }
            } else if positives[g] > 0 && negatives[g] > 0 {
                auc = WindowedAUC.auc(doubledNumerator: doubledNumerator[g], positives: positives[g], negatives: negatives[g])
            }
            stats.append(GroupRankStatistics(auc: auc, calibration: probability ? calibration(g) : nil))
        }
        return stats
    }

    /// Group `g`'s bins (those with rows and positive weight), calibration-in-the-large from the bins'
    /// exact sums, (Σwy − Σws)/Σw with each sum read out once, and the slope fit on its points.
    private func calibration(_ g: Int) -> Calibration {
        var list = [Calibration.Bin]()
        var totalRows = 0, totalPositiveRows = 0
        var totalWeight = ExactSum(), totalOutcome = ExactSum(), totalScore = ExactSum()
        for b in 0..<bins where binRows[g * bins + b] > 0 {
            let cell = g * bins + b
            let w: Double, wy: Double
            if weighted {
                w = binWeight[cell].value
                wy = binWeightedOutcome[cell].value
                totalWeight.merge(binWeight[cell])
                totalOutcome.merge(binWeightedOutcome[cell])
            } else {
                w = Double(binRows[cell])
                wy = Double(binPositiveRows[cell])
                totalRows += binRows[cell]
                totalPositiveRows += binPositiveRows[cell]
            }
            totalScore.merge(binWeightedScore[cell])
            if w > 0 { list.append(.init(n: binRows[cell], meanScore: binWeightedScore[cell].value / w, observedRate: wy / w)) }
        }
        let sw = weighted ? totalWeight.value : Double(totalRows)
        let sy = weighted ? totalOutcome.value : Double(totalPositiveRows)
        let fit = CalibrationSlope.fit(points[g])
        return Calibration(bins: list, inTheLarge: sw > 0 ? (sy - totalScore.value) / sw : .nan, slope: fit?.b, intercept: fit?.a)
    }
}
