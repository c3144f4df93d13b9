import GlassboxCore

/// Entry point of a fairness audit of a score against a binary outcome, by group.
///
/// A configuration of the group-metrics core (``GroupMetricFrame``): resolve decisions (``Decisions``);
/// one pass for the tallies of every group; rates, disparities against the reference group and
/// fairlearn summaries from the tallies (``GroupRates``); AUC (scikit-learn's `roc_auc_score`, ties one half), Brier score and calibration per
/// group from its rows; the stratified count bootstrap (``GroupBootstrap/resampleCells(_:rng:)``) for
/// intervals of the disparity ratios; two-sided 80 %-rule verdicts (``Verdict``); the threshold sweep; small-cell suppression, primary and complementary
/// (``GroupSuppression``): no suppressed group's counts can be derived from the overall row, the shown
/// groups or an intersection cell's parent and siblings.
package enum BiasAudit {
    /// Rates whose disparities are reported (every rate metric).
    package static let disparityMetrics = RateMetric.allCases

    /// `progress` hears of the bootstrap's replicates.
    /// With ``AuditData/rankSource`` set (rows read from a projection cache), AUC and calibration are swept from
    /// the cache window by window instead (the same bits; an intersection attribute's codes are read from memory
    /// by row index).
    package static func run(_ data: AuditData, configuration config: AuditConfiguration, progress: ProgressObserver? = nil) throws -> AuditReport {
        guard config.minGroupSize >= 0 else { throw AuditError.invalidSetting("\(parameter: .minGroupSize) must be ≥ 0") }
        guard config.bootstrap >= 0 else { throw AuditError.invalidSetting("\(parameter: .bootstrap) must be ≥ 0") }
        guard (1...AuditConfiguration.maximumCalibrationBins).contains(config.calibrationBins) else {
            throw AuditError.invalidSetting("\(parameter: .calibrationBins) must be in 1…\(AuditConfiguration.maximumCalibrationBins), got \(config.calibrationBins)")
        }
        guard config.tau > 0, config.tau <= 1 else { throw AuditError.invalidSetting("\(parameter: .tau) must be in (0, 1], got \(config.tau)") }
        guard config.confidenceLevel > 0, config.confidenceLevel < 1 else {
            throw AuditError.invalidSetting("\(parameter: .confidenceLevel) must be in (0, 1), got \(config.confidenceLevel)")
        }
        // Rows in a projection cache: the rank statistics are swept from the cache window by window
        // (the same bits) rather than from a sorted copy of the loaded rows.
        let cachedRanks = data.rankSource.map { ($0.cache, (rowBudget: $0.rowBudget, temporaryDirectory: $0.temporaryDirectory)) }
        guard !data.scores.isEmpty else { throw AuditError.noRowsLeft(rowsRead: data.rowsRead, missingByColumn: data.missingByColumn) }
        var warnings = [String]()
        var attributes = data.attributes
        try GroupAttribute.checkLabelCounts(attributes)
        if config.intersect && attributes.count >= 2 { attributes.append(try GroupAttribute.intersection(of: data.attributes)) }
        let names = attributes.map(\.name)
        for key in config.references.keys where !names.contains(key) {
            throw AuditError.referenceAttributeUnknown(key, attributes: names)
        }

        let lo = data.scores.min()!, hi = data.scores.max()!
        if case .threshold(let t) = config.decision, t < lo || t > hi {
            warnings.append("threshold \(t) is outside the score range [\(lo), \(hi)]: every row is \(t > hi ? "negative" : "positive")")
        }
        let probabilityScores = lo >= 0 && hi <= 1
        // A constant outcome leaves half of the confusion-matrix rates (and every AUC) undefined.
        if let first = data.outcomes.first, data.outcomes.allSatisfy({ $0 == first }) {
            warnings.append("the outcome is \(first == 1 ? "1" : "0") in every row: \(first == 1 ? "FPR, TNR, NPV" : "TPR, FNR, precision") and AUC are undefined")
        }
        if !probabilityScores { warnings.append("scores are not all in [0, 1]: Brier score and calibration are not computed") }
        let decisions = try Decisions.resolve(config.decision, scores: data.scores)
        // The tallies and the rank statistics (one radix sort, then AUC and calibration of every group and of
        // all rows) are independent: computed side by side. Rank statistics are computed for every group and
        // read only for the groups shown.
        let rankedAttributes = attributes, everyGroup = attributes.map { [Bool](repeating: true, count: $0.levels.count) } + [[true]]
        // The cache holds the level codes; an intersection attribute's codes (in memory) are read by row index.
        let windows = cachedRanks, extraCodes = attributes[data.attributeLabels.count...].map(\.codes)
        let phases = Parallel.map([0..<1, 1..<2]) { task -> AuditPhase in
            if task.lowerBound == 0, let windows {
                let (cache, window) = windows
                return .cachedRanks(Result {
                    try GroupRankStatistics.compute(cache, levels: rankedAttributes.map(\.levels.count), extraCodes: extraCodes, overall: true, include: everyGroup,
                                                    bins: config.calibrationBins, probability: probabilityScores, rowBudget: window.rowBudget,
                                                    temporaryDirectory: window.temporaryDirectory)
                })
            }
            return task.lowerBound == 0
                ? .ranked(GroupRankStatistics.compute(data, attributes: rankedAttributes, overall: true, include: everyGroup,
                                                      bins: config.calibrationBins, probability: probabilityScores))
                : .tally(GroupMetricFrame.tally(scores: data.scores, outcomes: data.outcomes, weights: data.weights, treatment: nil,
                                                attributes: rankedAttributes, selection: .decisions(decisions)))
        }
        let ranked: [[GroupRankStatistics]]
        switch phases[0] {
        case .ranked(let statistics): ranked = statistics
        case .cachedRanks(let result): ranked = try result.get()
        case .tally: preconditionFailure("audit phases out of order")
        }
        guard case .tally(let frame) = phases[1] else { preconditionFailure("audit phases out of order") }
        let tally = (groups: frame.groups.map { $0.map(\.cells) }, overall: frame.overall.cells)

        // Reference group per attribute.
        var references = [Int]()
        for (a, attribute) in attributes.enumerated() {
            if let value = config.references[attribute.name] {
                guard let g = attribute.levels.firstIndex(of: value) else {
                    throw AuditError.referenceValueAbsent(attribute: attribute.name, value: value, levels: attribute.levels)
                }
                let n = tally.groups[a][g].rows
                if n < config.minGroupSize {
                    throw AuditError.referenceSuppressed(attribute: attribute.name, value: value, n: n, minimum: config.minGroupSize)
                }
                references.append(g)
            } else {
                var best = 0
                for g in tally.groups[a].indices where tally.groups[a][g].total > tally.groups[a][best].total { best = g }
                references.append(best)
            }
        }

        // Small-cell protection: primary and complementary suppression (``GroupSuppression``).
        let hidden = GroupSuppression.pattern(
            attributes: attributes, intersected: config.intersect && data.attributes.count >= 2,
            rows: tally.groups.map { $0.map(\.rows) },
            eligible: attributes.indices.map { a in tally.groups[a].indices.map { $0 != references[a] } },
            quantities: tally.groups.map { $0.map { [Double($0.tpRows), Double($0.fpRows), Double($0.tnRows), Double($0.fnRows)] } },
            minimum: config.minGroupSize).suppressed

        // Verdict count for the Bonferroni adjustment.
        var comparisons = 0
        for a in attributes.indices where !hidden[a][references[a]] {
            for g in tally.groups[a].indices where g != references[a] && !hidden[a][g] {
                comparisons += ParityTest.allCases.count
            }
        }
        let alpha = 1 - config.confidenceLevel
        let adjustedAlpha = config.adjustment == .bonferroni && comparisons > 0 ? alpha / Double(comparisons) : alpha
        let replicates = config.bootstrap > 0
            ? Self.bootstrap(tally.groups, references: references, replicates: config.bootstrap, seed: config.seed, progress: progress)
            : nil

        // AUC and calibration: every attribute plus the overall pseudo-attribute, from one sort.
        let perRow = Array(ranked.dropLast())
        let thresholds = ThresholdSweep.thresholds(scores: data.scores, points: config.sweepPoints)

        var results = [AttributeResult]()
        for (a, attribute) in attributes.enumerated() {
            let counts = tally.groups[a]
            let selected = counts.reduce(0) { $0 + $1.predictedPositive }
            let totalWeight = counts.reduce(0) { $0 + $1.total }
            let ref = references[a]
            var groups = [GroupResult]()
            for g in counts.indices {
                let c = counts[g]
                let suppressed = hidden[a][g]
                var result = GroupResult(attribute: attribute.name, value: attribute.levels[g], n: c.rows, weight: c.total,
                                         share: GroupRates.share(c.total, of: totalWeight), suppressed: suppressed,
                                         unreliable: c.rows < config.unreliableBelow, isReference: g == ref, counts: c,
                                         rates: [:], auc: nil, brier: nil, meanScore: nil, calibration: nil, disparities: [:], verdicts: [:])
                if !suppressed {
                    result.rates = GroupRates.rates(c, selectedTotal: selected)
                    result.auc = perRow[a][g].auc
                    result.calibration = perRow[a][g].calibration
                    result.meanScore = GroupRates.meanScore(c)
                    if probabilityScores { result.brier = GroupRates.brier(c) }
                    if g != ref && !hidden[a][ref] {
                        for (m, metric) in disparityMetrics.enumerated() {
                            var d = Disparity()
                            if let point = GroupRates.disparity(metric, c, reference: counts[ref], selectedTotal: selected) {
                                d.ratio = point.ratio.isNaN ? nil : point.ratio
                                d.difference = point.difference
                            }
                            if let replicates {
                                let k = replicateIndex(attribute: a, group: g, metric: m, groups: tally.groups)
                                (d.ciLower, d.ciUpper) = GroupBootstrap.interval(replicates[k], alpha: adjustedAlpha)
                                (d.differenceCiLower, d.differenceCiUpper) = GroupBootstrap.interval(replicates[k + 1], alpha: adjustedAlpha)
                            }
                            result.disparities[metric] = d
                        }
                        for test in ParityTest.allCases {
                            let d = result.disparities[test.metric]!
                            result.verdicts[test] = Verdict(ratio: d.ratio, ciLower: d.ciLower, ciUpper: d.ciUpper, tau: config.tau,
                                                            sides: .both, bootstrap: replicates != nil)
                        }
                    }
                }
                groups.append(result)
            }
            let include = hidden[a].map { !$0 }
            let included = counts.indices.filter { include[$0] }.map { counts[$0] }
            results.append(AttributeResult(name: attribute.name, reference: attribute.levels[ref], groups: groups,
                                           summary: FairnessSummary.compute(included),
                                           sweep: ThresholdSweep.curves(data, attribute: attribute, thresholds: thresholds, include: include)))
        }

        let all = tally.overall
        let overall = GroupResult(attribute: "(all)", value: "(all)", n: all.rows, weight: all.total, share: 1, suppressed: false,
                                  unreliable: all.rows < config.unreliableBelow, isReference: false, counts: all,
                                  rates: GroupRates.rates(all, selectedTotal: all.predictedPositive),
                                  auc: ranked.last![0].auc,
                                  brier: probabilityScores ? GroupRates.brier(all) : nil,
                                  meanScore: GroupRates.meanScore(all),
                                  calibration: ranked.last![0].calibration, disparities: [:], verdicts: [:])
        for attribute in results {
            // With one comparable group there is no reference to compare with: say so rather than print empty tables.
            let shown = attribute.groups.filter { !$0.suppressed }
            if shown.count < 2 {
                warnings.append("\(attribute.name): only \(shown.count) group(s) with at least \(config.minGroupSize) rows (\(shown.map(\.value).joined(separator: ", "))): there is nothing to compare, so no disparities or verdicts")
            }
            warnings += GroupSuppression.warnings(attribute.name, groups: attribute.groups.map { ($0.value, $0.suppressed, $0.unreliable) },
                                                  unreliableBelow: config.unreliableBelow, minimum: config.minGroupSize, measures: "metrics")
        }
        return AuditReport(configuration: config, decisions: decisions, overall: overall, attributes: results, sweepThresholds: thresholds,
                           effectiveConfidenceLevel: 1 - adjustedAlpha, comparisons: comparisons, rowsRead: data.rowsRead,
                           rowsUsed: data.rowsUsed, missingByColumn: data.missingByColumn, warnings: warnings,
                           scoreName: data.scoreName, outcomeName: data.outcomeName)
    }

    /// Replicates of the disparities (ratio, then difference, of every metric of every group of every
    /// attribute): each replicate resamples every group's confusion cells (``GroupBootstrap/resampleCells(_:rng:)``).
    static func bootstrap(_ groups: [[ConfusionCounts]], references: [Int], replicates: Int, seed: UInt64,
                          progress: ProgressObserver?) -> [[Double]] {
        let statistics = groups.reduce(0) { $0 + $1.count } * disparityMetrics.count * 2
        return GroupBootstrap.run(replicates: replicates, statistics: statistics, seed: seed, label: "bootstrap", progress: progress) { rng, out in
            var k = 0
            for (a, counts) in groups.enumerated() {
                let drawn = counts.map { GroupBootstrap.resampleCells($0, rng: &rng) }
                let selected = drawn.reduce(0) { $0 + $1.predictedPositive }
                for g in drawn.indices {
                    for metric in disparityMetrics {
                        if let d = GroupRates.disparity(metric, drawn[g], reference: drawn[references[a]], selectedTotal: selected) {
                            out[k] = d.ratio
                            out[k + 1] = d.difference
                        }
                        k += 2
                    }
                }
            }
        }
    }

    /// Index of the ratio replicates of (attribute, group, metric) in ``bootstrap(_:references:replicates:seed:progress:)``'s
    /// output; the difference replicates follow it.
    static func replicateIndex(attribute a: Int, group g: Int, metric m: Int, groups: [[ConfusionCounts]]) -> Int {
        let before = groups[..<a].reduce(0) { $0 + $1.count } + g
        return (before * disparityMetrics.count + m) * 2
    }
}

/// The two independent parts of a bias audit's computation.
private enum AuditPhase: Sendable {
    case ranked([[GroupRankStatistics]])
    /// The rank statistics from a projection cache (its window-ordered copy may fail to be written).
    case cachedRanks(Result<[[GroupRankStatistics]], any Error>)
    case tally(GroupMetricFrame)
}
