import Foundation
import GlassboxCore
import GlassboxTestSupport
import Testing
@testable import GlassboxAudit

/// The audit's tallies sum exactly: the read-outs are the correctly rounded sums of the rows' terms, so
/// they do not depend on the order of the rows or on how the rows were split and merged.
@Suite("Exact tallies: order-free, correctly rounded sums of the audit's cells")
struct ExactTallyTests {
    struct Reference: Decodable {
        struct Tally: Decodable {
            let rows: [String: Int]
            let weighted: [String: String]
            let unweighted: [String: String]
        }
        let groups: [String]
        let rows: [String]
        let tallies: [String: Tally]
        let overall: Tally
    }

    /// Scores over many binades, weights over twelve decades: plain double sums of these depend on the order.
    static func rows(_ n: Int, seed: UInt64) -> (scores: [Double], outcomes: [Double], weights: [Double], codes: [Int32]) {
        var rng = SeededGenerator(seed: seed)
        var s = [Double](), y = [Double](), w = [Double](), c = [Int32]()
        for _ in 0..<n {
            let score = pow(rng.nextUniform(), [1.0, 3, 9][rng.nextInt(below: 3)])
            s.append(score)
            y.append(rng.nextUniform() < 0.2 + 0.6 * score ? 1 : 0)
            w.append((0.5 + rng.nextUniform()) * pow(10, Double(rng.nextInt(below: 13) - 6)))
            c.append(Int32(rng.nextInt(below: 4)))
        }
        return (s, y, w, c)
    }

    static func bits(_ c: ConfusionCounts) -> [UInt64] {
        [c.tp, c.fp, c.tn, c.fn, c.scoreSum, c.squaredErrorSum].map(\.bitPattern) + [c.tpRows, c.fpRows, c.tnRows, c.fnRows].map { UInt64($0) }
    }

    static func bits(_ c: GroupCounts) -> [UInt64] {
        bits(c.cells) + bits(c.treatedCells) + [c.selectedScoreSum.bitPattern]
    }

    @Test("shuffled rows, and random chunks merged in random order, read out bit-identical cells (weighted and not)")
    func orderFree() throws {
        let n = 20_000
        let (s, y, w, c) = Self.rows(n, seed: 16)
        var rng = SeededGenerator(seed: 61)
        let treatment = (0..<n).map { _ in rng.nextUniform() < 0.5 ? 1.0 : 0.0 }
        let attribute = GroupAttribute(name: "g", levels: ["a", "b", "c", "d"], codes: c)
        let rule = try Decisions.resolve(.threshold(0.3), scores: s)
        for weights in [nil, w] as [[Double]?] {
            let whole = GroupMetricFrame.tallies(scores: s, outcomes: y, weights: weights, treatment: treatment, attributes: [attribute],
                                                 selection: .decisions(rule))
            let expected = whole.groups[0].map { Self.bits($0.counts) }
            // The plain double sum of the same terms depends on the order: the test has teeth.
            var plainChanged = false
            for round in 0..<6 {
                var order = Array(0..<n)
                rng.shuffle(&order)
                let permuted = GroupAttribute(name: "g", levels: attribute.levels, codes: order.map { c[$0] })
                let frame = GroupMetricFrame.tallies(scores: order.map { s[$0] }, outcomes: order.map { y[$0] },
                                                     weights: weights.map { ww in order.map { ww[$0] } },
                                                     treatment: order.map { treatment[$0] }, attributes: [permuted],
                                                     selection: .decisions(rule))
                #expect(frame.groups[0] == whole.groups[0], "round \(round): exact tallies differ after a shuffle")
                #expect(frame.groups[0].map { Self.bits($0.counts) } == expected, "round \(round): read-outs differ after a shuffle")
                #expect(Self.bits(frame.overall.counts) == Self.bits(whole.overall.counts))

                // Random chunks (1 to 5,000 rows), each tallied alone, merged in a random order.
                var bounds = [0]
                while bounds.last! < n { bounds.append(min(n, bounds.last! + 1 + rng.nextInt(below: 5000))) }
                var chunks = (0..<(bounds.count - 1)).map { k -> [GroupTally] in
                    var part = [GroupTally](repeating: GroupTally(), count: 4)
                    for i in bounds[k]..<bounds[k + 1] {
                        let row = order[i]
                        part[Int(c[row])].add(score: s[row], outcome: y[row], weight: weights?[row], selected: rule.isPositive(s[row], row: row),
                                              treated: treatment[row] == 1)
                    }
                    return part
                }
                rng.shuffle(&chunks)
                var merged = [GroupTally](repeating: GroupTally(), count: 4)
                for part in chunks { for g in 0..<4 { merged[g] += part[g] } }
                #expect(merged.map { Self.bits($0.counts) } == expected, "round \(round): chunked read-outs differ")

                let terms = order.filter { c[$0] == 0 }.map { (weights?[$0] ?? 1) * s[$0] }
                let plain = terms.reduce(0, +), reversed = terms.reversed().reduce(0, +)
                if plain != reversed || plain.bitPattern != whole.groups[0][0].counts.cells.scoreSum.bitPattern { plainChanged = true }
            }
            #expect(plainChanged, "plain sums of these rows did not depend on the order: the data are too easy")
        }
    }

