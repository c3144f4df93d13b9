import GlassboxCore
import GlassboxTestSupport
import Testing
@testable import GlassboxMetrics

@Suite("Exact AUC per group from key-range windows")
struct WindowedAUCTests {
    /// Brute force: 2N = Σ over (positive, negative) pairs of a group of 2 if the positive scores higher, 1 if tied.
    static func bruteForce(_ scores: [Double], _ positive: [Bool], _ groups: [Int], group: Int) -> Int {
        var doubled = 0
        for i in scores.indices where groups[i] == group && positive[i] {
            for j in scores.indices where groups[j] == group && !positive[j] {
                doubled += scores[i] > scores[j] ? 2 : scores[i] == scores[j] ? 1 : 0
            }
        }
        return doubled
    }

    /// The rows cut into windows of ascending key ranges at random sorted positions (so a tie may be cut),
    /// each window's rows shuffled, with empty windows mixed in.
    static func windows(_ keys: [UInt64], _ positive: [Bool], _ groups: [Int], groupCount: Int, pieces: Int,
                        _ g: inout SeededGenerator) -> [AUCWindowSummary] {
        let order = keys.indices.sorted { (keys[$0], $0) < (keys[$1], $1) }
        var cuts = (0..<(pieces - 1)).map { _ in g.nextInt(below: keys.count + 1) } + [0, keys.count]
        cuts.sort()
        return (0..<pieces).map { p in
            var rows = Array(order[cuts[p]..<cuts[p + 1]])
            g.shuffle(&rows)
            return AUCWindowSummary(keys: rows.map { keys[$0] }, positive: rows.map { positive[$0] },
                                    groups: rows.map { groups[$0] }, groupCount: groupCount)
        }
    }

    @Test("any split into windows (ties and ±0 cut across windows) gives the brute-force pair counts, and aucRadix's bits")
    func windowsMatchOracles() throws {
        var g = SeededGenerator(seed: 2026)
        let groupCount = 3
        for trial in 0..<60 {
            let n = 1 + g.nextInt(below: 400)
            let scores: [Double] = (0..<n).map { _ in
                switch trial % 4 {
                case 0: g.nextUniform()
                case 1: (g.nextUniform() * 20).rounded() / 20
                case 2: g.nextInt(below: 2) == 0 ? -0.0 : 0.0
                default: [-Double.infinity, -1, 0, 0.5, .infinity][g.nextInt(below: 5)]
                }
            }
            let positive = (0..<n).map { i in g.nextUniform() < 0.3 + 0.4 * scores[i].magnitude.truncatingRemainder(dividingBy: 1) }
            let groups = (0..<n).map { _ in g.nextInt(below: groupCount) }
            let keys = scores.map(OrderedKey.key)
            let single = try WindowedAUC.combine([AUCWindowSummary(keys: keys, positive: positive, groups: groups, groupCount: groupCount)],
                                                 groupCount: groupCount)
            for pieces in [2, 7, 1 + g.nextInt(below: 40)] {
                let combined = try WindowedAUC.combine(Self.windows(keys, positive, groups, groupCount: groupCount, pieces: pieces, &g),
                                                       groupCount: groupCount)
                for k in 0..<groupCount {
                    #expect(combined[k] == single[k], "trial \(trial), \(pieces) windows, group \(k)")
                }
            }
            for k in 0..<groupCount {
                #expect(single[k].doubledNumerator == Int128(Self.bruteForce(scores, positive, groups, group: k)), "trial \(trial)")
                let rows = (0..<n).filter { groups[$0] == k }
                let radix = BinaryMetrics.aucRadix(scores: rows.map { scores[$0] }, outcomes: rows.map { positive[$0] ? 1 : 0 })
                let windowed = WindowedAUC.auc(doubledNumerator: single[k].doubledNumerator, positives: single[k].positives,
                                               negatives: single[k].negatives)
                #expect(windowed?.bitPattern == radix?.bitPattern, "trial \(trial), group \(k)")
            }
        }
    }

    @Test("windows out of key order are refused")
    func overlapRefused() {
        let low = AUCWindowSummary(keys: [1, 2].map { OrderedKey.key($0) }, positive: [true, false], groups: [0, 0], groupCount: 1)
        let high = AUCWindowSummary(keys: [3, 4].map { OrderedKey.key($0) }, positive: [true, false], groups: [0, 0], groupCount: 1)
        #expect(throws: WindowedAUC.OverlapError.self) { try WindowedAUC.combine([high, low], groupCount: 1) }
        #expect((try? WindowedAUC.combine([low, high], groupCount: 1)) != nil)
    }
}
