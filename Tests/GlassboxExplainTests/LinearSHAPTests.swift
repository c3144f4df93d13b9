@testable import GlassboxExplain
import GlassboxTabular
import Testing

@Suite("Linear SHAP and ICE")
struct LinearSHAPTests {
    @Test("SHAP values sum to η minus mean η, with one-hot levels, transforms and split interactions")
    func additivity() throws {
        let table = ExplainTestData.table(n: 2_000, interaction: true)
        let scorer = try ExplainTestData.fit("y ~ x1 + C(g) + x2 + x1:x2 + I(x3^2) + x4", on: table)
        for weights in [nil, "w"] as [String?] {
            let data = try ExplainData.forModel(scorer.encoding, table: table, weights: weights, withOutcome: false)
            let (phi, expected, columns) = try LinearSHAP.values(scorer: scorer, data: data)
            #expect(columns == ["x1", "g", "x2", "x3", "x4"])
            let eta = try scorer.linearPredictor(data.table)
            let w = data.weights ?? [Double](repeating: 1, count: eta.count)
            let meanEta = zip(w, eta).reduce(0) { $0 + $1.0 * $1.1 } / w.reduce(0, +)
            #expect(abs(expected - meanEta) < 1e-12)
            for i in 0..<eta.count { #expect(abs(phi[i].reduce(0, +) - (eta[i] - meanEta)) < 1e-10) }
            // x4 alone: φ = β(x − mean x).
            let x = try scorer.design(data.table)
            let j = scorer.encoding.termNames.firstIndex(of: "x4")!
            let n = x.rows
            let mean = (0..<n).reduce(0.0) { $0 + w[$1] * x[$1, j] } / w.reduce(0, +)
            #expect(abs(phi[7][4] - scorer.coefficients[j] * (x[7, j] - mean)) < 1e-12)
        }
        let result = try LinearSHAP.compute(scorer: scorer, data: try ExplainData.forModel(scorer.encoding, table: table, weights: nil, withOutcome: false),
                                            listRows: 5, seed: 1)
        #expect(result.features.first?.feature == "x1")
        #expect(result.values.count == 5 && result.rows.count == 5)
    }

    @Test("ICE curves belong to synthetic rows (scored on a grid row), none by default; centred curves start at 0")
    func iceCurves() throws {
        let table = ExplainTestData.table(n: 300)
        let scorer = try ExplainTestData.fit("y ~ x1 + C(g) + x1:C(g)", on: table)
        let data = try ExplainData.forModel(scorer.encoding, table: table, weights: nil, withOutcome: false)
        #expect(try PartialDependenceCalculator.compute(scorer: scorer, data: data, feature: "x1").ice == nil)
        let options = ExplanationOptions(gridPoints: 10, iceRows: 30)
        let pd = try PartialDependenceCalculator.compute(scorer: scorer, data: data, feature: "x1", options: options)
        let ice = try #require(pd.ice)
        #expect(ice.count == 30 && pd.iceSynthetic == true && pd.iceRows == nil)
        // Each curve is the model on one synthetic row with x1 set to the grid value.
        let synthetic = try PartialDependenceCalculator.syntheticRows(scorer: scorer, data: data, count: 30, options: options)
        let grid = try #require(pd.grid)
        for (k, v) in grid.enumerated() {
            let s = try scorer.scores(try synthetic.replacing("x1", with: .numeric([Double](repeating: v, count: 30))))
            for r in 0..<30 { #expect(abs(s[r] - ice[r][k]) < 1e-15) }
        }
        let centred = try PartialDependenceCalculator.compute(scorer: scorer, data: data, feature: "g", options: .init(seed: 2, iceRows: 5, centered: true))
        #expect(centred.levels == ["a", "b", "c"])
        #expect(centred.ice?.allSatisfy { $0[0] == 0 } == true)
        #expect(throws: ExplainError.self) { try PartialDependenceCalculator.compute(scorer: scorer, data: data, feature: "x9") }
    }
}
