import Foundation
import GlassboxCore
@testable import GlassboxExplain
import GlassboxModels
import GlassboxTestSupport
import Testing

/// The makers' own SHAP values for a committed model (Tests/Reference/make_treeshap_reference.py).
struct TreeSHAPCases: Decodable {
    var rows: [[Double?]]
    var margin: [Double]
    var contributions: [[Double]]?
    var background: [[Double?]]?
    var interventional: [[Double]]?
    var interventionalExpectedValue: Double?
    var shapInterventional: [[Double]]?
    var shapExpectedValue: Double?

    static func load(_ name: String) throws -> (TreeEnsemble, TreeSHAPCases) {
        let ensemble = try Fixtures.decode(TreeEnsemble.self, "reference/treeshap/\(name)-ensemble.json")
        return (ensemble, try Fixtures.decode(TreeSHAPCases.self, "reference/treeshap/\(name)-cases.json"))
    }

    static func flat(_ rows: [[Double?]]) -> [Double] { rows.flatMap { $0.map { $0 ?? .nan } } }
}

@Suite("Tree SHAP")
struct TreeSHAPTests {
    /// Largest |a − b| over paired values.
    func maxDiff(_ a: some Sequence<Double>, _ b: some Sequence<Double>) -> Double {
        zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1)) }
    }

    /// Σ φ + φ₀ against the ensemble's own margin, per row.
    func additivityGap(_ shap: TreeSHAPValues, _ ensemble: TreeEnsemble, rows: [Double]) -> Double {
        let p = shap.columns.count
        return (0..<shap.rowCount).reduce(0) { gap, r in
            let margin = ensemble.margin(Array(rows[r * p..<(r + 1) * p]))
            return max(gap, abs(shap.row(r).reduce(shap.expectedValue, +) - margin))
        }
    }

    @Test("XGBoost: path-dependent values equal pred_contribs (float32 maker, 1e-6 scaled), additivity")
    func xgboostPathDependent() throws {
        let (ensemble, cases) = try TreeSHAPCases.load("xgboost")
        let rows = TreeSHAPCases.flat(cases.rows)
        let shap = try TreeSHAP.pathDependent(ensemble, rows: rows)
        let p = ensemble.features.count
        var worst = 0.0, worstBias = 0.0
        for (r, maker) in cases.contributions!.enumerated() {
            for f in 0..<p { worst = max(worst, abs(shap[r, f] - maker[f]) / max(1, abs(maker[f]))) }
            worstBias = max(worstBias, abs(shap.expectedValue - maker[p]))
        }
        print("TreeSHAP vs XGBoost pred_contribs (\(cases.rows.count) rows): max scaled diff \(worst), bias diff \(worstBias)")
        #expect(worst < 1e-6)
        #expect(worstBias < 1e-6 * max(1, abs(shap.expectedValue)))
        let gap = additivityGap(shap, ensemble, rows: rows)
        #expect(gap < 1e-12)
        // Against XGBoost's own float32 margin the sum agrees to float32 rounding of a 40-tree sum.
        let sums = (0..<shap.rowCount).map { shap.row($0).reduce(shap.expectedValue, +) }
        #expect(maxDiff(sums, cases.margin) < 1e-5)
    }

    @Test("LightGBM: path-dependent values equal pred_contrib (categorical split, missing values) within 1e-9")
    func lightgbmPathDependent() throws {
        let (ensemble, cases) = try TreeSHAPCases.load("lightgbm")
        let rows = TreeSHAPCases.flat(cases.rows)
        let shap = try TreeSHAP.pathDependent(ensemble, rows: rows)
        let p = ensemble.features.count
        var worst = 0.0, worstBias = 0.0
        for (r, maker) in cases.contributions!.enumerated() {
            for f in 0..<p { worst = max(worst, abs(shap[r, f] - maker[f])) }
            worstBias = max(worstBias, abs(shap.expectedValue - maker[p]))
        }
        print("TreeSHAP vs LightGBM pred_contrib (\(cases.rows.count) rows): max diff \(worst), bias diff \(worstBias)")
        #expect(worst < 1e-9)
        #expect(worstBias < 1e-9)
        #expect(additivityGap(shap, ensemble, rows: rows) < 1e-12)
        let sums = (0..<shap.rowCount).map { shap.row($0).reduce(shap.expectedValue, +) }
        #expect(maxDiff(sums, cases.margin) < 1e-9)
    }

    @Test("The fast path-dependent algorithm equals Algorithm 2 on both makers' models (1e-12)")
    func fixturesAgainstAlgorithm2() throws {
        for name in ["xgboost", "lightgbm"] {
            let (ensemble, cases) = try TreeSHAPCases.load(name)
            let rows = TreeSHAPCases.flat(Array(cases.rows.prefix(300)))
            let shap = try TreeSHAP.pathDependent(ensemble, rows: rows)
            let p = ensemble.features.count
            var worst = 0.0
            for r in 0..<shap.rowCount {
                let reference = TreeSHAPReference.algorithm2(ensemble, row: Array(rows[r * p..<(r + 1) * p]))
                worst = max(worst, maxDiff(shap.row(r), reference.phi), abs(shap.expectedValue - reference.expected))
            }
            print("TreeSHAP vs Algorithm 2 on the \(name) model: max diff \(worst)")
            #expect(worst < 1e-12)
        }
    }

    @Test("Random trees: fast = Algorithm 2 = brute force over all coalitions (repeated features, categories, missing policies, averaging)")
    func randomTrees() throws {
        var generator = SeededGenerator(seed: 17)
        for trial in 0..<40 {
            let p = 4
            let trees = (0..<3).map { _ in TreeSHAPReference.randomTree(features: p, depth: 6, categorical: trial % 2 == 0, generator: &generator) }
            let features = (0..<p).map { TreeFeature(name: "f\($0)", kind: $0 == 0 && trial % 2 == 0 ? .categorical(levels: []) : .numeric) }
            let ensemble = TreeEnsemble(features: features, trees: trees, treeWeights: trial % 3 == 0 ? [1, 2, 0.5] : nil, baseMargin: 0.25,
                                        combination: trial % 3 == 0 ? .average : .sum, link: .logistic,
                                        comparison: trial % 4 < 2 ? .float64 : .float32)
            let rowList = (0..<12).map { _ in TreeSHAPReference.randomRow(features: p, generator: &generator) }
            let rows = rowList.flatMap { $0 }
            let shap = try TreeSHAP.pathDependent(ensemble, rows: rows)
            let background = Array(rowList.prefix(5))
            let interventional = try TreeSHAP.interventional(ensemble, rows: rows, background: background.flatMap { $0 })
            for (r, row) in rowList.enumerated() {
                let reference = TreeSHAPReference.algorithm2(ensemble, row: row)
                let brute = TreeSHAPReference.shapley(players: p) { TreeSHAPReference.expectedMargin(ensemble, row: row, known: $0) }
                #expect(maxDiff(shap.row(r), reference.phi) < 1e-12, "trial \(trial) row \(r)")
                #expect(maxDiff(shap.row(r), brute) < 1e-12, "trial \(trial) row \(r)")
                #expect(abs(shap.expectedValue - TreeSHAPReference.expectedMargin(ensemble, row: row, known: 0)) < 1e-12)
                let bruteInterventional = TreeSHAPReference.interventional(ensemble, row: row, background: background)
                #expect(maxDiff(interventional.row(r), bruteInterventional) < 1e-12, "trial \(trial) row \(r)")
            }
            #expect(additivityGap(shap, ensemble, rows: rows) < 1e-12)
            #expect(additivityGap(interventional, ensemble, rows: rows) < 1e-12)
        }
    }

    @Test("Leaves with more than 8 distinct path features are evaluated directly, equal to Algorithm 2")
    func deepLeaves() throws {
        // A chain over 11 features (split 2f on f, leaf 2f + 1 on its left, the next split on its right): the
        // deepest leaves have up to 11 distinct path features, beyond the tables' 8.
        let p = 11
        var nodes: [TreeNode] = []
        var cover = 1_000.0
        for f in 0..<p {
            let i = Int32(nodes.count)
            nodes.append(TreeNode(feature: Int32(f), rule: .lessThan, threshold: 0.5, left: i + 1, right: i + 2,
                                  missingGoesLeft: f % 2 == 0, cover: cover))
            nodes.append(.leaf(value: Double(f) / 10 - 0.3, cover: cover * 0.4))
            cover *= 0.6
        }
        nodes.append(.leaf(value: 0.9, cover: cover))
        let ensemble = TreeEnsemble(features: (0..<p).map { TreeFeature(name: "f\($0)") }, trees: [DecisionTree(nodes: nodes)],
                                    baseMargin: 0, link: .identity, comparison: .float64)
        try ensemble.validate()
        var generator = SeededGenerator(seed: 3)
        let rowList = (0..<20).map { _ in (0..<p).map { _ in generator.nextInt(below: 6) == 0 ? Double.nan : Double(generator.nextInt(below: 2)) } }
        let shap = try TreeSHAP.pathDependent(ensemble, rows: rowList.flatMap { $0 })
        for (r, row) in rowList.enumerated() {
            #expect(maxDiff(shap.row(r), TreeSHAPReference.algorithm2(ensemble, row: row).phi) < 1e-12)
        }
    }

    @Test("LightGBM: interventional values equal the exact definition (1e-9) and shap's TreeExplainer (its float32 internals, 1e-7)")
    func lightgbmInterventional() throws {
        for name in ["lightgbm", "lightgbm-numeric"] {
            let (ensemble, cases) = try TreeSHAPCases.load(name)
            let exact = cases.interventional!
            let rows = TreeSHAPCases.flat(Array(cases.rows.prefix(exact.count)))
            let shap = try TreeSHAP.interventional(ensemble, rows: rows, background: TreeSHAPCases.flat(cases.background!))
            let worst = (0..<exact.count).reduce(0.0) { max($0, maxDiff(shap.row($1), exact[$1])) }
            print("interventional TreeSHAP vs exact (\(name), \(exact.count) rows × 100 background): max diff \(worst)")
            #expect(worst < 1e-9)
            #expect(abs(shap.expectedValue - cases.interventionalExpectedValue!) < 1e-12)
            #expect(additivityGap(shap, ensemble, rows: rows) < 1e-12)
            if let reference = cases.shapInterventional {
                let worstShap = (0..<reference.count).reduce(0.0) { max($0, maxDiff(shap.row($1), reference[$1])) }
                print("interventional TreeSHAP vs shap TreeExplainer (\(name)): max diff \(worstShap)")
                #expect(worstShap < 1e-7)
                #expect(abs(shap.expectedValue - cases.shapExpectedValue!) < 1e-12)
            }
        }
    }

    @Test("Output is the same row by row and in one parallel block (deterministic)")
    func deterministic() throws {
        let (ensemble, cases) = try TreeSHAPCases.load("lightgbm")
        let rows = TreeSHAPCases.flat(cases.rows)
        let block = try TreeSHAP.pathDependent(ensemble, rows: rows)
        #expect(block == (try TreeSHAP.pathDependent(ensemble, rows: rows)))
        let p = ensemble.features.count
        for r in stride(from: 0, to: cases.rows.count, by: 97) {
            let single = try TreeSHAP.pathDependent(ensemble, rows: Array(rows[r * p..<(r + 1) * p]))
            #expect(Array(single.row(0)) == Array(block.row(r)))
        }
    }

    @Test("Grouping sums columns into their source feature, keeps additivity, and summarises as linear SHAP does")
    func grouping() throws {
        let (ensemble, cases) = try TreeSHAPCases.load("lightgbm")
        let rows = TreeSHAPCases.flat(cases.rows)
        let shap = try TreeSHAP.pathDependent(ensemble, rows: rows)
        let grouped = shap.grouped(by: ["income": "wealth", "distance": "wealth", "contacts": "history", "turnout_history": "history"])
        #expect(grouped.columns == ["age", "wealth", "history", "region"])
        #expect(grouped.expectedValue == shap.expectedValue)
        for r in [0, 5, 1_999] {
            #expect(grouped[r, 1] == shap[r, 1] + shap[r, 3])
            #expect(grouped[r, 2] == shap[r, 2] + shap[r, 4])
            #expect(abs(grouped.row(r).reduce(0, +) - shap.row(r).reduce(0, +)) < 1e-12)
        }
        let summary = grouped.summary(rowIndices: Array(0..<grouped.rowCount), listRows: 5, seed: 1)
        #expect(summary.columns == grouped.columns)
        #expect(summary.rows.count == 5 && summary.values.count == 5)
        #expect(summary.values[0] == Array(grouped.row(summary.rows[0])))
        let top = summary.features[0]
        let meanAbs = (0..<grouped.rowCount).reduce(0.0) { $0 + abs(grouped[$1, grouped.columns.firstIndex(of: top.feature)!]) } / Double(grouped.rowCount)
        #expect(abs(top.meanAbs - meanAbs) < 1e-12)
        #expect(summary.features.map(\.meanAbs) == summary.features.map(\.meanAbs).sorted(by: >))
    }

    @Test("Bad input: rows that are not whole, no background, a split without cover — specific errors")
    func badInput() throws {
        let (ensemble, _) = try TreeSHAPCases.load("lightgbm")
        #expect(throws: ExplainError.invalidData("7 rows values are not whole rows of 6 features")) {
            try TreeSHAP.pathDependent(ensemble, rows: [Double](repeating: 0, count: 7))
        }
        #expect(throws: ExplainError.invalidData("interventional TreeSHAP needs at least one background row")) {
            try TreeSHAP.interventional(ensemble, rows: [Double](repeating: 0, count: 6), background: [])
        }
        var uncovered = ensemble
        uncovered.trees[2].nodes[0].cover = 0
        #expect(throws: ExplainError.invalidData("tree 2 node 0 has no cover (training weight); path-dependent TreeSHAP needs the covers of every split node, use interventional TreeSHAP with background data")) {
            try TreeSHAP.pathDependent(uncovered, rows: [Double](repeating: 0, count: 6))
        }
        // Interventional TreeSHAP does not need covers.
        _ = try TreeSHAP.interventional(uncovered, rows: [Double](repeating: 0, count: 6), background: [Double](repeating: 1, count: 6))
    }
}
