import Foundation
import GlassboxCore
import Testing
@testable import GlassboxAudit

/// Step 2d of `docs/design/bounded-audit.md`: the rank statistics (AUC, calibration bins, in-the-large,
/// slope) from a sweep state fed window by window, every sum exact; compared with the legacy one-sweep
/// code (``LegacyRankStatisticsOracle``, double running sums in (score, row) order).
@Suite("Windowed rank statistics: exact sums, any window size, against the legacy sweep")
struct WindowedRankStatisticsTests {
    /// Scores on a grid (heavy ties, ±0 among them), outcomes tied to the score, weights over twelve
    /// decades (plain double sums of these depend on the order); attribute "g" has four random levels,
    /// an empty level and a level whose rows are all negative; attribute "h" two random levels.
    static func data(_ n: Int, seed: UInt64, weighted: Bool, grid: Double = 40) -> (data: AuditData, attributes: [GroupAttribute]) {
        var rng = SeededGenerator(seed: seed)
        var s = [Double](), y = [Double](), w = [Double](), g = [Int32](), h = [Int32]()
        for _ in 0..<n {
            var score = (rng.nextUniform() * grid).rounded() / grid
            if score == 0 && rng.nextBernoulli(0.5) { score = -0.0 }
            let code = Int32(rng.nextInt(below: 5))
            s.append(score)
            g.append(code == 4 ? 5 : code)
            h.append(Int32(rng.nextInt(below: 2)))
            y.append(code != 4 && rng.nextUniform() < 0.2 + 0.6 * score ? 1 : 0)
            w.append((0.5 + rng.nextUniform()) * pow(10, Double(rng.nextInt(below: 13) - 6)))
        }
        let attributes = [GroupAttribute(name: "g", levels: ["a", "b", "c", "d", "empty", "negative"], codes: g),
                          GroupAttribute(name: "h", levels: ["x", "y"], codes: h)]
        return (AuditData(scores: s, outcomes: y, weights: weighted ? w : nil, attributes: attributes), attributes)
    }

    static func include(_ attributes: [GroupAttribute]) -> [[Bool]] {
        attributes.map { [Bool](repeating: true, count: $0.levels.count) } + [[true]]
    }

    /// Every field's bits: AUC, then per bin (n, mean score, observed rate), in-the-large, slope, intercept.
    static func bits(auc: Double?, calibration: Calibration?) -> [UInt64] {
        var b = [auc.map(\.bitPattern) ?? 1]
        if let c = calibration {
            for bin in c.bins { b += [UInt64(bin.n), bin.meanScore.bitPattern, bin.observedRate.bitPattern] }
            b += [c.inTheLarge.bitPattern, c.slope.map(\.bitPattern) ?? 1, c.intercept.map(\.bitPattern) ?? 1]
        }
        return b
    }

    static func bits(_ stats: [[GroupRankStatistics]]) -> [[[UInt64]]] {
        stats.map { $0.map { bits(auc: $0.auc, calibration: $0.calibration) } }
    }

    @Test("window sizes 1, 7, 500 and n give bit-identical statistics (weighted and not, several groups, ties)")
    func anyWindowSize() {
        let n = 3000
        for weighted in [false, true] {
            let (data, attributes) = Self.data(n, seed: 24, weighted: weighted)
            let whole = GroupRankStatistics.compute(data, attributes: attributes, overall: true, include: Self.include(attributes), bins: 10,
                                                    probability: true)
            // The statistics are there to compare: AUC and calibration of the populated two-class groups.
            #expect(whole[0][0].auc != nil && whole[0][0].calibration?.slope != nil && whole[2][0].calibration?.bins.count == 10)
            #expect(whole[0][4].auc == nil && whole[0][4].calibration?.bins.isEmpty == true, "the empty group has no statistics")
            #expect(whole[0][5].auc == nil && whole[0][5].calibration?.slope == nil, "the one-class group has no AUC or slope")
            let expected = Self.bits(whole)
            for rows in [1, 7, 500, n] {
                let windowed = GroupRankStatistics.compute(data, attributes: attributes, overall: true, include: Self.include(attributes),
                                                           bins: 10, probability: true, windowRows: rows)
                #expect(Self.bits(windowed) == expected, "weighted \(weighted), windows of \(rows) rows")
            }
        }
    }

