import Testing
import GlassboxCore
import GlassboxReport
import GlassboxTabular
@testable import GlassboxAudit

/// Verdicts with uncertainty, bootstrap reproducibility and small-cell suppression on planted data.
@Suite("audit verdicts, bootstrap and suppression")
struct AuditVerdictTests {
    /// Rows of groups with a given size and selection rate within each outcome class (prevalence ½),
    /// so selection rate = TPR = FPR = `rate` for that group.
    static func data(_ groups: [(String, Int, Double)]) -> AuditData {
        var scores = [Double](), outcomes = [Double](), labels = [String?]()
        for (name, n, rate) in groups {
            for i in 0..<n {
                let y = Double(i % 2)
                let withinClass = i / 2, classSize = (n - (i % 2) + 1) / 2
                scores.append(Double(withinClass) < rate * Double(classSize) ? 0.9 : 0.1)
                outcomes.append(y)
                labels.append(name)
            }
        }
        let column = Column.categorical(CategoricalColumn(values: labels))
        return AuditData(scores: scores, outcomes: outcomes, weights: nil,
                         attributes: [GroupAttribute(name: "g", column: column, rows: Array(0..<scores.count))])
    }

    static func verdicts(_ groups: [(String, Int, Double)], bootstrap: Int = 1000, seed: UInt64 = 7) throws -> GroupResult {
        var config = AuditConfiguration()
        config.bootstrap = bootstrap
        config.seed = seed
        config.references = ["g": "ref"]
        let report = try BiasAudit.run(data(groups), configuration: config)
        return try #require(report.attributes[0].groups.first { $0.value == "x" })
    }

    @Test("a planted disparity in large groups fails")
    func largeFails() throws {
        let g = try Self.verdicts([("ref", 5000, 0.5), ("x", 5000, 0.3)])
        #expect(abs(g.disparities[.selectionRate]!.ratio! - 0.6) < 1e-3)
        for test: ParityTest in [.impactParity, .tprParity, .fprParity] { #expect(g.verdicts[test] == .fail, "\(test)") }
    }

    @Test("the same disparity in tiny groups is inconclusive")
    func tinyInconclusive() throws {
        let g = try Self.verdicts([("ref", 20, 0.5), ("x", 20, 0.3)])
        #expect(!g.suppressed && g.unreliable)
        #expect(abs(g.disparities[.selectionRate]!.ratio! - 0.6) < 1e-12)
        for test: ParityTest in [.impactParity, .tprParity, .fprParity] { #expect(g.verdicts[test] == .inconclusive, "\(test)") }
    }

    @Test("equal groups pass")
    func equalPass() throws {
        let g = try Self.verdicts([("ref", 5000, 0.5), ("x", 5000, 0.5)])
        for test: ParityTest in [.impactParity, .tprParity, .fprParity, .fnrParity, .precisionParity, .statisticalParity] {
            #expect(g.verdicts[test] == .pass, "\(test)")
        }
        let d = g.disparities[.selectionRate]!
        #expect(d.ciLower! < 1 && d.ciUpper! > 1)
    }

    @Test("without a bootstrap the verdict is the point rule (Aequitas)")
    func pointRule() throws {
        let g = try Self.verdicts([("ref", 20, 0.5), ("x", 20, 0.3)], bootstrap: 0)
        #expect(g.verdicts[.impactParity] == .fail)
        #expect(g.disparities[.selectionRate]!.ciLower == nil)
    }

    @Test("bootstrap intervals are reproducible from the seed and change with it")
    func reproducible() throws {
        let groups: [(String, Int, Double)] = [("ref", 300, 0.5), ("x", 200, 0.4)]
        let a = try Self.verdicts(groups, seed: 11), b = try Self.verdicts(groups, seed: 11), c = try Self.verdicts(groups, seed: 12)
        #expect(a.disparities == b.disparities)
        #expect(a.disparities[.tpr]!.ciLower != c.disparities[.tpr]!.ciLower)
    }

    @Test("Bonferroni widens the intervals")
    func bonferroni() throws {
        var config = AuditConfiguration()
        config.references = ["g": "ref"]
        let data = Self.data([("ref", 400, 0.5), ("x", 300, 0.4), ("y", 300, 0.45)])
        let plain = try BiasAudit.run(data, configuration: config)
        config.bonferroni = true
        let adjusted = try BiasAudit.run(data, configuration: config)
        #expect(adjusted.comparisons == 2 * ParityTest.allCases.count)
        #expect(abs(adjusted.effectiveConfidenceLevel - (1 - 0.05 / 12)) < 1e-15)
        let p = plain.attributes[0].groups[1].disparities[.tpr]!, q = adjusted.attributes[0].groups[1].disparities[.tpr]!
        #expect(q.ciLower! < p.ciLower! && q.ciUpper! > p.ciUpper!)
    }

    @Test("groups below --min-group-size are suppressed: no metrics, no verdict; under 30 unreliable")
    func suppression() throws {
        var config = AuditConfiguration()
        config.bootstrap = 50
        let report = try BiasAudit.run(Self.data([("big", 500, 0.5), ("mid", 25, 0.5), ("mid2", 26, 0.5), ("tiny", 9, 0.5)]), configuration: config)
        let groups = report.attributes[0].groups
        let tiny = try #require(groups.first { $0.value == "tiny" })
        #expect(tiny.suppressed && tiny.rates.isEmpty && tiny.verdicts.isEmpty && tiny.disparities.isEmpty && tiny.auc == nil)
        // The next-smallest group is suppressed with it (complementary), or tiny = overall − shown.
        let complement = try #require(groups.first { $0.value == "mid" })
        #expect(complement.suppressed && complement.rates.isEmpty && complement.verdicts.isEmpty)
        let mid = try #require(groups.first { $0.value == "mid2" })
        #expect(!mid.suppressed && mid.unreliable && mid.verdicts.count == ParityTest.allCases.count)
        #expect(report.attributes[0].reference == "big")
        #expect(!report.attributes[0].sweep.contains { $0.value == "tiny" })
        let json = report.json(manifest: nil).rendered()
        #expect(json.contains("\"value\": \"tiny\",\n      \"suppressed\": true\n"))
        let md = report.markdown(manifest: nil)
        #expect(md.contains("| tiny | suppressed |") && md.contains("| mid | suppressed |"))
        #expect(md.contains("| mid2 † | 26 |"))
    }

    @Test("a suppressed reference group is an error")
    func suppressedReference() throws {
        var config = AuditConfiguration()
        config.references = ["g": "tiny"]
        #expect(throws: AuditError.referenceSuppressed(attribute: "g", value: "tiny", n: 9, minimum: 10)) {
            try BiasAudit.run(Self.data([("big", 500, 0.5), ("tiny", 9, 0.5)]), configuration: config)
        }
    }
}
