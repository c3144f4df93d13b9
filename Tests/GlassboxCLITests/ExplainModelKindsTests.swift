import Foundation
import GlassboxTestSupport
import Testing

/// `glassbox explain` on every model kind (it loads any model file): partial dependence, ICE and proxy
/// detection work for uplift and lookalike models; permutation importance and exact SHAP, not defined for
/// them, are refused naming the kind and the section. And the Markdown says when importance was skipped.
@Suite("glassbox explain on every model kind", .serialized)
struct ExplainModelKindsTests {
    struct Fixture {
        let dir: Scratch
        var voters: String { dir.path("voters.csv") }
        var uplift: String { dir.path("uplift.json") }
        var lookalike: String { dir.path("lookalike.json") }
    }

    static let fixture: Fixture = {
        let f = Fixture(dir: try! Scratch())
        let formula = "voted_2024 ~ I((age - 50)/10) + voted_2018 + female"
        for arguments in [["simulate", "--rows", "2000", "--seed", "5", "--out", f.voters],
                          ["train", "uplift", "--data", f.voters, "--formula", formula, "--treatment", "canvassed", "--treated", "1",
                           "--control", "0", "--out", f.uplift],
                          ["train", "lookalike", "--data", f.voters, "--formula", "~ age + female", "--seed", "donor", "--method", "pu",
                           "--out", f.lookalike]] {
            let r = try! GlassboxProcess.run(arguments)
            precondition(r.status == 0, r.stderr)
        }
        atexit { ExplainModelKindsTests.fixture.dir.cleanup() }
        return f
    }()

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("uplift and lookalike models: partial dependence, ICE and proxies through the ScoringModel explainers",
          arguments: ["uplift", "lookalike"])
    func definedSections(kind: String) throws {
        let f = Self.fixture
        let model = kind == "uplift" ? f.uplift : f.lookalike
        let r = try GlassboxProcess.run(["explain", model, "--data", f.voters, "--no-importance", "--pd", "age", "--ice", "3",
                                         "--protected", "race", "--repeats", "2"])
        #expect(r.status == 0, "\(r.stderr)")
        let report = try json(r.stdout)
        let pd = try #require(report["partialDependence"] as? [[String: Any]])
        #expect(pd.first?["feature"] as? String == "age")
        #expect((pd.first?["average"] as? [Double])?.allSatisfy(\.isFinite) == true)
        #expect(report["proxies"] != nil)
        #expect(report["permutationImportance"] == nil)
        let markdown = try GlassboxProcess.run(["explain", model, "--data", f.voters, "--no-importance", "--pd", "age", "--format", "markdown"])
        #expect(markdown.status == 0, "\(markdown.stderr)")
        #expect(markdown.stdout.contains("## Partial dependence: age"))
    }

    @Test("a section not defined for the kind is refused with exit 64, naming the kind, the section and the remedy")
    func refusedSections() throws {
        let f = Self.fixture
        let out = f.dir.path("refused.json")
        let cases: [(arguments: [String], message: String)] = [
            ([f.uplift], "permutation importance is not defined for an uplift model: its score is a treatment effect"),
            ([f.uplift], "'glassbox evaluate uplift --importance' computes it per arm; here add --no-importance"),
            ([f.lookalike], "permutation importance is not defined for a lookalike model: it has no outcome"),
            ([f.lookalike, "--no-importance", "--shap"], "exact SHAP is not defined for a lookalike model: exact SHAP values need a linear predictor (a logistic model); drop --shap"),
            ([f.uplift, "--no-importance", "--shap"], "exact SHAP is not defined for an uplift model"),
        ]
        for c in cases {
            let r = try GlassboxProcess.run(["explain"] + c.arguments + ["--data", f.voters, "--out", out])
            #expect(r.status == 64, "\(c.arguments): \(r.stderr)")
            #expect(r.stderr.contains(c.message), "\(c.arguments): \(r.stderr)")
            #expect(!f.dir.exists("refused.json"))
        }
    }

    @Test("a logistic model's data without its outcome: importance skipped, and the Markdown says so as the report does")
    func importanceSkippedInMarkdown() throws {
        let f = Self.fixture
        var training = "y,age,g\n", scoring = "age,g\n"
        for i in 0..<300 {
            let age = 20 + i % 60, g = ["a", "b"][i % 2], y = (i * 37) % 100 < age ? 1 : 0
            training += "\(y),\(age),\(g)\n"
            scoring += "\(age),\(g)\n"
        }
        let model = f.dir.path("y.json")
        let trained = try GlassboxProcess.run(["train", "logistic", "--data", try f.dir.write("y.csv", training), "--formula", "y ~ age + C(g)",
                                               "--out", model])
        #expect(trained.status == 0, "\(trained.stderr)")
        let data = try f.dir.write("no-outcome.csv", scoring)
        let r = try GlassboxProcess.run(["explain", model, "--data", data, "--pd", "age", "--format", "markdown"])
        #expect(r.status == 0, "\(r.stderr)")
        let skipped = "the data have no outcome column 'y'; permutation importance skipped"
        #expect(r.stderr.contains("note: " + skipped))
        #expect(r.stdout.contains("## Permutation importance\n\nNot computed: " + skipped + ".\n\n"), "\(r.stdout)")
        let html = try GlassboxProcess.run(["explain", model, "--data", data, "--pd", "age", "--format", "html"])
        #expect(html.stdout.contains("Not computed: the data have no outcome column"))
    }
}
