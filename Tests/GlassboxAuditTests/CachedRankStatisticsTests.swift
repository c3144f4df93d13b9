import Foundation
import GlassboxCore
import GlassboxMetrics
import GlassboxTabular
import Testing
@testable import GlassboxAudit

/// Step 2e of `docs/design/bounded-audit.md` (§3, step W): the rank statistics of a projection cache from
/// windows planned over the cache's row groups, scattered into a window-ordered second cache and swept
/// window by window, against the in-memory computation on the same rows.
@Suite("Cached rank statistics: windows of a projection cache, bit-identical to the in-memory sweep")
struct CachedRankStatisticsTests {
    /// A projection cache of `data`'s rows in groups of `groupRows` rows, written in chunks of 701 rows.
    static func cache(_ data: AuditData, groupRows: Int) throws -> ProjectionCache {
        let attributes = data.attributes
        var writer = ProjectionCacheWriter(attributes: attributes.count, weighted: data.weights != nil, groupRows: groupRows) {
            try TemporaryCacheFile(purpose: "a test projection cache")
        }
        let scores = data.scores, outcomes = data.outcomes, weights = data.weights
        var first = 0
        while first < scores.count {
            let chunk = first..<min(first + 701, scores.count)
            try writer.append(scores: Array(scores[chunk]), outcomes: outcomes[chunk].map { UInt8($0) }, weights: weights.map { Array($0[chunk]) },
                              codes: attributes.map { Array($0.codes[chunk]) })
            first = chunk.upperBound
        }
        return try writer.finish(recoding: attributes.map { $0.levels.indices.map { Int32($0) } })
    }

    static func cached(_ data: AuditData, attributes: [GroupAttribute], groupRows: Int, rowBudget: Int, probability: Bool = true,
                       exactSumsOnly: Bool = false) throws -> [[GroupRankStatistics]] {
        try GroupRankStatistics.compute(cache(data, groupRows: groupRows), levels: attributes.map(\.levels.count), overall: true,
                                        include: WindowedRankStatisticsTests.include(attributes), bins: 10, probability: probability,
                                        rowBudget: rowBudget, exactSumsOnly: exactSumsOnly)
    }

    @Test("row budgets 1, 7, 500, n and above, row groups of 1, 37 and 4096 rows: the in-memory bits (weighted and not)")
    func anyBudget() throws {
        let n = 3000
        for weighted in [false, true] {
            let (data, attributes) = WindowedRankStatisticsTests.data(n, seed: 31, weighted: weighted)
            let expected = WindowedRankStatisticsTests.bits(GroupRankStatistics.compute(
                data, attributes: attributes, overall: true, include: WindowedRankStatisticsTests.include(attributes), bins: 10, probability: true))
            for groupRows in [1, 37, 4096] {
                for budget in [1, 7, 500, n, n + 13] where groupRows != 1 || budget == 7 {
                    let cached = try Self.cached(data, attributes: attributes, groupRows: groupRows, rowBudget: budget)
                    #expect(WindowedRankStatisticsTests.bits(cached) == expected, "weighted \(weighted), groups of \(groupRows), M = \(budget)")
                }
            }
            let exact = try Self.cached(data, attributes: attributes, groupRows: 37, rowBudget: 64, exactSumsOnly: true)
            #expect(WindowedRankStatisticsTests.bits(exact) == expected, "weighted \(weighted), exact sums only")
        }
    }

    @Test("an attribute whose codes are in memory (the intersection of the cached ones) is read by row index: the in-memory bits")
    func extraCodes() throws {
        for weighted in [false, true] {
            let (data, attributes) = WindowedRankStatisticsTests.data(2500, seed: 8, weighted: weighted)
            let cells = try GroupAttribute.intersection(of: attributes)
            let all = attributes + [cells]
            let include = WindowedRankStatisticsTests.include(all)
            let expected = WindowedRankStatisticsTests.bits(GroupRankStatistics.compute(data, attributes: all, overall: true, include: include,
                                                                                       bins: 10, probability: true))
            for budget in [1, 7, 400] {
                let cached = try GroupRankStatistics.compute(Self.cache(data, groupRows: 37), levels: all.map(\.levels.count), extraCodes: [cells.codes],
                                                             overall: true, include: include, bins: 10, probability: true, rowBudget: budget)
                #expect(WindowedRankStatisticsTests.bits(cached) == expected, "weighted \(weighted), M = \(budget)")
            }
        }
    }

