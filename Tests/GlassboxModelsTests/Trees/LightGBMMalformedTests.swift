import Foundation
import GlassboxTestSupport
import Testing
@testable import GlassboxModels

/// Every malformed or unsupported LightGBM text model is a specific error naming the construct.
@Suite struct LightGBMMalformedTests {
    static let text: String = {
        let url = Repository.fixture("reference/trees/lightgbm-gbdt.txt")
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }()

    /// The message of the error importing `text`, or nil when it imports.
    static func error(_ text: String) -> String? {
        do {
            _ = try LightGBMModel.importEnsemble(bytes: Array(text.utf8), fileName: "model.txt")
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// `text` with the first occurrence of `old` replaced.
    static func replacing(_ old: String, _ new: String) -> String {
        guard let range = text.range(of: old) else { return "fixture lacks \(old)" }
        return text.replacingCharacters(in: range, with: new)
    }

    @Test func fixtureImports() { #expect(Self.error(Self.text) == nil) }

    @Test(arguments: [
        ("", "first line is not 'tree'"),
        ("tree\nversion=v4\n", "truncated"),
        (String(text.prefix(text.count / 2)), "truncated"),
        (replacing("leaf_value=-0.17782868133407065", "leaf_value=abc"), "tree 0 'leaf_value' holds 'abc'"),
        (replacing("split_feature=0 2 2", "split_feature=0 2"), "tree 0 'split_feature' has 13 values, expected 14"),
        (replacing("left_child=1 4 5", "left_child=0 4 5"), "tree 0 node 0 has child 0"),
        (replacing("left_child=1 4 5", "left_child=1 1 5"), "reached twice"),
        (replacing("left_child=1 4 5 6 -1", "left_child=1 4 5 6 -99"), "leaf child 98"),
        (replacing("split_feature=0 2 2", "split_feature=99 2 2"), "splits on feature 99"),
        (replacing("threshold=60.500000000000007", "threshold=nan"), "tree 0 node 0 has a threshold that is not a number"),
        (replacing("num_leaves=15", "num_leaves=1000000000"), "no 'num_leaves' in 1...2097152"),
        (replacing("cat_threshold=3276", "cat_threshold=x3276"), "'cat_threshold' holds"),
        (replacing("cat_boundaries=0 1 2 3", "cat_boundaries=0 1 2 99999999"), "cat_boundaries"),
        (replacing("decision_type=10 2", "decision_type=14 2"), "missing type 3"),
        (replacing("decision_type=10 2", "decision_type=11 2"), "category set 60.5"),
        (replacing("Tree=1\n", "Tree=7\n"), "'Tree=7' where tree 1 was expected"),
        (replacing("max_feature_idx=5", "max_feature_idx=4"), "6 feature names for max_feature_idx=4"),
        (replacing("pandas_categorical:[[", "pandas_categorical:[[[[[["), "nested deeper"),
        (replacing("pandas_categorical:[[\"C00\"", "pandas_categorical:[[{\"a\": 1}"), "pandas_categorical"),
        (replacing(", [\"DEM\", \"REP\", \"IND\"]]", "]"), "1 level lists for 2 categorical features"),
        (replacing("num_class=1", "num_class=3"), "multiclass model (num_class=3)"),
        (replacing("objective=binary sigmoid:1", "objective=lambdarank"), "objective 'lambdarank'"),
        (replacing("objective=binary sigmoid:1", "objective=binary sigmoid:2"), "sigmoid:2"),
        (replacing("objective=binary sigmoid:1\n", ""), "without an objective"),
        (replacing("is_linear=0", "is_linear=1"), "tree 0 is a linear tree"),
    ])
    func refused(_ input: String, _ expected: String) {
        let message = Self.error(input)
        #expect(message?.contains(expected) == true, "\(message ?? "imported")")
    }

    @Test func notUTF8() {
        #expect(throws: ModelError.self) { _ = try LightGBMModel.importEnsemble(bytes: [0x74, 0x72, 0xFF, 0xFE], fileName: "model.txt") }
    }
}
