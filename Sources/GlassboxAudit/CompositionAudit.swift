import GlassboxCore

/// Composition audit of one attribute of a lookalike expansion
/// (``LookalikeAudience/composition(of:groups:settings:)``): does the expanded audience (and the seed
/// list) have the population's make-up on attributes that were not features? A configuration of the
/// group-metrics core (`GroupMetricFrame`): the audience is the selected set, the seed list the outcome.
///
/// Per attribute and group: counts and shares in the population (every scored row), the seed list and
/// the audience; the representation ratio = audience share / population share (and the same for the
/// seeds); a percentile interval of the audience ratio from a multinomial bootstrap of the audience's
/// group counts (`GroupBootstrap.resampleSelectedSet`; replicate r uses
/// `SeededGenerator(seed:, stream: r)`); and the two-sided 80 %-rule ``Verdict`` on that ratio (pass within [τ, 1/τ]; with the bootstrap,
/// inconclusive when the interval crosses a bound). A verdict of fail is reported as over- or
/// under-representation in words. Groups with fewer than `minGroupSize` rows in the population or in
/// the audience are suppressed (counts hidden, no verdict), with complementary suppression as in the
/// bias audit (`ComplementarySuppression`: no suppressed group's population, seed or
/// audience count follows from the totals and the shown groups). A shown group's seed count between 1
/// and `minGroupSize` − 1 is hidden (count, share, ratio) under the same rule within the seed list.
/// Per attribute: Pearson's chi-square goodness-of-fit test of the audience's counts against the
/// population shares, X² = Σ (O − E)²/E with E = audience size · population share, df = groups − 1
/// (scipy.stats.chisquare), over the unsuppressed groups (for the seed list: over those whose seed
/// count is shown).
public struct CompositionAudit: Sendable, Equatable, Codable {
    /// The settings of a composition audit (the one ``AuditConfiguration``: `tau`, `minGroupSize`,
    /// `bootstrap`, `confidenceLevel`, `seed`).
    package typealias Settings = AuditConfiguration

    /// One group of the attribute in the population, the seed list and the audience.
    public struct Group: Sendable, Equatable, Codable {
        /// The group's value.
        public var value: String
        /// Too few rows in the population or the audience (or complementary suppression): counts hidden, no verdict.
        public var suppressed: Bool
        /// Rows of the group in the population.
        public var population: Int?
        /// Seed rows of the group (nil when hidden as a small count).
        public var seeds: Int?
        /// Audience rows of the group.
        public var audience: Int?
        /// population / population size.
        public var populationShare: Double?
        /// seeds / seed-list size.
        public var seedShare: Double?
        /// audience / audience size.
        public var audienceShare: Double?
        /// audienceShare / populationShare.
        public var audienceRatio: Double?
        /// Lower end of the bootstrap percentile interval of the audience ratio.
        public var ciLower: Double?
        /// Upper end of the bootstrap percentile interval of the audience ratio.
        public var ciUpper: Double?
        /// seedShare / populationShare.
        public var seedRatio: Double?
        /// "pass", "fail" or "inconclusive" (``Verdict``'s raw value; nil when suppressed).
        public var verdict: String?
        /// Plain words for a fail: over- or under-represented.
        public var flag: String?
    }

    /// The attribute (column).
    public var name: String
    /// Every group, suppressed ones included (without counts).
    public var groups: [Group]
    /// Pearson's X² of the audience's counts against the population shares (nil with fewer than two groups shown).
    public var chiSquare: Double?
    /// Groups shown − 1.
    public var degreesOfFreedom: Int?
    /// P(χ²_df ≥ X²).
    public var pValue: Double?
    /// X² of the seed list's counts against the population shares.
    public var seedChiSquare: Double?
    /// Its p-value.
    public var seedPValue: Double?

