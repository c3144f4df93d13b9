import Foundation
import Testing
import GlassboxTestSupport

/// The tree notebook's variants, executed with nbclient (``NotebookPython``): an imported PMML logistic regression,
/// whose margin is its linear terms (the notebook re-scores them and its baseline and audit checks hold), and a report
/// with interventional TreeSHAP, which the maker's path-dependent `pred_contrib` does not compute (the notebook says it
/// skips that comparison and runs).
@Suite("tree-ensemble notebook variants executed with nbclient", .serialized)
struct TreeNotebookVariantTests {
    static var python: String? { NotebookPython.interpreter }
    let helpers = TreeNotebookExecutionTests()

    @Test("PMML logistic regression: the notebook adds the linear terms to the margin; baseline and audit checks hold",
          .enabled(if: python != nil, "no Python with nbclient, nbformat and ipykernel (GLASSBOX_PYTHON, .venv, /tmp/pyvenv)"),
          .timeLimit(.minutes(8)))
    func pmmlLogisticRegression() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        _ = try dir.write("rows.csv", TreeNotebookExecutionTests.lightGBMData)
        try helpers.importCopy("pmml", fixture: "reference/trees/pmml-logit.pmml", as: "vendor.pmml", outcome: "y", in: dir)
        let run = try helpers.reportAndExecute(data: "rows.csv", ["--group", "region", "--repeats", "1", "--bootstrap", "50",
                                                                  "--shap-method", "interventional", "--background", "50"], in: dir)
        #expect(run.status == 0, "\(run.output)")
        for line in ["agrees with the model file's trees re-scored in plain Python (1e-9)",
                     "vendor.pmml: original pmml model file, SHA-256 verified (recorded at import)",
                     "disparity ratios agree with fairlearn's MetricFrame to 1e-12"] {
            #expect(run.output.contains(line), "missing '\(line)' in:\n\(run.output)")
        }
    }

    @Test("interventional TreeSHAP: the notebook skips the comparison with LightGBM's path-dependent pred_contrib, says why, and runs",
          .enabled(if: python != nil, "no Python with nbclient, nbformat and ipykernel (GLASSBOX_PYTHON, .venv, /tmp/pyvenv)"),
          .timeLimit(.minutes(8)))
    func interventionalSHAPSkipsTheMakersSHAP() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        _ = try dir.write("rows.csv", TreeNotebookExecutionTests.lightGBMData)
        try helpers.importCopy("lightgbm", fixture: "reference/trees/lightgbm-gbdt.txt", as: "vendor.txt", outcome: "y", in: dir)
        let run = try helpers.reportAndExecute(data: "rows.csv", ["--repeats", "1", "--shap-method", "interventional", "--background", "50"], in: dir)
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("2000 scores agree with lightgbm's predict within 1e-12"), "\(run.output)")
        #expect(run.output.contains("skipped: the report's SHAP values are interventional TreeSHAP (against a background sample of the data), "
                                    + "which lightgbm's pred_contrib (path-dependent TreeSHAP) does not compute: they are not compared"), "\(run.output)")
        #expect(!run.output.contains("agree with lightgbm's pred_contrib"), "\(run.output)")
    }
}
