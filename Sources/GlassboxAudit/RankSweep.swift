import GlassboxCore
import GlassboxMetrics

/// The state of the sweep behind ``GroupRankStatistics`` for one attribute, fed the rows in (score, row)
/// order window by window (``feed(scores:outcomes:weights:codes:)``), then read out once (``finish(include:)``).
///
/// A window is any consecutive stretch of the sorted rows: the state carries, per group, the AUC
/// numerator, the negatives' weight below the current run (W₋ prefix), the group's sorted position (for
/// its calibration bin), the bin sums, the slope's points and the current run of tied scores, so the
/// read-out is the same bits for every split into windows (the audit's windows are key ranges, which
/// never split a run). Every floating-point sum is exact and read out rounded once, each term computed in
/// double:
/// - AUC, unweighted: the doubled Mann–Whitney numerator 2N = Σ_runs P(run)·(2·Q(< run) + Q(run)) in
///   integers (as ``AUCWindowSummary``), AUC = RN(2N)/2/(P·Q);
/// - AUC, weighted: N = Σ_runs RN(W₊(run)·RN(W₋(< run) + ½·W₋(run))) as an ``ExactSum``, W₊(run), W₋(run) and
///   the prefix W₋(< run) exact sums read out once each; AUC = N/(W₊·W₋);
/// - calibration bin of the group's row at sorted position i: ⌊B·i/n_g⌋ (`sizes` gives n_g up front);
///   per bin the rows (integer), Σw, Σwy, Σws (exact; unweighted, Σw and Σwy are row counts);
/// - slope points per run of tied scores: (logit s, Σw(run), Σwy(run)), both sums exact read-outs.
///
/// The weight sums and the score sums are `Int128` in a ``FixedPointScale`` when one fits the terms
/// (`weightScale`, `scoreScale`), otherwise ``ExactSum``s: the same bits either way. The per-group and
/// per-bin state lives in buffers the class owns (``Buffers``), so the per-row updates need no
/// copy-on-write checks.
final class RankSweep {
    let levels: Int, bins: Int, probability: Bool, weighted: Bool
    /// Rows per group (n_g), for the calibration bins.
    let sizes: [Int]
    /// Scale of the weights (weighted, outcomes 0/1) and of the score terms wᵢsᵢ (sᵢ unweighted); nil: exact sums.
    let weightScale: FixedPointScale?, scoreScale: FixedPointScale?

    /// The current run of tied scores: its score (when `open`) and how many groups it touched so far.
    private struct Run {
        var score = 0.0
        var open = false
        var touchedCount = 0
    }
    private let run = SweepBuffer(repeating: Run(), count: 1)
    /// The groups the current run touched (the first `touchedCount`), and a flag per group.
    private let touched: SweepBuffer<Int>, isTouched: SweepBuffer<Bool>
    private let runPositives: SweepBuffer<Int>, runNegatives: SweepBuffer<Int>
    private let runPositiveFixed: SweepBuffer<Int128>, runNegativeFixed: SweepBuffer<Int128>
    private let runPositiveWeight: SweepBuffer<RunningExactSum>, runNegativeWeight: SweepBuffer<RunningExactSum>

    // AUC.
    private let positives: SweepBuffer<Int>, negatives: SweepBuffer<Int>
    private let doubledNumerator: SweepBuffer<Int128>
    private let positiveFixed: SweepBuffer<Int128>, negativeBelowFixed: SweepBuffer<Int128>
    private let positiveWeight: SweepBuffer<RunningExactSum>, negativeWeightBelow: SweepBuffer<RunningExactSum>
    private let numerator: SweepBuffer<ExactSum>

    // Calibration.
    private let position: SweepBuffer<Int>, bin: SweepBuffer<Int>, nextEdge: SweepBuffer<Int>
    private let binRows: SweepBuffer<Int>, binPositiveRows: SweepBuffer<Int>
    private let binWeightFixed: SweepBuffer<Int128>, binOutcomeFixed: SweepBuffer<Int128>, binScoreFixed: SweepBuffer<Int128>
    private let binWeight: SweepBuffer<ExactSum>, binWeightedOutcome: SweepBuffer<ExactSum>, binWeightedScore: SweepBuffer<ExactSum>
    private let points: SweepBuffer<[CalibrationSlope.Point]>

