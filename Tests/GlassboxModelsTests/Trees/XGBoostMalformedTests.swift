import Foundation
import Testing
@testable import GlassboxModels
import GlassboxTestSupport

/// Malformed and hostile XGBoost files: each is a ``ModelError`` naming the field or construct, never a crash, a
/// hang or a huge allocation. Cases start from the reference `reg-logistic` model (JSON edited through
/// Foundation, UBJSON cut and mutated byte by byte).
@Suite struct XGBoostMalformedTests {
    static func bytes(_ file: String) throws -> [UInt8] {
        Array(try Data(contentsOf: XGBoostReferenceTests.directory.appendingPathComponent(file)))
    }

    /// The JSON model after `edit`.
    static func edited(_ edit: (inout [String: Any]) throws -> Void) throws -> [UInt8] {
        var object = try #require(try JSONSerialization.jsonObject(with: Data(bytes("reg-logistic.json"))) as? [String: Any])
        try edit(&object)
        return Array(try JSONSerialization.data(withJSONObject: object))
    }

    /// Edits `learner.gradient_booster.model.trees[0]`.
    static func editedTree(_ edit: (inout [String: Any]) -> Void) throws -> [UInt8] {
        try edited { root in
            var learner = root["learner"] as! [String: Any]
            var booster = learner["gradient_booster"] as! [String: Any]
            var model = booster["model"] as! [String: Any]
            var trees = model["trees"] as! [[String: Any]]
            edit(&trees[0])
            model["trees"] = trees
            booster["model"] = model
            learner["gradient_booster"] = booster
            root["learner"] = learner
        }
    }

    static func editedLearner(_ edit: (inout [String: Any]) -> Void) throws -> [UInt8] {
        try edited { root in
            var learner = root["learner"] as! [String: Any]
            edit(&learner)
            root["learner"] = learner
        }
    }

