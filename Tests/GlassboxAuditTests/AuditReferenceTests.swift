import Foundation
import Testing
import GlassboxTabular
@testable import GlassboxAudit
import GlassboxTestSupport

/// Per-group rates, fairlearn summaries, AUC/Brier and Aequitas disparities/verdicts against the
/// fixture written by Tests/Reference/make_audit_reference.py (fairlearn 0.15, Aequitas 1.1, sklearn).
@Suite("audit vs fairlearn / Aequitas / scikit-learn")
struct AuditReferenceTests {
    static func fixture() throws -> [[String: Any]] {
        try #require(try Fixtures.jsonObject("reference/audit.json")["cases"] as? [[String: Any]])
    }

    static func table() throws -> Table {
        try CSVReader.read(path: Repository.fixture("audit-synthetic.csv").path).table
    }

    static func close(_ a: Double?, _ b: Double) -> Bool {
        NumericTolerance.isRelativelyClose(a, b, tolerance: 1e-12)
    }

    static func run(_ c: [String: Any], table: Table) throws -> AuditReport {
        let groups = try #require(c["groups"] as? [String])
        let data = try AuditData.from(table: table, scoreColumn: "score", outcome: "y", groups: groups, weights: c["weights"] as? String)
        var config = AuditConfiguration()
        if let t = c["threshold"] as? Double { config.decision = .threshold(t) }
        if let f = c["top"] as? Double { config.decision = .top(f) }
        config.intersect = c["intersect"] as? Bool ?? false
        config.bootstrap = 0
        return try BiasAudit.run(data, configuration: config)
    }

    @Test("every case matches to 1e-12", arguments: ["race-threshold", "race-threshold-weighted", "sex-top30", "race-sex-intersect"])
    func matches(_ name: String) throws {
        let c = try #require(try Self.fixture().first { $0["name"] as? String == name })
        let report = try Self.run(c, table: try Self.table())
        let attributes = try #require(c["attributes"] as? [String: [String: Any]])
        #expect(report.attributes.map(\.name).sorted() == attributes.keys.sorted())
        let fairlearnNames: [String: RateMetric] = ["selectionRate": .selectionRate, "tpr": .tpr, "fpr": .fpr, "fnr": .fnr, "tnr": .tnr,
                                                    "precision": .precision, "accuracy": .accuracy, "prevalence": .prevalence]
        for result in report.attributes {
            let expected = try #require(attributes[result.name])
            let groups = try #require(expected["groups"] as? [String: [String: Double]])
            #expect(groups.keys.sorted() == result.groups.map(\.value).sorted())
            for g in result.groups {
                let ref = try #require(groups[g.value])
                for (key, metric) in fairlearnNames {
                    #expect(Self.close(g.rates[metric], ref[key]!), "\(name) \(result.name)=\(g.value) \(key): \(String(describing: g.rates[metric])) vs \(ref[key]!)")
                }
                #expect(Self.close(g.auc, ref["auc"]!), "\(name) \(g.value) auc")
                #expect(Self.close(g.brier, ref["brier"]!), "\(name) \(g.value) brier")
                #expect(Self.close(g.meanScore, ref["meanScore"]!), "\(name) \(g.value) meanScore")
            }
            let summaries = try #require(expected["summaries"] as? [String: Double])
            let s = result.summary
            let mine: [String: Double?] = ["demographicParityDifference": s.demographicParityDifference, "demographicParityRatio": s.demographicParityRatio,
                                           "equalizedOddsDifference": s.equalizedOddsDifference, "equalizedOddsRatio": s.equalizedOddsRatio,
                                           "equalOpportunityDifference": s.equalOpportunityDifference]
            for (key, value) in summaries {
                #expect(Self.close(mine[key]!, value), "\(name) \(result.name) \(key): \(String(describing: mine[key]!)) vs \(value)")
            }
            guard let aequitas = expected["aequitas"] as? [String: [String: Any]] else { continue }
            for g in result.groups {
                let ref = try #require(aequitas[g.value])
                #expect(ref["reference"] as? String == result.reference)
                let rates = try #require(ref["rates"] as? [String: Double])
                for (key, value) in rates {
                    let metric = try #require(RateMetric(rawValue: key))
                    #expect(Self.close(g.rates[metric], value), "\(name) \(g.value) aequitas \(key)")
                }
                let disparities = try #require(ref["disparities"] as? [String: Double])
                for (key, value) in disparities {
                    let metric = try #require(RateMetric(rawValue: key))
                    let ratio = g.isReference ? 1.0 : g.disparities[metric]?.ratio
                    #expect(Self.close(ratio, value), "\(name) \(g.value) disparity \(key): \(String(describing: ratio)) vs \(value)")
                }
                let verdicts = try #require(ref["verdicts"] as? [String: String])
                for (key, value) in verdicts where !g.isReference {
                    let test = try #require(ParityTest(rawValue: key))
                    #expect(g.verdicts[test]?.rawValue == value, "\(name) \(g.value) \(key)")
                }
            }
        }
    }
}