    /// A sweep over groups with `sizes[g]` rows each (every row's code in `0..<sizes.count`). A scale must
    /// fit every term the sweep will be fed (every weight, with outcomes 0 or 1; every wᵢsᵢ).
    init(sizes: [Int], bins: Int, probability: Bool, weighted: Bool, weightScale: FixedPointScale? = nil, scoreScale: FixedPointScale? = nil) {
        // The buffers are unchecked: a bin count below 1 would index cells that were never set up.
        precondition(bins >= 1 || !probability, "calibration bins must be at least 1, got \(bins)")
        levels = sizes.count
        self.sizes = sizes
        self.bins = bins
        self.probability = probability
        self.weighted = weighted
        self.weightScale = weighted ? weightScale : nil
        self.scoreScale = probability ? scoreScale : nil
        let fixedWeights = weighted && weightScale != nil, exactWeights = weighted && weightScale == nil
        let fixedScores = self.scoreScale != nil
        let g = levels, cells = probability ? levels * bins : 0
        touched = SweepBuffer(repeating: 0, count: g)
        isTouched = SweepBuffer(repeating: false, count: g)
        runPositives = SweepBuffer(repeating: 0, count: g)
        runNegatives = SweepBuffer(repeating: 0, count: g)
        runPositiveFixed = SweepBuffer(repeating: 0, count: fixedWeights ? g : 0)
        runNegativeFixed = SweepBuffer(repeating: 0, count: fixedWeights ? g : 0)
        runPositiveWeight = SweepBuffer(repeating: RunningExactSum(), count: exactWeights ? g : 0)
        runNegativeWeight = SweepBuffer(repeating: RunningExactSum(), count: exactWeights ? g : 0)
        positives = SweepBuffer(repeating: 0, count: g)
        negatives = SweepBuffer(repeating: 0, count: g)
        doubledNumerator = SweepBuffer(repeating: 0, count: weighted ? 0 : g)
        positiveFixed = SweepBuffer(repeating: 0, count: fixedWeights ? g : 0)
        negativeBelowFixed = SweepBuffer(repeating: 0, count: fixedWeights ? g : 0)
        positiveWeight = SweepBuffer(repeating: RunningExactSum(), count: exactWeights ? g : 0)
        negativeWeightBelow = SweepBuffer(repeating: RunningExactSum(), count: exactWeights ? g : 0)
        numerator = SweepBuffer(repeating: ExactSum(), count: weighted ? g : 0)
        position = SweepBuffer(repeating: 0, count: g)
        bin = SweepBuffer(repeating: 0, count: g)
        // The bin is recomputed only when a group's position reaches the next bin's first position
        // ⌈(b + 1)·n_g/B⌉, so rows in between need no division.
        nextEdge = SweepBuffer(repeating: 0, count: g)
        for k in 0..<g { nextEdge[k] = (sizes[k] + bins - 1) / max(bins, 1) }
        binRows = SweepBuffer(repeating: 0, count: cells)
        binPositiveRows = SweepBuffer(repeating: 0, count: weighted ? 0 : cells)
        binWeightFixed = SweepBuffer(repeating: 0, count: fixedWeights ? cells : 0)
        binOutcomeFixed = SweepBuffer(repeating: 0, count: fixedWeights ? cells : 0)
        binWeight = SweepBuffer(repeating: ExactSum(), count: exactWeights ? cells : 0)
        binWeightedOutcome = SweepBuffer(repeating: ExactSum(), count: exactWeights ? cells : 0)
        binScoreFixed = SweepBuffer(repeating: 0, count: fixedScores ? cells : 0)
        binWeightedScore = SweepBuffer(repeating: ExactSum(), count: fixedScores ? 0 : cells)
        points = SweepBuffer(repeating: [], count: probability ? g : 0)
    }

