import Foundation
import Testing
import GlassboxTestSupport

/// `glassbox import xgboost` writes a `treeEnsemble` model file that `score` and `inspect` accept: scores equal
/// xgboost's `predict` (Tests/Reference/make_xgboost_reference.py) on the first simulated rows, written as CSV.
@Suite("import, score and inspect a tree model", .serialized)
struct ImportTreeModelTests {
    static let fixtures = Repository.fixture("reference/xgboost")

    @Test func importScoreInspect() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        for ext in ["json", "ubj"] {
            let imported = try GlassboxProcess.run(["import", "xgboost", Self.fixtures.appendingPathComponent("logistic-categorical.\(ext)").path,
                                                    "--out", scratch.path("m.json"), "--force"])
            #expect(imported.status == 0, "\(imported.stderr)")
            #expect(imported.stdout.contains("40 trees, 5 features (xgboost 3.2.0)"))
        }
        let model = try String(contentsOfFile: scratch.path("m.json"), encoding: .utf8)
        #expect(model.contains("\"kind\" : \"treeEnsemble\""))
        // The first 300 scored rows of the reference data as CSV (shortest round-trip numbers, empty = missing).
        let bytes = Array(try Data(contentsOf: Self.fixtures.appendingPathComponent("logistic-categorical-predictions.json")))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        let text = try #require(object["float32LittleEndianBase64"] as? String)
        let raw = try #require(Data(base64Encoded: text))
        let expected = raw.withUnsafeBytes { b in (0..<300).map { Double(Float(bitPattern: b.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self))) } }
        try Self.csv(rows: 300).write(toFile: scratch.path("d.csv"), atomically: true, encoding: .utf8)
        let scored = try GlassboxProcess.run(["score", scratch.path("m.json"), "--data", scratch.path("d.csv"), "--out", scratch.path("s.csv")])
        #expect(scored.status == 0, "\(scored.stderr)")
        let lines = try String(contentsOfFile: scratch.path("s.csv"), encoding: .utf8).split(separator: "\n").dropFirst()
        #expect(lines.count == 300)
        for (i, line) in lines.enumerated() {
            let score = try #require(Double(line))
            #expect(abs(score - expected[i]) <= 1e-6, "row \(i): \(score) vs \(expected[i])")
        }
        let inspected = try GlassboxProcess.run(["inspect", scratch.path("m.json")])
        #expect(inspected.status == 0, "\(inspected.stderr)")
        #expect(inspected.stdout.contains("Trees: 40"))
        #expect(inspected.stdout.contains("county"))
        // A missing feature column, an unseen category and text for a numeric feature: errors naming the feature.
        try "age,income,county,party\n30,1,county_01,D\n".write(toFile: scratch.path("missing.csv"), atomically: true, encoding: .utf8)
        let missing = try GlassboxProcess.run(["score", scratch.path("m.json"), "--data", scratch.path("missing.csv"), "--out", scratch.path("x.csv")])
        #expect(missing.status == 65 && missing.stderr.contains("the model's feature 'history' is not a column of the data"), "\(missing.stderr)")
        try "age,income,county,party,history\n30,1,county_99,D,1\n".write(toFile: scratch.path("unseen.csv"), atomically: true, encoding: .utf8)
        let unseen = try GlassboxProcess.run(["score", scratch.path("m.json"), "--data", scratch.path("unseen.csv"), "--out", scratch.path("x.csv")])
        #expect(unseen.status == 65 && unseen.stderr.contains("'county' has the level 'county_99'"), "\(unseen.stderr)")
        try "age,income,county,party,history\nold,1,county_01,D,1\n".write(toFile: scratch.path("text.csv"), atomically: true, encoding: .utf8)
        let text2 = try GlassboxProcess.run(["score", scratch.path("m.json"), "--data", scratch.path("text.csv"), "--out", scratch.path("x.csv")])
        #expect(text2.status == 65 && text2.stderr.contains("feature 'age' needs numbers"), "\(text2.stderr)")
        #expect(!FileManager.default.fileExists(atPath: scratch.path("x.csv")))
    }

    /// The first `rows` rows of the reference simulation (seed 2026; see XGBoostReferenceData in the model tests).
    static func csv(rows: Int) -> String {
        var state: UInt64 = 2026
        func uniform() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) * 0x1p-53
        }
        var out = "age,income,county,party,history\n"
        for _ in 0..<rows {
            let u = (0..<8).map { _ in uniform() }
            let age = 18 + (u[0] * 73).rounded(.down)
            let income = u[2] < 0.1 ? "" : "\((u[1] * 1_500_000).rounded(.down) / 10)"
            let k = Int((u[3] * 12).rounded(.down))
            let county = u[4] < 0.05 ? "" : "county_" + (k < 10 ? "0" : "") + String(k)
            let party = ["D", "I", "R"][Int((u[5] * 3).rounded(.down))]
            let history = u[7] < 0.08 ? "" : "\((u[6] * 5).rounded(.down))"
            out += "\(age),\(income),\(county),\(party),\(history)\n"
        }
        return out
    }
}