    @Test("windows are consecutive, cover the rows, hold at most M rows and never split a run of ties (a longer run alone)")
    func windowCuts() {
        var rng = SeededGenerator(seed: 3)
        var scores = (0..<2000).map { _ in (rng.nextUniform() * 30).rounded() / 30 }
        scores += [Double](repeating: 2, count: 40)
        scores.sort()
        for m in [1, 7, 25, 64, 2040, 5000] {
            let windows = GroupRankStatistics.windows(sortedScores: scores, rows: m)
            #expect(windows.first?.lowerBound == 0 && windows.last?.upperBound == scores.count)
            for (a, b) in zip(windows, windows.dropFirst()) {
                #expect(a.upperBound == b.lowerBound)
                #expect(scores[a.upperBound - 1] != scores[b.lowerBound], "M = \(m): a run split at \(b.lowerBound)")
            }
            for w in windows where w.count > m {
                #expect(scores[w.lowerBound] == scores[w.upperBound - 1], "M = \(m): a window of \(w.count) rows holds several scores")
            }
            if m == 25 { #expect(windows.contains { $0.count == 40 }, "the run of 40 is one window") }
        }
    }

    @Test("the sweep state carries a run across windows: any cut, even inside a run of ties, gives the same bits")
    func cutsInsideRuns() {
        let (data, attributes) = Self.data(2000, seed: 7, weighted: true, grid: 10)
        let whole = GroupRankStatistics.compute(data, attributes: attributes, include: Self.include(attributes), bins: 10, probability: true)
        let order = (0..<data.scores.count).sorted { (data.scores[$0], $0) < (data.scores[$1], $1) }
        let s = order.map { data.scores[$0] }, y = order.map { data.outcomes[$0] }, w = order.map { data.weights![$0] }
        let codes = order.map { attributes[0].codes[$0] }
        var sizes = [Int](repeating: 0, count: 6)
        for c in codes { sizes[Int(c)] += 1 }
        var rng = SeededGenerator(seed: 70)
        var runsCut = 0
        for _ in 0..<3 {
            let sweep = RankSweep(sizes: sizes, bins: 10, probability: true, weighted: true)
            var start = 0
            while start < s.count {
                let end = min(s.count, start + 1 + rng.nextInt(below: 150))
                if end < s.count && s[end] == s[end - 1] { runsCut += 1 }
                sweep.feed(scores: s[start..<end], outcomes: y[start..<end], weights: w[start..<end], codes: codes[start..<end])
                start = end
            }
            let stats = sweep.finish(include: [Bool](repeating: true, count: 6))
            #expect(stats.map { Self.bits(auc: $0.auc, calibration: $0.calibration) } == Self.bits(whole)[0])
        }
        #expect(runsCut > 0, "some cuts fell inside a run of ties")
    }

    /// |a − b| within `units` units in the last place of |b| (2⁻⁵³ relative, plus one ulp of slack).
    static func within(_ a: Double, _ b: Double, units: Double, scale: Double? = nil) -> Bool {
        a == b || abs(a - b) <= units * 0x1p-53 * (scale ?? abs(b)) + b.ulp
    }

    @Test("unweighted: AUC, bin counts and observed rates bit-identical to the legacy sweep; mean scores and in-the-large within the legacy's rounding bound; slope within 1e-9")
    func unweightedAgainstLegacy() throws {
        let (data, attributes) = Self.data(20_000, seed: 11, weighted: false)
        let include = Self.include(attributes)
        let new = GroupRankStatistics.compute(data, attributes: attributes, overall: true, include: include, bins: 10, probability: true)
        let old = LegacyRankStatisticsOracle.compute(data, attributes: attributes, overall: true, include: include, bins: 10, probability: true)
        var compared = 0, moved = 0
        for a in new.indices {
            for g in new[a].indices {
                #expect(new[a][g].auc?.bitPattern == old[a][g].auc?.bitPattern, "AUC of \(a)/\(g)")
                let c = try #require(new[a][g].calibration), l = try #require(old[a][g].calibration)
                #expect(c.bins.map(\.n) == l.bins.map(\.n))
                #expect(c.bins.map(\.observedRate.bitPattern) == l.bins.map(\.observedRate.bitPattern), "observed rates of \(a)/\(g)")
                for (x, z) in zip(c.bins, l.bins) {
                    // The legacy Σs is a running sum of n nonnegative terms: relative error ≤ (n − 1)·2⁻⁵³, one more rounding in the quotient.
                    #expect(Self.within(x.meanScore, z.meanScore, units: Double(x.n + 1)), "\(x.meanScore) vs \(z.meanScore)")
                    if x.meanScore != z.meanScore { moved += 1 }
                }
                try Self.expectMoved(c, l, rows: c.bins.reduce(0) { $0 + $1.n }, label: "\(a)/\(g)")
                if c.slope != nil { compared += 1 }
            }
        }
        #expect(compared == 7, "slopes compared: the four two-class levels of g, both of h and overall (none for the empty and one-class levels)")
        #expect(moved > 0, "some bin mean scores moved: the legacy sums of 1/40-grid scores round on the way")
    }

    @Test("weighted: AUC, bin mean scores, observed rates and in-the-large within the legacy's rounding bound; slope within 1e-9")
    func weightedAgainstLegacy() throws {
        for seed in [12, 13] as [UInt64] {
            let (data, attributes) = Self.data(20_000, seed: seed, weighted: true)
            let include = Self.include(attributes)
            let new = GroupRankStatistics.compute(data, attributes: attributes, overall: true, include: include, bins: 10, probability: true)
            let old = LegacyRankStatisticsOracle.compute(data, attributes: attributes, overall: true, include: include, bins: 10, probability: true)
            for a in new.indices {
                for g in new[a].indices {
                    let c = try #require(new[a][g].calibration), l = try #require(old[a][g].calibration)
                    let rows = c.bins.reduce(0) { $0 + $1.n }
                    #expect((new[a][g].auc == nil) == (old[a][g].auc == nil))
                    if let x = new[a][g].auc, let z = old[a][g].auc {
                        // Legacy: running sums of nonnegative terms (prefix, numerator, runs), each ≤ n terms.
                        #expect(Self.within(x, z, units: Double(3 * rows + 4)), "AUC of \(a)/\(g): \(x) vs \(z)")
                    }
                    #expect(c.bins.map(\.n) == l.bins.map(\.n))
                    for (x, z) in zip(c.bins, l.bins) {
                        #expect(Self.within(x.meanScore, z.meanScore, units: Double(2 * x.n + 2)), "mean score \(x.meanScore) vs \(z.meanScore)")
                        #expect(Self.within(x.observedRate, z.observedRate, units: Double(2 * x.n + 2)), "observed rate \(x.observedRate) vs \(z.observedRate)")
                    }
                    try Self.expectMoved(c, l, rows: rows, label: "\(a)/\(g)")
                }
            }
        }
    }

    /// In-the-large within the legacy's bound (its Σwy and Σws are running sums of `rows` nonnegative terms:
    /// absolute error ≤ rows·2⁻⁵³·(Σwy + Σws)/Σw, bounded by 2·rows·2⁻⁵³ for scores and outcomes in [0, 1]);
    /// slope and intercept within 1e-9 relative (Newton iterates stopped at a relative step of 1e-10); the
    /// same fits converge.
    static func expectMoved(_ c: Calibration, _ l: Calibration, rows: Int, label: String) throws {
        #expect(c.inTheLarge.isNaN == l.inTheLarge.isNaN)
        if !c.inTheLarge.isNaN {
            #expect(within(c.inTheLarge, l.inTheLarge, units: Double(4 * rows + 4), scale: 1), "in-the-large of \(label): \(c.inTheLarge) vs \(l.inTheLarge)")
        }
        #expect((c.slope == nil) == (l.slope == nil) && (c.intercept == nil) == (l.intercept == nil), "slope of \(label) converges in both or neither")
        for (x, z) in [(c.slope, l.slope), (c.intercept, l.intercept)] {
            if let x, let z { #expect(abs(x - z) <= 1e-9 * max(1, abs(z)), "slope/intercept of \(label): \(x) vs \(z)") }
        }
    }

    @Test("the read-outs are the definitions, each sum correctly rounded: AUC, bins, in-the-large and slope points by hand per group (weighted and not)")
    func definitions() throws {
        for weighted in [false, true] {
            let (data, attributes) = Self.data(5000, seed: 41, weighted: weighted)
            let stats = GroupRankStatistics.compute(data, attributes: attributes, include: Self.include(attributes), bins: 7, probability: true)
            let codes = attributes[0].codes
            for g in 0..<6 {
                // The group's rows in (score, row) order, ±0 tied.
                let rows = (0..<data.scores.count).filter { codes[$0] == g }.sorted { (data.scores[$0], $0) < (data.scores[$1], $1) }
                let w = { (i: Int) in data.weights?[i] ?? 1 }
                var numerator = ExactSum(), positive = ExactSum(), negativeBelow = ExactSum()
                var points = [CalibrationSlope.Point]()
                var start = 0
                while start < rows.count {
                    var end = start
                    var runPositive = ExactSum(), runNegative = ExactSum(), runAll = ExactSum()
                    while end < rows.count && data.scores[rows[end]] == data.scores[rows[start]] {
                        let i = rows[end]
                        if data.outcomes[i] == 1 { runPositive.add(w(i)) } else { runNegative.add(w(i)) }
                        runAll.add(w(i))
                        end += 1
                    }
                    numerator.add(runPositive.value * (negativeBelow.value + 0.5 * runNegative.value))
                    points.append(.init(x: CalibrationSlope.logit(data.scores[rows[start]]), w: runAll.value, wy: runPositive.value))
                    positive += runPositive
                    negativeBelow += runNegative
                    start = end
                }
                let auc = positive.value > 0 && negativeBelow.value > 0 ? numerator.value / (positive.value * negativeBelow.value) : nil
                #expect(stats[0][g].auc?.bitPattern == auc?.bitPattern, "AUC of g\(g), weighted \(weighted)")
                let calibration = try #require(stats[0][g].calibration)
                var bins = [Calibration.Bin](), sw = ExactSum(), sy = ExactSum(), ss = ExactSum()
                for b in 0..<7 {
                    let members = rows.indices.filter { (7 * $0) / rows.count == b }.map { rows[$0] }
                    guard !members.isEmpty else { continue }
                    let bw = ExactSum(members.map(w)), by = ExactSum(members.map { w($0) * data.outcomes[$0] })
                    let bs = ExactSum(members.map { w($0) * data.scores[$0] })
                    bins.append(.init(n: members.count, meanScore: bs.value / bw.value, observedRate: by.value / bw.value))
                    sw += bw; sy += by; ss += bs
                }
                #expect(calibration.bins == bins, "bins of g\(g), weighted \(weighted)")
                let inTheLarge = sw.value > 0 ? (sy.value - ss.value) / sw.value : .nan
                #expect(calibration.inTheLarge.bitPattern == inTheLarge.bitPattern, "in-the-large of g\(g)")
                let fit = CalibrationSlope.fit(points)
                #expect(calibration.slope?.bitPattern == fit?.b.bitPattern && calibration.intercept?.bitPattern == fit?.a.bitPattern)
                if g < 4 { #expect(auc != nil && fit != nil, "g\(g) has both classes") }
            }
        }
    }

    @Test("the sums are order-free: the rows shuffled (ties reordered) give the same AUC and one-bin calibration bits; the legacy sums move")
    func orderFree() {
        let n = 6000
        let (data, attributes) = Self.data(n, seed: 31, weighted: true, grid: 8)
        let include = Self.include(attributes)
        let expected = Self.bits(GroupRankStatistics.compute(data, attributes: attributes, overall: true, include: include, bins: 1, probability: true))
        let legacy = Self.bits(LegacyRankStatisticsOracle.compute(data, attributes: attributes, overall: true, include: include, bins: 1,
                                                                  probability: true).map { $0.map { ($0.auc, $0.calibration) } })
        var rng = SeededGenerator(seed: 32)
        var legacyMoved = false
        for round in 0..<4 {
            var order = Array(0..<n)
            rng.shuffle(&order)
            let shuffledAttributes = attributes.map { GroupAttribute(name: $0.name, levels: $0.levels, codes: order.map { [codes = $0.codes] in codes[$0] }) }
            let shuffled = AuditData(scores: order.map { data.scores[$0] }, outcomes: order.map { data.outcomes[$0] },
                                     weights: order.map { data.weights![$0] }, attributes: shuffledAttributes)
            let stats = GroupRankStatistics.compute(shuffled, attributes: shuffledAttributes, overall: true, include: include, bins: 1, probability: true)
            #expect(Self.bits(stats) == expected, "round \(round)")
            let old = LegacyRankStatisticsOracle.compute(shuffled, attributes: shuffledAttributes, overall: true, include: include, bins: 1,
                                                         probability: true)
            if Self.bits(old.map { $0.map { ($0.auc, $0.calibration) } }) != legacy { legacyMoved = true }
        }
        #expect(legacyMoved, "the legacy double running sums depend on the order of tied rows: the test has teeth")
    }

    static func bits(_ stats: [[(Double?, Calibration?)]]) -> [[[UInt64]]] {
        stats.map { $0.map { bits(auc: $0.0, calibration: $0.1) } }
    }

    @Test("RunningExactSum reads out ExactSum's bits, on its double path (integers) and past it (wide weights, ±∞, NaN), merged too")
    func runningExactSum() {
        var rng = SeededGenerator(seed: 5)
        var lists: [[Double]] = [
            (0..<500).map { _ in Double(rng.nextInt(below: 1000)) },
            (0..<500).map { _ in (0.5 + rng.nextUniform()) * pow(10, Double(rng.nextInt(below: 13) - 6)) },
            [1e308, 1e308, -1e308], [1, .infinity, 2], [.infinity, -.infinity], [3, .nan], [-0.0, -0.0], [0.1, -0.1],
        ]
        lists.append(lists[0] + lists[1])
        for values in lists {
            var running = RunningExactSum()
            for v in values { running.add(v) }
            let exact = ExactSum(values)
            #expect(running.value.bitPattern == exact.value.bitPattern || (running.value.isNaN && exact.value.isNaN), "\(values.prefix(4))")
            #expect(running.exactSum == exact)
            // Split in two and merged.
            let cut = values.count / 2
            var left = RunningExactSum(), right = RunningExactSum()
            for v in values[..<cut] { left.add(v) }
            for v in values[cut...] { right.add(v) }
            left.merge(right)
            #expect(left.exactSum == exact)
        }
        // The plain double sum of the wide weights is not exact: the exact path was taken.
        #expect(lists[1].reduce(0, +) != ExactSum(lists[1]).value || lists[1].reversed().reduce(0, +) != ExactSum(lists[1]).value)
    }

    @Test("fixed-point sums (Int128 in a FixedPointScale) and ExactSums give the same bits; the scale refuses what would not fit")
    func fixedPointEqualsExact() throws {
        for weighted in [false, true] {
            let (data, attributes) = Self.data(8000, seed: 51, weighted: weighted)
            let include = Self.include(attributes)
            let fixed = GroupRankStatistics.compute(data, attributes: attributes, overall: true, include: include, bins: 10, probability: true)
            let exact = GroupRankStatistics.compute(data, attributes: attributes, overall: true, include: include, bins: 10, probability: true,
                                                    exactSumsOnly: true)
            #expect(Self.bits(fixed) == Self.bits(exact), "weighted \(weighted)")
            // The data's weights and score terms have fixed-point scales: the fixed path was taken.
            #expect(FixedPointScale(terms: data.weights ?? data.scores, count: data.scores.count) != nil)
        }
        // Read-outs of random sums equal ExactSum's, ties included (sums of two terms half an ulp apart).
        var rng = SeededGenerator(seed: 52)
        for round in 0..<200 {
            let count = 1 + rng.nextInt(below: 300)
            // Random significands over 20 binades; or 2⁵³ + 1 (a tie, to even) plus small integers.
            let terms = round % 3 == 0
                ? [0x1p53, 1] + (0..<count).map { _ in Double(rng.nextInt(below: 4)) }
                : (0..<count).map { _ in rng.nextUniform() * pow(2, Double(rng.nextInt(below: 20) - 10)) }
            let scale = try #require(FixedPointScale(terms: terms, count: terms.count))
            let sum = terms.reduce(Int128(0)) { $0 + scale.fixed($1) }
            #expect(scale.value(sum).bitPattern == ExactSum(terms).value.bitPattern, "round \(round)")
        }
        #expect(FixedPointScale(terms: [1e-300, 1e10], count: 2) == nil, "exponents too far apart")
        #expect(FixedPointScale(terms: [1, .infinity], count: 2) == nil)
        #expect(FixedPointScale(terms: [1, .nan], count: 2) == nil)
        #expect(FixedPointScale(terms: [0x1p-1070], count: 1) == nil, "subnormal read-outs")
        // 2⁴⁰ terms spanning 2⁻⁷⁰…2¹ need 1 + 70 + 41 = 112 bits; spanning 2⁻⁹⁰…2¹, 132 > 126.
        #expect(FixedPointScale(terms: [1, 0x1p-70], count: 1 << 40) != nil)
        #expect(FixedPointScale(terms: [1, 0x1p-90], count: 1 << 40) == nil)
    }
}