    deinit {
        run.free(); touched.free(); isTouched.free(); runPositives.free(); runNegatives.free()
        runPositiveFixed.free(); runNegativeFixed.free(); runPositiveWeight.free(); runNegativeWeight.free()
        positives.free(); negatives.free(); doubledNumerator.free(); positiveFixed.free(); negativeBelowFixed.free()
        positiveWeight.free(); negativeWeightBelow.free(); numerator.free()
        position.free(); bin.free(); nextEdge.free(); binRows.free(); binPositiveRows.free()
        binWeightFixed.free(); binOutcomeFixed.free(); binScoreFixed.free()
        binWeight.free(); binWeightedOutcome.free(); binWeightedScore.free(); points.free()
    }

    /// Feeds the next rows in (score, row) order: `codes` nil puts every row in group 0, `weights` nil
    /// (required exactly when the sweep is unweighted) weighs every row 1.
    func feed(scores: ArraySlice<Double>, outcomes: ArraySlice<Double>, weights: ArraySlice<Double>?, codes: ArraySlice<Int32>?) {
        precondition((weights != nil) == weighted, "weights given for an unweighted sweep or missing")
        precondition(outcomes.count == scores.count && (weights?.count ?? scores.count) == scores.count
            && (codes?.count ?? scores.count) == scores.count, "lengths differ")
        let outcomeStart = outcomes.startIndex, weightStart = weights?.startIndex ?? 0, codeStart = codes?.startIndex ?? 0
        var offset = 0
        for k in scores.indices {
            let s = scores[k]
            if !run[0].open || s != run[0].score {
                endRun()
                run[0].score = s
                run[0].open = true
            }
            let g = codes.map { Int($0[codeStart &+ offset]) } ?? 0
            // The buffers are unchecked: a code outside the groups must stop here.
            precondition(UInt(bitPattern: g) < UInt(levels), "group code \(g) outside 0..<\(levels)")
            let y = outcomes[outcomeStart &+ offset]
            let w = weights?[weightStart &+ offset] ?? 1
            offset &+= 1
            if !isTouched[g] {
                isTouched[g] = true
                touched[run[0].touchedCount] = g
                run[0].touchedCount &+= 1
            }
            let positive = y == 1
            if positive { runPositives[g] &+= 1 } else { runNegatives[g] &+= 1 }
            var wf: Int128 = 0
            if let weightScale {
                wf = weightScale.fixed(w)
                if positive { runPositiveFixed[g] &+= wf } else { runNegativeFixed[g] &+= wf }
            } else if weighted {
                if positive { runPositiveWeight[g].add(w) } else { runNegativeWeight[g].add(w) }
            }
            guard probability else { continue }
            let p = position[g]
            if p >= nextEdge[g] {
                // Past the last bin's first position only when more rows came than `sizes` promised.
                precondition(p < sizes[g], "more rows of group \(g) than its size \(sizes[g])")
                let b = (bins * p) / sizes[g]
                bin[g] = b
                nextEdge[g] = ((b + 1) * sizes[g] + bins - 1) / bins
            }
            position[g] = p &+ 1
            let cell = g &* bins &+ bin[g]
            binRows[cell] &+= 1
            if !weighted {
                if positive { binPositiveRows[cell] &+= 1 }
            } else if weightScale != nil {
                binWeightFixed[cell] &+= wf
                if positive { binOutcomeFixed[cell] &+= wf }
            } else {
                binWeight[cell].add(w)
                binWeightedOutcome[cell].add(w * y)
            }
            let term = weighted ? w * s : s
            if let scoreScale { binScoreFixed[cell] &+= scoreScale.fixed(term) } else { binWeightedScore[cell].add(term) }
        }
    }

