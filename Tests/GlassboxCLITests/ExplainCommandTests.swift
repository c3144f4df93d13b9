import Foundation
import Testing
import GlassboxTestSupport

/// `glassbox explain` end to end on the built binary: JSON contract, Markdown, bad input.
@Suite("glassbox explain", .serialized)
struct ExplainCommandTests {
    static let csv: String = {
        var out = "y,x,z,g,score,race\n"
        for i in 0..<400 {
            let x = Double(i % 20) / 4, z = Double((i * 7) % 13) / 3
            let g = ["a", "b", "c"][i % 3]
            let y = (i * 31 + i / 3) % 5 < (x > 2.5 ? 4 : 1) ? 1 : 0
            let score = 1 / (1 + exp(-(0.5 * x - 0.2 * z)))
            out += "\(y),\(x),\(z),\(g),\(score),\(i % 2 == 0 ? "p" : "q")\n"
        }
        return out
    }()

    func trained(_ dir: Scratch) throws -> (data: String, model: String) {
        let data = try dir.write("d.csv", Self.csv)
        let r = try GlassboxProcess.run(["train", "logistic", "--data", data, "--formula", "y ~ x + z + C(g) + x:z", "--out", dir.path("m.json")])
        #expect(r.status == 0, "\(r.stderr)")
        return (data, dir.path("m.json"))
    }

    @Test("JSON has permutationImportance/metric/repeats/baseline, PD, SHAP; --out refuses to overwrite")
    func json() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let (data, model) = try trained(dir)
        let out = dir.path("e.json")
        var r = try GlassboxProcess.run(["explain", model, "--data", data, "--repeats", "3", "--pd", "x,g", "--shap", "--ice", "5", "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any])
        #expect(json["metric"] as? String == "auc" && json["repeats"] as? Int == 3 && json["baseline"] is Double)
        let features = try #require(json["permutationImportance"] as? [[String: Any]])
        #expect(Set(features.compactMap { $0["feature"] as? String }) == ["x", "z", "g"])
        #expect(features.allSatisfy { ($0["values"] as? [Double])?.count == 3 && $0["mean"] is Double && $0["std"] is Double })
        #expect((json["partialDependence"] as? [Any])?.count == 2)
        #expect(json["shap"] is [String: Any])
        r = try GlassboxProcess.run(["explain", model, "--data", data, "--out", out])
        #expect(r.status == 73)
        r = try GlassboxProcess.run(["explain", model, "--data", data, "--format", "markdown", "--per-term"])
        #expect(r.status == 0 && r.stdout.contains("## Permutation importance") && r.stdout.contains("g\\[b\\]"))
    }

    @Test("surrogate and proxy sections")
    func surrogateAndProxy() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let (data, model) = try trained(dir)
        var r = try GlassboxProcess.run(["explain", "--data", data, "--score", "score", "--formula", "~ x + z", "--format", "markdown"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("## Surrogates of score\n") && r.stdout.contains("Tree rules"))
        r = try GlassboxProcess.run(["explain", model, "--data", data, "--protected", "race", "--no-importance"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("\"proxies\""))
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var arguments: [String]
        var csv: String?
        var status: Int32
        var message: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "repeats 0", arguments: ["--repeats", "0"], status: 64, message: "--repeats must be at least 1"),
        Case(name: "unknown metric", arguments: ["--metric", "f1"], status: 64, message: "unknown metric 'f1'"),
        Case(name: "single-class outcome for AUC", arguments: [], csv: "y,x,z,g,score,race\n" + (0..<20).map { "1,\($0),\($0 % 3),a,0.5,p\n" }.joined(),
             status: 65, message: "single class"),
        Case(name: "protected column missing", arguments: ["--protected", "nope"], status: 65, message: "protected column 'nope' is not in the data"),
        Case(name: "protected column is a feature", arguments: ["--protected", "x"], status: 65, message: "is also a model feature"),
        Case(name: "score column not numeric", arguments: ["SURROGATE", "--score", "g", "--formula", "~ x"], status: 65, message: "is not numeric"),
    ]

    @Test("bad input: specific message, non-zero exit, no output file", arguments: cases)
    func badInput(_ c: Case) throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let (data, model) = try trained(dir)
        var arguments = ["explain"]
        let input = try c.csv.map { try dir.write("bad.csv", $0) } ?? data
        if c.arguments.first == "SURROGATE" { arguments += c.arguments.dropFirst() } else { arguments += [model] + c.arguments }
        arguments += ["--data", input, "--out", dir.path("out.json")]
        let r = try GlassboxProcess.run(arguments)
        #expect(r.status == c.status, "\(c.name): \(r.status) \(r.stderr)")
        #expect(r.stderr.contains(c.message), "\(c.name): \(r.stderr)")
        #expect(!dir.exists("out.json"))
    }
}
