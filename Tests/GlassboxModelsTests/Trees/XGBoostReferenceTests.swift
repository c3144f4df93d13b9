import Foundation
import GlassboxTabular
import Testing
@testable import GlassboxModels
import GlassboxTestSupport

/// XGBoost models saved by xgboost's `save_model` (JSON and UBJSON) score as xgboost's `predict` does, to 1e-6,
/// on 50,000 simulated rows with missing values and categorical levels plus rows exactly at (and just below)
/// every numeric threshold (Tests/Reference/make_xgboost_reference.py).
@Suite struct XGBoostReferenceTests {
    static let directory = Repository.fixture("reference/xgboost")

    static func predictions(_ name: String) throws -> [Float] {
        let data = try Data(contentsOf: directory.appendingPathComponent("\(name)-predictions.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let text = try #require(object["float32LittleEndianBase64"] as? String)
        let bytes = try #require(Data(base64Encoded: text))
        return bytes.withUnsafeBytes { raw in
            (0..<(bytes.count / 4)).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self))) }
        }
    }

    static func imported(_ file: String) throws -> ImportedTreeModel {
        let bytes = Array(try Data(contentsOf: directory.appendingPathComponent(file)))
        return try XGBoostModel.importEnsemble(bytes: bytes, fileName: file)
    }

    @Test(arguments: ["logistic-categorical", "logitraw", "reg-logistic"])
    func scoresMatchXGBoostPredict(_ name: String) throws {
        let expected = try Self.predictions(name)
        for ext in ["json", "ubj"] {
            let model = try Self.imported("\(name).\(ext)")
            #expect(model.makerVersion?.hasPrefix("3.") == true)
            let e = model.ensemble
            let rows = XGBoostReferenceData.scoredRows(for: e)
            let table = try XGBoostReferenceData.table(rows, columns: e.features.map(\.name))
            #expect(table.rowCount == expected.count, "\(name).\(ext): \(table.rowCount) rows, \(expected.count) predictions")
            guard table.rowCount == expected.count else { continue }
            let file = TreeEnsembleModelFile(ensemble: e, source: .init(format: .xgboost, makerVersion: model.makerVersion, objective: model.objective,
                                                                       fileName: name, sha256: String(repeating: "0", count: 64)),
                                             manifest: .init(commandLine: [], data: nil, blas: "test"))
            let scores = try file.scores(on: table)
            #expect(scores.unscoredRowCount == 0)
            var worst = 0.0, worstReference = 0.0
            let matrix = try e.featureMatrix(table)
            for i in 0..<expected.count {
                worst = max(worst, abs(scores.values[i] - Double(expected[i])))
                let row = Array(matrix.values[(i * matrix.columns)..<((i + 1) * matrix.columns)])
                worstReference = max(worstReference, abs(e.score(margin: e.margin(row)) - Double(expected[i])))
            }
            print("XGBoost \(name).\(ext): \(expected.count) rows, max |Glassbox − xgboost| = \(worst) (batch), \(worstReference) (TreeEnsemble.margin)")
            #expect(worst <= 1e-6, "\(name).\(ext): max difference \(worst)")
            #expect(worstReference <= 1e-6, "\(name).\(ext): reference evaluation max difference \(worstReference)")
        }
    }

    @Test func jsonAndUBJSONGiveTheSameEnsemble() throws {
        for name in ["logistic-categorical", "logitraw", "reg-logistic"] {
            #expect(try Self.imported("\(name).json") == Self.imported("\(name).ubj"))
        }
    }

    @Test func categoricalFeaturesAndBaseMargin() throws {
        let e = try Self.imported("logistic-categorical.json").ensemble
        #expect(e.features.map(\.name) == ["age", "income", "county", "party", "history"])
        #expect(e.features[2].kind == .categorical(levels: XGBoostReferenceData.counties))
        #expect(e.link == .logistic && e.comparison == .float32)
        let raw = try Self.imported("logitraw.json")
        #expect(raw.ensemble.link == .identity)
        #expect(raw.objective == "binary:logitraw")
    }
}

/// `inspect`'s importance equals XGBoost's `get_score` for every importance type.
@Suite struct XGBoostImportanceTests {
    @Test(arguments: ["logistic-categorical", "logitraw", "reg-logistic"])
    func importanceEqualsGetScore(_ name: String) throws {
        let data = try Data(contentsOf: XGBoostReferenceTests.directory.appendingPathComponent("\(name)-predictions.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let reference = try #require(object["importance"] as? [String: [String: Double]])
        let model = try XGBoostReferenceTests.imported("\(name).json")
        let file = TreeEnsembleModelFile(ensemble: model.ensemble, source: .init(format: .xgboost, makerVersion: nil, objective: nil, fileName: name,
                                                                                 sha256: String(repeating: "0", count: 64)),
                                         manifest: .init(commandLine: [], data: nil, blas: "test"))
        let inspection = TreeEnsembleInspection(file)
        for (kind, byFeature) in reference {
            for feature in inspection.features {
                let ours: Double = switch kind {
                case "weight": Double(feature.weight)
                case "gain": feature.gain
                case "cover": feature.cover
                case "total_gain": feature.totalGain
                default: feature.totalCover
                }
                let theirs = byFeature[feature.feature] ?? 0
                #expect(abs(ours - theirs) <= 1e-6 * max(1, abs(theirs)), "\(name) \(kind) \(feature.feature): \(ours) vs \(theirs)")
            }
        }
        #expect(inspection.trees == model.ensemble.trees.count)
        #expect(inspection.maximumDepth <= 4)
    }
}