    @Test("the read-outs are the correctly rounded sums (math.fsum = Fraction fixture), weighted and unweighted")
    func correctlyRounded() throws {
        let reference = try Fixtures.decode(Reference.self, "reference/audit-exact-sums.json")
        func double(_ hex: Substring) -> Double { Double(bitPattern: UInt64(hex, radix: 16)!) }
        var s = [Double](), y = [Double](), w = [Double](), c = [Int32]()
        for row in reference.rows {
            let f = row.split(separator: " ")
            s.append(double(f[0])); y.append(Double(f[1])!); w.append(double(f[2])); c.append(Int32(f[3])!)
        }
        #expect(s.count == 1000)
        let attribute = GroupAttribute(name: "g", levels: reference.groups, codes: c)
        let rule = try Decisions.resolve(.threshold(0.5), scores: s)
        func check(_ counts: ConfusionCounts, _ expected: Reference.Tally, weighted: Bool, _ label: String) {
            func hex(_ x: Double) -> String { String(format: "%016llx", x.bitPattern) }
            #expect([counts.tpRows, counts.fpRows, counts.tnRows, counts.fnRows] == ["tp", "fp", "tn", "fn"].map { expected.rows[$0]! }, "\(label)")
            if weighted {
                #expect([counts.tp, counts.fp, counts.tn, counts.fn, counts.scoreSum, counts.squaredErrorSum].map(hex)
                        == ["tp", "fp", "tn", "fn", "scoreSum", "squaredErrorSum"].map { expected.weighted[$0]! }, "\(label) weighted")
            } else {
                #expect([counts.scoreSum, counts.squaredErrorSum].map(hex) == ["scoreSum", "squaredErrorSum"].map { expected.unweighted[$0]! },
                        "\(label) unweighted")
                #expect([counts.tp, counts.fp, counts.tn, counts.fn] == [counts.tpRows, counts.fpRows, counts.tnRows, counts.fnRows].map(Double.init))
            }
        }
        for weights in [nil, w] as [[Double]?] {
            let frame = GroupMetricFrame.tally(scores: s, outcomes: y, weights: weights, treatment: nil, attributes: [attribute],
                                               selection: .decisions(rule))
            for (g, name) in reference.groups.enumerated() {
                check(frame.groups[0][g].cells, reference.tallies[name]!, weighted: weights != nil, name)
            }
            check(frame.overall.cells, reference.overall, weighted: weights != nil, "(all)")
        }
    }

    @Test("the audit's mean score, Brier score, rates and weighted sweep do not depend on the order of the rows")
    func auditOrderFree() throws {
        let n = 6000
        let (s, y, w, c) = Self.rows(n, seed: 17)
        var config = AuditConfiguration()
        config.minGroupSize = 1
        config.bootstrap = 0
        var rng = SeededGenerator(seed: 3)
        var order = Array(0..<n)
        rng.shuffle(&order)
        func audit(_ rows: [Int]) throws -> AuditReport {
            let attribute = GroupAttribute(name: "g", levels: ["a", "b", "c", "d"], codes: rows.map { c[$0] })
            return try BiasAudit.run(AuditData(scores: rows.map { s[$0] }, outcomes: rows.map { y[$0] }, weights: rows.map { w[$0] },
                                               attributes: [attribute]), configuration: config)
        }
        let first = try audit(Array(0..<n)), second = try audit(order)
        // The scores are distinct, so the rank statistics (AUC, calibration) see the same sorted order too:
        // the whole audit is the same.
        #expect(Set(s).count == n)
        #expect(first.attributes == second.attributes)
        #expect(first.overall == second.overall)
    }
}
