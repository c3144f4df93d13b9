import GlassboxCore
import GlassboxMetrics

/// Entry point of a targeting (persuasion) audit: who is in the targeted set of an uplift score, and
/// who is written off.
///
/// A configuration of the group-metrics core (``GroupMetricFrame``): the targeted set is the selected
/// set, the highest-uplift fraction of the rows (``DecisionRule/top(_:)``, the bias audit's deterministic
/// file-order tie rule); one pass tallies every group with its treatment arms; each group's targeting
/// ratio (targeted share / population share, ``GroupRates``), mean predicted uplift and observed effect
/// within the group (``TargetingEffect``); the stratified count bootstrap of the ratios
/// (``GroupBootstrap/resampleSelected(_:rng:)``); one-sided 80 %-rule verdicts (``Verdict/Sides/below``); small-cell
/// suppression, primary and complementary (``GroupSuppression``); and scikit-uplift's `qiniAuc`, `upliftAuc`, `upliftAtK` on all rows
/// (``Metrics/UpliftEvaluation``).
package enum TargetingAudit {
    /// `progress` hears of the bootstrap replicates (targeting ratios, then the Qini/AUUC intervals).
    package static func run(_ data: TargetingData, configuration config: AuditConfiguration,
                           progress: ProgressObserver? = nil) throws -> TargetingReport {
        guard config.top > 0, config.top <= 1 else { throw AuditError.invalidSetting("\(parameter: .top) must be a fraction in (0, 1], got \(config.top)") }
        guard config.minGroupSize >= 0 else { throw AuditError.invalidSetting("\(parameter: .minGroupSize) must be ≥ 0") }
        guard config.bootstrap >= 0, config.metricBootstrap >= 0 else { throw AuditError.invalidSetting("\(parameter: .bootstrap) must be ≥ 0") }
        guard config.tau > 0, config.tau <= 1 else { throw AuditError.invalidSetting("\(parameter: .tau) must be in (0, 1], got \(config.tau)") }
        guard config.confidenceLevel > 0, config.confidenceLevel < 1 else {
            throw AuditError.invalidSetting("\(parameter: .confidenceLevel) must be in (0, 1), got \(config.confidenceLevel)")
        }
        guard !data.uplift.isEmpty else { throw AuditError.noRowsLeft(rowsRead: data.rowsRead, missingByColumn: data.missingByColumn) }
        let treatedRows = data.treatedRows, controlRows = data.controlRows
        guard treatedRows > 1, controlRows > 1 else {
            throw AuditError.invalidSetting("a targeting audit needs at least two treated and two control rows (found \(treatedRows) and \(controlRows))")
        }
        var attributes = data.attributes
        try GroupAttribute.checkLabelCounts(attributes)
        if config.intersect && attributes.count >= 2 { attributes.append(try GroupAttribute.intersection(of: data.attributes)) }

        let decisions = try Decisions.resolve(.top(config.top), scores: data.uplift)
        let tally = GroupMetricFrame.tally(scores: data.uplift, outcomes: data.outcomes, weights: nil, treatment: data.treatment,
                                           attributes: attributes, selection: .decisions(decisions))
        let total = tally.overall
        let k = total.selectedRows, n = total.rows
        let alpha = 1 - config.confidenceLevel
        let replicates = config.bootstrap > 0 ? Self.bootstrap(tally.groups, replicates: config.bootstrap, seed: config.seed,
                                                               progress: progress) : nil
        var warnings = [String]()
        if k == 0 { warnings.append("--top \(config.top) selects no row of \(n): every group's targeting ratio is undefined") }

        // Small-cell protection: primary and complementary suppression (``GroupSuppression``), with zero
        // sums checked for the targeted and untargeted rows and each arm's rows, responders and non-responders.
        let hidden = GroupSuppression.pattern(
            attributes: attributes, intersected: config.intersect && data.attributes.count >= 2,
            rows: tally.groups.map { $0.map(\.rows) },
            quantities: tally.groups.map { $0.map(Self.suppressionQuantities) },
            minimum: config.minGroupSize).suppressed

        var results = [TargetingAttributeResult]()
        for (a, attribute) in attributes.enumerated() {
            var groups = [TargetingGroupResult]()
            for (g, c) in tally.groups[a].enumerated() {
                let suppressed = hidden[a][g]
                var result = describe(c, attribute: attribute.name, value: attribute.levels[g], total: total, level: config.confidenceLevel, tau: config.tau)
                result.unreliable = c.rows < config.unreliableBelow
                if suppressed {
                    result = TargetingGroupResult(attribute: attribute.name, value: attribute.levels[g], n: c.rows, targeted: 0, populationShare: 0,
                                                  targetedShare: 0, ratio: nil, ciLower: nil, ciUpper: nil, writtenOff: false, verdict: nil,
                                                  suppressed: true, unreliable: result.unreliable, meanUplift: nil, meanUpliftTargeted: nil,
                                                  effect: nil, targetedEffect: nil)
                } else {
                    if let replicates {
                        let index = tally.groups[..<a].reduce(0) { $0 + $1.count } + g
                        (result.ciLower, result.ciUpper) = GroupBootstrap.interval(replicates[index], alpha: alpha)
                    }
                    result.verdict = Verdict(ratio: result.ratio, ciLower: result.ciLower, ciUpper: result.ciUpper, tau: config.tau,
                                             sides: .below, bootstrap: replicates != nil)
                }
                groups.append(result)
            }
            results.append(TargetingAttributeResult(name: attribute.name, groups: groups))
        }
        for attribute in results {
            let off = attribute.groups.filter { $0.verdict == .fail }.map(\.value)
            if !off.isEmpty {
                warnings.append("\(attribute.name): group(s) \(off.joined(separator: ", ")) are written off (targeted share below \(config.tau) of population share)")
            }
            warnings += GroupSuppression.warnings(attribute.name, groups: attribute.groups.map { ($0.value, $0.suppressed, $0.unreliable) },
                                                  unreliableBelow: config.unreliableBelow, minimum: config.minGroupSize, measures: "results")
            let noEffect = attribute.groups.filter { !$0.suppressed && $0.effect?.stdError == nil }.map(\.value)
            if !noEffect.isEmpty {
                warnings.append("\(attribute.name): group(s) \(noEffect.joined(separator: ", ")) have fewer than two rows in an arm; their observed effect has no interval")
            }
        }

        var overall = describe(total, attribute: "(all)", value: "(all)", total: total, level: config.confidenceLevel, tau: config.tau)
        overall.unreliable = n < config.unreliableBelow
        let untargeted = TargetingEffect(treatedSum: total.armResponders(1) - total.selectedArmResponders(1),
                                                  nTreated: total.armRows(1) - total.selectedArmRows(1),
                                                  controlSum: total.armResponders(0) - total.selectedArmResponders(0),
                                                  nControl: total.armRows(0) - total.selectedArmRows(0), level: config.confidenceLevel)
        let evaluation = try UpliftEvaluation(outcomes: data.outcomes, uplift: data.uplift, treatment: data.treatment, ks: config.ks,
                                              bins: 10, bootstrap: config.metricBootstrap, seed: config.seed, level: config.confidenceLevel,
                                              progress: progress)
        return TargetingReport(configuration: config, decisions: decisions, targetedRows: k, overall: overall, untargetedEffect: untargeted,
                               evaluation: evaluation, attributes: results, rowsRead: data.rowsRead, rowsUsed: data.rowsUsed,
                               otherArmRows: data.otherArmRows, treatedRows: treatedRows, controlRows: controlRows,
                               missingByColumn: data.missingByColumn, warnings: warnings)
    }

    /// The counts of a group whose zero sums suppression checks: targeted and untargeted rows, and per
    /// arm its rows, responders, non-responders, targeted rows and targeted responders.
    static func suppressionQuantities(_ c: GroupCounts) -> [Double] {
        var q: [Double] = [Double(c.selectedRows), Double(c.rows - c.selectedRows)]
        for arm in 0..<2 {
            let rows = Double(c.armRows(arm)), responders = c.armResponders(arm)
            q += [rows, responders, rows - responders, Double(c.selectedArmRows(arm)), c.selectedArmResponders(arm)]
        }
        return q
    }

    /// Replicates of the targeting ratio of every group of every attribute (in that order): each
    /// replicate resamples every group's targeted rows (``GroupBootstrap/resampleSelected(_:rng:)``).
    static func bootstrap(_ groups: [[GroupCounts]], replicates: Int, seed: UInt64, progress: ProgressObserver?) -> [[Double]] {
        GroupBootstrap.run(replicates: replicates, statistics: groups.reduce(0) { $0 + $1.count }, seed: seed,
                           label: "targeting bootstrap", progress: progress) { rng, out in
            var k = 0
            for counts in groups {
                let drawn = counts.map { GroupBootstrap.resampleSelected($0, rng: &rng) }
                let total = counts.reduce(0) { $0 + $1.rows }, selected = drawn.reduce(0, +)
                for g in counts.indices {
                    out[k] = GroupRates.representation(selected: drawn[g], rows: counts[g].rows, selectedTotal: selected, total: total)
                    k += 1
                }
            }
        }
    }

    /// Shares, ratio, means and effects of one group from its counts (no interval, no verdict).
    static func describe(_ c: GroupCounts, attribute: String, value: String, total: GroupCounts, level: Double, tau: Double) -> TargetingGroupResult {
        let n = Double(total.rows), k = Double(total.selectedRows)
        let populationShare = GroupRates.share(Double(c.rows), of: n)
        let targetedShare = GroupRates.share(Double(c.selectedRows), of: k)
        let ratio: Double? = k > 0 && c.rows > 0 ? GroupRates.representation(selectedShare: targetedShare, populationShare: populationShare) : nil
        return TargetingGroupResult(
            attribute: attribute, value: value, n: c.rows, targeted: c.selectedRows, populationShare: populationShare, targetedShare: targetedShare,
            ratio: ratio, ciLower: nil, ciUpper: nil, writtenOff: ratio.map { $0 < tau } ?? false, verdict: nil, suppressed: false, unreliable: false,
            meanUplift: GroupRates.mean(c.cells.scoreSum, count: c.rows),
            meanUpliftTargeted: GroupRates.mean(c.selectedScoreSum, count: c.selectedRows),
            effect: TargetingEffect(treatedSum: c.armResponders(1), nTreated: c.armRows(1), controlSum: c.armResponders(0),
                                             nControl: c.armRows(0), level: level),
            targetedEffect: TargetingEffect(treatedSum: c.selectedArmResponders(1), nTreated: c.selectedArmRows(1),
                                                     controlSum: c.selectedArmResponders(0), nControl: c.selectedArmRows(0), level: level))
    }
}
