import GlassboxExplain
import Foundation
import GlassboxTabular
import Testing
import GlassboxTestSupport

/// Agreement with scikit-learn (fixture written by Tests/Reference/make_explain_reference.py).
@Suite("Explain vs scikit-learn")
struct ExplainReferenceTests {
    struct Setup {
        var scorer: LogisticScorer
        var data: ExplainData
        var fixture: [String: Any]
    }

    static func setup() throws -> Setup {
        let fixture = try #require(try Fixtures.jsonObject("reference/explain.json")["synthetic"] as? [String: Any])
        let table = try CSVReader.read(path: Repository.fixture("explain-data.csv").path).table
        let (encoding, _) = try DesignBuilder.fit(try Formula.parse(fixture["formula"] as! String, requireResponse: true), on: table)
        let terms = fixture["terms"] as! [String], coefficients = fixture["coefficients"] as! [Double]
        let beta = try encoding.termNames.map { name in coefficients[try #require(terms.firstIndex(of: name), "term \(name)")] }
        let scorer = LogisticScorer(encoding: encoding, coefficients: beta)
        return Setup(scorer: scorer, data: try ExplainData.forModel(encoding, table: table, weights: nil, withOutcome: true), fixture: fixture)
    }

    @Test("grouped permutation importance means agree with permutation_importance within sampling error",
          arguments: ImportanceMetric.allCases)
    func importance(metric: ImportanceMetric) throws {
        let s = try Self.setup()
        let repeats = s.fixture["repeats"] as! Int
        let features = s.fixture["features"] as! [String]
        let reference = (s.fixture["importance"] as! [String: Any])[metric.rawValue] as! [String: [Double]]
        let result = try PermutationImportance.compute(scorer: s.scorer, data: s.data, options: .init(metric: metric, repeats: repeats, seed: 11))
        for (k, name) in features.enumerated() {
            let mine = try #require(result.permutationImportance.first { $0.feature == name })
            let (m, sd) = (reference["mean"]![k], reference["std"]![k])
            let tolerance = 4 * (sd * sd + mine.std * mine.std).squareRoot() / Double(repeats).squareRoot() + 1e-4
            #expect(abs(mine.mean - m) < tolerance, "\(metric) \(name): glassbox \(mine.mean) ± \(mine.std), sklearn \(m) ± \(sd)")
        }
    }

    @Test("partial dependence equals partial_dependence(method=\"brute\") on the same grid")
    func partialDependence() throws {
        let s = try Self.setup()
        for case let entry as [String: Any] in s.fixture["partialDependence"] as! [Any] {
            let name = entry["feature"] as! String
            let pd = try PartialDependenceCalculator.compute(scorer: s.scorer, data: s.data, feature: name, options: .init(gridPoints: 20))
            let average = entry["average"] as! [Double]
            #expect(pd.average.count == average.count)
            for (a, b) in zip(pd.average, average) { #expect(abs(a - b) < 1e-12, "\(name): \(a) vs \(b)") }
            if let grid = entry["grid"] as? [Double] {
                let mine = try #require(pd.grid)
                #expect(mine.count == grid.count)
                for (a, b) in zip(mine, grid) { #expect(NumericTolerance.isClose(a, b, tolerance: 1e-12, scale: 1), "\(name) grid: \(a) vs \(b)") }
            } else {
                #expect(pd.levels == entry["levels"] as? [String])
            }
        }
    }
}
