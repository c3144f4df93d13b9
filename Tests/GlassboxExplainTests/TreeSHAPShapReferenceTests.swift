import Foundation
@testable import GlassboxExplain
import GlassboxModels
import GlassboxTestSupport
import Testing

/// Interventional TreeSHAP against shap's own `TreeExplainer(model, background, feature_perturbation="interventional")`
/// (Tests/Fixtures/reference/treeshap/shap-*, written by Tests/Reference/make_treeshap_shap_reference.py).
///
/// shap's interventional code (`tree_shap_indep` in shap/cext/tree_shap.h) holds thresholds, leaf values, path weights
/// and per-node sums in `float` for every model type, so it is exact only where that arithmetic is: depth-2 trees
/// (weights 1 and 1/2) with leaf values on a 2^-10 grid. On those models (LightGBM and XGBoost) the values must agree
/// within 1e-9; on the ordinary depth-4 XGBoost fixture the float32 difference is measured and bounded.
@Suite("Interventional TreeSHAP against shap's TreeExplainer")
struct TreeSHAPShapReferenceTests {
    let helpers = TreeSHAPTests()

    /// shap's `TreeExplainer(...).model.base_offset`, stored beside its values.
    struct ShapBaseOffset: Decodable { var shapBaseOffset: Double }

    /// Glassbox's interventional values on the cases' rows and background, and the largest |difference| from shap's.
    func compare(_ ensemble: TreeEnsemble, _ cases: TreeSHAPCases) throws -> (shap: TreeSHAPValues, worst: Double) {
        let rows = TreeSHAPCases.flat(cases.rows)
        let values = try TreeSHAP.interventional(ensemble, rows: rows, background: TreeSHAPCases.flat(cases.background!))
        let reference = try #require(cases.shapInterventional)
        #expect(reference.count == values.rowCount)
        let worst = reference.indices.reduce(0.0) { max($0, helpers.maxDiff(values.row($1), reference[$1])) }
        return (values, worst)
    }

    @Test("Depth-2 LightGBM and XGBoost models on a 2^-10 leaf grid: equal to shap and to the exact definition (1e-9), additivity")
    func exactWhereShapIsExact() throws {
        for name in ["shap-lightgbm-depth2", "shap-xgboost-depth2"] {
            let (ensemble, cases) = try TreeSHAPCases.load(name)
            let (shap, worst) = try compare(ensemble, cases)
            let exact = try #require(cases.interventional)
            let worstExact = exact.indices.reduce(0.0) { max($0, helpers.maxDiff(shap.row($1), exact[$1])) }
            print("interventional TreeSHAP vs shap TreeExplainer (\(name), \(shap.rowCount) rows × 100 background rows): max diff \(worst); vs exact \(worstExact)")
            #expect(worst < 1e-9)
            #expect(worstExact < 1e-9)
            #expect(abs(shap.expectedValue - cases.shapExpectedValue!) < 1e-12)
            #expect(abs(shap.expectedValue - cases.interventionalExpectedValue!) < 1e-12)
            #expect(helpers.additivityGap(shap, ensemble, rows: TreeSHAPCases.flat(cases.rows)) < 1e-12)
            let sums = (0..<shap.rowCount).map { shap.row($0).reduce(shap.expectedValue, +) }
            #expect(helpers.maxDiff(sums, cases.margin) < 1e-9)
        }
    }

    @Test("Depth-4 XGBoost model, rows rounded to float32 as XGBoost does: shap's float32 internals stay within 1e-7")
    func xgboostFloat32Internals() throws {
        let ensemble = try Fixtures.decode(TreeEnsemble.self, "reference/treeshap/xgboost-ensemble.json")
        let cases = try Fixtures.decode(TreeSHAPCases.self, "reference/treeshap/shap-xgboost-cases.json")
        let (shap, worst) = try compare(ensemble, cases)
        // shap's base offset is scipy's float64 logit of base_score; XGBoost's base margin (and Glassbox's) is the
        // float32 one: the expected values differ by exactly that, the background's mean tree output agrees.
        let shapBaseOffset = try Fixtures.decode(ShapBaseOffset.self, "reference/treeshap/shap-xgboost-cases.json").shapBaseOffset
        let baseDifference = abs(shapBaseOffset - ensemble.baseMargin)
        print("interventional TreeSHAP vs shap TreeExplainer (xgboost depth 4, \(shap.rowCount) rows × 100 background rows): max diff \(worst); "
              + "expected values \(abs(shap.expectedValue - cases.shapExpectedValue!)) apart, base offsets \(baseDifference)")
        #expect(worst < 1e-7)
        #expect(baseDifference < 1e-6)
        #expect(abs((shap.expectedValue - ensemble.baseMargin) - (cases.shapExpectedValue! - shapBaseOffset)) < 1e-12)
        #expect(helpers.additivityGap(shap, ensemble, rows: TreeSHAPCases.flat(cases.rows)) < 1e-12)
    }
}