    @Test("the test data has what the windows must handle: ±0 tied, single keys holding more than M rows, many windows")
    func dataShape() {
        let (data, _) = WindowedRankStatisticsTests.data(3000, seed: 31, weighted: false)
        let scores = data.scores
        #expect(scores.contains { $0 == 0 && $0.sign == .minus } && scores.contains { $0 == 0 && $0.sign == .plus })
        let plan = WindowPlan.plan(rowBudget: 7, lanes: [scores.map(OrderedKey.key)])
        #expect(plan.windows.contains { $0.lowerKey == $0.upperKey && $0.rows > 7 })
        #expect(plan.windows.count > 40)
        let middle = WindowPlan.plan(rowBudget: 500, lanes: [scores.map(OrderedKey.key)])
        #expect(middle.windows.count > 5 && middle.windows.contains { $0.lowerKey != $0.upperKey })
    }

    @Test("scores outside [0, 1] (AUC only), a constant block of 900 rows and an empty cache: the in-memory bits")
    func otherShapes() throws {
        for weighted in [false, true] {
            let (base, attributes) = WindowedRankStatisticsTests.data(2000, seed: 5, weighted: weighted)
            let scores = base.scores.enumerated().map { i, s in (700..<1600).contains(i) ? 0.25 : 4 * s - 2 }
            let data = AuditData(scores: scores, outcomes: base.outcomes, weights: base.weights, attributes: attributes)
            let include = WindowedRankStatisticsTests.include(attributes)
            let expected = WindowedRankStatisticsTests.bits(GroupRankStatistics.compute(data, attributes: attributes, overall: true,
                                                                                       include: include, bins: 10, probability: false))
            for budget in [1, 7, 333] {
                let cached = try Self.cached(data, attributes: attributes, groupRows: 64, rowBudget: budget, probability: false)
                #expect(WindowedRankStatisticsTests.bits(cached) == expected, "weighted \(weighted), M = \(budget)")
            }
            let empty = AuditData(scores: [], outcomes: [], weights: weighted ? [] : nil,
                                  attributes: attributes.map { GroupAttribute(name: $0.name, levels: $0.levels, codes: []) })
            let none = try Self.cached(empty, attributes: attributes, groupRows: 64, rowBudget: 7)
            #expect(none.map(\.count) == include.map(\.count) && none.allSatisfy { $0.allSatisfy { $0.auc == nil } })
        }
    }

    @Test("a streamed audit sweeps its rank statistics from the cache in windows of chunk bytes / 96 rows: the whole-file bytes")
    func streamedAudit() throws {
        let directory = try ProjectionCacheTests.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/voters.csv"
        try ProjectionCacheTests.csv(rows: 6_000).write(toFile: path, atomically: true, encoding: .utf8)
        let whole = try AuditData.from(table: try CSVReader.read(path: path).table, scoreColumn: "score", outcome: .column("y"),
                                       groups: ["race", "county"], weights: "w")
        var streamed = try ProjectionCacheTests.reader(path, chunkBytes: 4_800, cache: TemporaryDirectory(path: directory), groupRows: 7)
            .auditData(model: nil, scoreColumn: "score", outcome: .column("y"), groups: ["race", "county"], weights: "w").data
        #expect(streamed.rankWindows?.rowBudget == 50 && streamed.rankWindows?.temporaryDirectory.path == directory)
        // Loading hands the cache on with the windows' budget and directory; a whole read has none.
        #expect(whole.rankSource == nil && streamed.loaded().rankSource?.rowBudget == 50 && streamed.loaded().rankSource?.temporaryDirectory.path == directory)
        var config = AuditConfiguration()
        config.decision = .top(0.3)
        config.bootstrap = 20
        let render = { (data: AuditData, config: AuditConfiguration) in try BiasAudit.run(data, configuration: config).json(manifest: nil).rendered() }
        #expect(try render(streamed.loaded(), config) == render(whole, config))
        var intersect = config
        intersect.intersect = true
        #expect(try render(streamed.loaded(), intersect) == render(whole, intersect))
        // The windows' cache goes to the reader's directory: one that is gone fails the audit, naming that cache,
        // which shows the cache path is taken, with and without the intersection.
        streamed.rankWindows = (100, TemporaryDirectory(path: directory + "/gone"))
        for configuration in [config, intersect] {
            #expect {
                try render(streamed.loaded(), configuration)
            } throws: { error in
                "\(error)".contains(GroupRankStatistics.windowCachePurpose)
            }
        }
    }
}