    /// Closes the current run of tied scores: its AUC term and slope point per group it touched.
    private func endRun() {
        guard run[0].open else { return }
        run[0].open = false
        let x = probability ? CalibrationSlope.logit(run[0].score) : 0
        for t in 0..<run[0].touchedCount {
            let g = touched[t]
            if let scale = weightScale {
                let wp = scale.value(runPositiveFixed[g]), wn = scale.value(runNegativeFixed[g])
                if runPositives[g] > 0 { numerator[g].add(wp * (scale.value(negativeBelowFixed[g]) + 0.5 * wn)) }
                if probability { points[g].append(.init(x: x, w: scale.value(runPositiveFixed[g] + runNegativeFixed[g]), wy: wp)) }
                negativeBelowFixed[g] += runNegativeFixed[g]
                positiveFixed[g] += runPositiveFixed[g]
                runPositiveFixed[g] = 0
                runNegativeFixed[g] = 0
            } else if weighted {
                let positive = runPositiveWeight[g], negative = runNegativeWeight[g]
                let wp = positive.value, wn = negative.value
                if runPositives[g] > 0 { numerator[g].add(wp * (negativeWeightBelow[g].value + 0.5 * wn)) }
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
                doubledNumerator[g] += Int128(_low: UInt64(p), _high: 0) * Int128(_low: UInt64(2 * negatives[g] + q), _high: 0)
                if probability { points[g].append(.init(x: x, w: Double(p + q), wy: Double(p))) }
            }
            positives[g] += runPositives[g]
            negatives[g] += runNegatives[g]
            runPositives[g] = 0
            runNegatives[g] = 0
            isTouched[g] = false
        }
        run[0].touchedCount = 0
    }

    /// The statistics of every group (`include[g]` false: an empty entry), after the last window.
    func finish(include: [Bool]) -> [GroupRankStatistics] {
        endRun()
        // Bins were cut at ranks of the sizes given: a group fed fewer rows would have shifted bins.
        if probability { for g in 0..<levels { precondition(position[g] == sizes[g], "group \(g) was fed \(position[g]) rows of its \(sizes[g])") } }
        var stats = [GroupRankStatistics]()
        for g in 0..<levels {
            guard include[g] else {
                stats.append(GroupRankStatistics())
                continue
            }
            var auc: Double?
            if weighted {
                let p = weightScale?.value(positiveFixed[g]) ?? positiveWeight[g].value
                let q = weightScale?.value(negativeBelowFixed[g]) ?? negativeWeightBelow[g].value
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
        var rows = 0, positiveRows = 0
        var weightFixed: Int128 = 0, outcomeFixed: Int128 = 0, scoreFixed: Int128 = 0
        var weight = ExactSum(), outcome = ExactSum(), score = ExactSum()
        for b in 0..<bins where binRows[g * bins + b] > 0 {
            let cell = g * bins + b
            let w: Double, wy: Double, ws: Double
            if !weighted {
                w = Double(binRows[cell])
                wy = Double(binPositiveRows[cell])
                rows += binRows[cell]
                positiveRows += binPositiveRows[cell]
            } else if let scale = weightScale {
                w = scale.value(binWeightFixed[cell])
                wy = scale.value(binOutcomeFixed[cell])
                weightFixed += binWeightFixed[cell]
                outcomeFixed += binOutcomeFixed[cell]
            } else {
                w = binWeight[cell].value
                wy = binWeightedOutcome[cell].value
                weight.merge(binWeight[cell])
                outcome.merge(binWeightedOutcome[cell])
            }
            if let scale = scoreScale {
                ws = scale.value(binScoreFixed[cell])
                scoreFixed += binScoreFixed[cell]
            } else {
                ws = binWeightedScore[cell].value
                score.merge(binWeightedScore[cell])
            }
            if w > 0 { list.append(.init(n: binRows[cell], meanScore: ws / w, observedRate: wy / w)) }
        }
        let sw: Double, sy: Double
        if !weighted {
            sw = Double(rows)
            sy = Double(positiveRows)
        } else if let scale = weightScale {
            sw = scale.value(weightFixed)
            sy = scale.value(outcomeFixed)
        } else {
            sw = weight.value
            sy = outcome.value
        }
        let ss = scoreScale?.value(scoreFixed) ?? score.value
        let fit = CalibrationSlope.fit(points[g])
        return Calibration(bins: list, inTheLarge: sw > 0 ? (sy - ss) / sw : .nan, slope: fit?.b, intercept: fit?.a)
    }
}