    /// - Parameters:
    ///   - attributes: group of every population row.
    ///   - seeds, audience: per population row.
    /// - Throws: ``AuditError/tooManyLabels(attribute:count:limit:)`` for an attribute of more than
    ///   ``GroupAttribute/maximumLabels`` labels.
    package static func run(attributes: [GroupAttribute], seeds: [Bool], audience: [Bool], settings: AuditConfiguration) throws -> [CompositionAudit] {
        try GroupAttribute.checkLabelCounts(attributes)
        let alpha = 1 - settings.confidenceLevel
        let frame = GroupMetricFrame.tally(scores: nil, outcomes: seeds.map { $0 ? 1 : 0 }, weights: nil, treatment: nil,
                                           attributes: attributes, selection: .flags(audience))
        return attributes.enumerated().map { a, attribute in
            let g = attribute.levels.count
            let pop = frame.groups[a].map(\.rows), seed = frame.groups[a].map(\.outcomeRows), aud = frame.groups[a].map(\.selectedRows)
            let nPop = Double(pop.reduce(0, +)), nSeed = Double(seed.reduce(0, +)), nAud = aud.reduce(0, +)
            // Small cells: a group under the minimum in the population or the audience is suppressed, and
            // complementary groups with it (``GroupSuppression``), so that no count of a suppressed group
            // follows from the totals (population, seed list and audience sizes).
            let small = (0..<g).map { pop[$0] < settings.minGroupSize || aud[$0] < settings.minGroupSize }
            let hidden = ComplementarySuppression.pattern(
                primary: small, rows: pop,
                quantities: (0..<g).map { (j: Int) -> [Double] in
                    let s = Double(seed[j]), a = Double(aud[j]), p = Double(pop[j])
                    return [s, p - s, a, p - a]
                },
                equations: [.init(total: nil, members: Array(0..<g))]).suppressed
            let kept = (0..<g).filter { !hidden[$0] }
            // Seed counts of shown groups: 1 … minimum − 1 seeds are hidden (count, share and ratio), with
            // complementary seed counts so that none follows from the seed list's size.
            let seedHidden = ComplementarySuppression.pattern(
                primary: (0..<g).map { hidden[$0] || (seed[$0] > 0 && seed[$0] < settings.minGroupSize) }, rows: seed,
                eligible: (0..<g).map { !hidden[$0] },
                quantities: (0..<g).map { [Double(seed[$0])] },
                equations: [.init(total: nil, members: Array(0..<g))]).suppressed
            // Bootstrap: the audience's counts are one multinomial draw of its size over its observed shares.
            var replicateRatios = [[Double]](repeating: [], count: g)
            if settings.bootstrap > 0 && nAud > 0 {
                replicateRatios = GroupBootstrap.run(replicates: settings.bootstrap, statistics: g, seed: settings.seed,
                                                     label: "composition bootstrap") { rng, out in
                    let drawn = GroupBootstrap.resampleSelectedSet(aud, size: nAud, rng: &rng)
                    for j in 0..<g where pop[j] > 0 {
                        out[j] = GroupRates.representation(selectedShare: GroupRates.share(Double(drawn[j]), of: Double(nAud)),
                                                           populationShare: GroupRates.share(Double(pop[j]), of: nPop))
                    }
                }
            }
            var groups = [Group]()
            for j in 0..<g {
                let suppressed = !kept.contains(j)
                var group = Group(value: attribute.levels[j], suppressed: suppressed)
                if !suppressed {
                    let popShare = GroupRates.share(Double(pop[j]), of: nPop)
                    group.population = pop[j]
                    group.seeds = seedHidden[j] ? nil : seed[j]
                    group.audience = aud[j]
                    group.populationShare = popShare
                    group.seedShare = seedHidden[j] ? nil : GroupRates.ratio(Double(seed[j]), nSeed)
                    group.audienceShare = GroupRates.ratio(Double(aud[j]), Double(nAud)) ?? .nan
                    group.audienceRatio = GroupRates.representation(selectedShare: group.audienceShare!, populationShare: popShare)
                    group.seedRatio = group.seedShare.map { GroupRates.representation(selectedShare: $0, populationShare: popShare) }
                    var d = Disparity()
                    d.ratio = group.audienceRatio
                    if settings.bootstrap > 0 {
                        (d.ciLower, d.ciUpper) = GroupBootstrap.interval(replicateRatios[j], alpha: alpha)
                        group.ciLower = d.ciLower
                        group.ciUpper = d.ciUpper
                    }
                    let verdict = Verdict(ratio: d.ratio, ciLower: d.ciLower, ciUpper: d.ciUpper, tau: settings.tau, sides: .both,
                                          bootstrap: settings.bootstrap > 0)
                    group.verdict = verdict.rawValue
                    if verdict == .fail, let ratio = d.ratio {
                        let pct = { (x: Double) in String(format: "%.1f %%", 100 * x) }
                        let direction = ratio > 1 ? "over-represented" : "under-represented"
                        group.flag = "\(attribute.name) = \(attribute.levels[j]) is \(direction) in the expanded audience: "
                            + "\(pct(group.audienceShare!)) of the audience vs \(pct(popShare)) of the population (ratio "
                            + String(format: "%.2f", ratio) + ", outside the 80 % rule's [\(settings.tau), " + String(format: "%.2f", 1 / settings.tau) + "])"
                    }
                }
                groups.append(group)
            }
            var result = CompositionAudit(name: attribute.name, groups: groups)
            if kept.count >= 2 {
                let test = ChiSquare.goodnessOfFit(observed: kept.map { Double(aud[$0]) }, expectedShares: kept.map { Double(pop[$0]) })
                result.chiSquare = test.statistic
                result.degreesOfFreedom = test.degreesOfFreedom
                result.pValue = test.pValue
                // Over the groups whose seed counts are shown: the statistic of a hidden count could be solved for it.
                let seedKept = kept.filter { !seedHidden[$0] }
                if nSeed > 0, seedKept.count >= 2 {
                    let seedTest = ChiSquare.goodnessOfFit(observed: seedKept.map { Double(seed[$0]) }, expectedShares: seedKept.map { Double(pop[$0]) })
                    result.seedChiSquare = seedTest.statistic
                    result.seedPValue = seedTest.pValue
                }
            }
            return result
        }
    }
}