    static func expectRefused(_ bytes: [UInt8], _ message: String, unsupported: Bool = false,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try XGBoostModel.importEnsemble(bytes: bytes, fileName: "m.json")
            Issue.record("accepted; expected '\(message)'", sourceLocation: sourceLocation)
        } catch let error as ModelError {
            switch error {
            case .invalidModelFile(let text) where !unsupported, .unsupportedModel(let text) where unsupported:
                #expect(text.contains(message), "\(text)", sourceLocation: sourceLocation)
            default:
                Issue.record("\(error)", sourceLocation: sourceLocation)
            }
        } catch {
            Issue.record("\(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func structuralDamage() throws {
        Self.expectRefused(Array(try Self.bytes("reg-logistic.json").prefix(5000)), "is not valid JSON")
        Self.expectRefused(try Self.editedTree { $0["left_children"] = "1,2" }, "trees[0].left_children' is a string")
        Self.expectRefused(try Self.editedTree { t in
            var left = t["left_children"] as! [Int]; left[0] = 0; t["left_children"] = left
        }, "a cycle or a truncated tree")
        Self.expectRefused(try Self.editedTree { t in
            var left = t["left_children"] as! [Int]; left[0] = 1_000_000; t["left_children"] = left
        }, "has a child index outside")
        Self.expectRefused(try Self.editedTree { t in
            var f = t["split_indices"] as! [Int]; f[0] = 77; t["split_indices"] = f
        }, "splits on feature 77, but the model has 5 features")
        Self.expectRefused(try Self.editedTree { t in
            var p = t["tree_param"] as! [String: Any]; p["num_nodes"] = "1000000000"; t["tree_param"] = p
        }, "not an integer in 1...4194304")
        Self.expectRefused(try Self.editedTree { t in
            var p = t["tree_param"] as! [String: Any]; p["num_nodes"] = "5"; t["tree_param"] = p
        }, "but the tree has 5 nodes (num_nodes)")
        Self.expectRefused(try Self.editedTree { $0["categories_sizes"] = [1_000_000] }, "categories_sizes' holds 1000000.0 at [0], not an integer")
        Self.expectRefused(try Self.editedLearner { $0["feature_names"] = ["a", "a", "b", "c", "d"] }, "a feature name appears twice")
        Self.expectRefused(try Self.edited { $0["learner"] = 3 }, "field 'learner' is a number, not an object")
        Self.expectRefused(try Self.editedLearner { l in
            var p = l["learner_model_param"] as! [String: Any]; p["base_score"] = "[1.5E0]"; l["learner_model_param"] = p
        }, "base_score 1.5 is not a probability")
        Self.expectRefused([], "is empty")
        Self.expectRefused(Array("age,income\n1,2\n".utf8), "is not an XGBoost model")
    }

    @Test func unsupportedConstructs() throws {
        Self.expectRefused(try Self.editedLearner { l in
            var p = l["learner_model_param"] as! [String: Any]; p["num_class"] = "3"; l["learner_model_param"] = p
        }, "a multiclass model (num_class = 3)", unsupported: true)
        Self.expectRefused(try Self.editedLearner { $0["objective"] = ["name": "rank:pairwise"] }, "the objective 'rank:pairwise'", unsupported: true)
        Self.expectRefused(try Self.editedLearner { l in
            var b = l["gradient_booster"] as! [String: Any]; b["name"] = "gblinear"; l["gradient_booster"] = b
        }, "a gblinear (linear) booster", unsupported: true)
        Self.expectRefused(try Self.editedLearner { l in
            let gbtree = l["gradient_booster"] as! [String: Any]
            l["gradient_booster"] = ["name": "dart", "gbtree": gbtree, "weight_drop": [1.0, 0.5]] as [String: Any]
        }, "a DART booster with dropped or rescaled trees", unsupported: true)
    }

    @Test func ubjsonClaimsAndTruncations() throws {
        // A typed float32 array claiming a billion elements in a 30-byte file.
        var claim: [UInt8] = Array("{L".utf8) + [0, 0, 0, 0, 0, 0, 0, 1] + Array("x[$d#l".utf8) + [0x3B, 0x9A, 0xCA, 0x00]
        claim += Array("}".utf8)
        Self.expectRefused(claim, "claims a container size of 1000000000")
        // Deep nesting.
        Self.expectRefused(Array("{".utf8) + [UInt8(ascii: "i"), 1, UInt8(ascii: "x")] + [UInt8](repeating: UInt8(ascii: "["), count: 10_000),
                           "nests arrays and objects more than 64 levels deep")
        // A NaN threshold (float32 NaN in place of the root's split condition).
        var nan = try Self.bytes("reg-logistic.ubj")
        let key = Array("split_conditions".utf8)
        let at = try #require((0...(nan.count - key.count)).first { Array(nan[$0..<($0 + key.count)]) == key })
        // `[$d#` and `L` + an 8-byte count, then the first float32.
        let first = at + key.count + 5 + 8
        nan.replaceSubrange(first..<(first + 4), with: [0x7F, 0xC0, 0, 0])
        Self.expectRefused(nan, "has a threshold that is not a number")
        // Every cut of the UBJSON file is refused with a message, never a crash.
        let whole = try Self.bytes("reg-logistic.ubj")
        for cut in stride(from: 0, to: whole.count, by: 97) {
            #expect(throws: ModelError.self) { try XGBoostModel.importEnsemble(bytes: Array(whole.prefix(cut)), fileName: "m.ubj") }
        }
    }

    /// 2,000 seeded byte mutations of each encoding: each loads (and then scores a row) or throws a ModelError.
    @Test func mutationsNeverCrash() throws {
        var generator = XGBoostReferenceData.SplitMix64(state: 99)
        for file in ["reg-logistic.ubj", "reg-logistic.json"] {
            let whole = try Self.bytes(file)
            for _ in 0..<1000 {
                var mutant = whole
                for _ in 0..<(1 + Int(generator.next() % 4)) {
                    mutant[Int(generator.next() % UInt64(mutant.count))] = UInt8(truncatingIfNeeded: generator.next())
                }
                do {
                    let model = try XGBoostModel.importEnsemble(bytes: mutant, fileName: file)
                    _ = model.ensemble.margin([Double](repeating: 1, count: model.ensemble.features.count))
                } catch is ModelError {
                }
            }
        }
    }
}
