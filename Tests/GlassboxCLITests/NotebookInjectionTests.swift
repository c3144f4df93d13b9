import Foundation
import GlassboxCore
import Testing
import GlassboxTestSupport

/// Issue 13, model files and notebooks, end to end on the built binary: a doctored model file (its `formula`
/// text carrying Python, an out-of-range level index, a repeated key) is refused by every command that reads it
/// for every model kind, and nothing it says reaches a notebook as code; column and level names full of quotes,
/// backslashes, newlines and back-quotes are data, so the exported notebook is valid JSON whose code cells parse
/// (`ast.parse`) and run without executing anything; a transformed response refits with the right signs; the
/// notebook opens its data relative to its own folder; its first code cell is short; lookalike notebooks check.
@Suite("notebooks and doctored model files", .serialized)
struct NotebookInjectionTests {
    static var python: String? { NotebookExecutionTests.python }
    static let injected = "__import__('os').system('touch PWNED')"

    /// Runs the notebook `name` (relative to `dir`) with nbclient from `folder` (default: the notebook's folder).
    static func execute(_ name: String, in dir: Scratch) throws -> (status: Int32, output: String) {
        let script = try dir.write("run_notebook.py", NotebookExecutionTests.runner)
        let folder = URL(fileURLWithPath: dir.path(name)).deletingLastPathComponent().path
        return try NotebookPython.run(python!, [script, dir.path(name), folder], in: dir.url)
    }

    /// Each code cell of the notebook parsed with Python's `ast.parse`; prints "N code cells parse".
    static func parseCells(_ name: String, in dir: Scratch) throws -> (status: Int32, output: String) {
        let script = try dir.write("parse_cells.py", """
        import ast, json, sys
        nb = json.load(open(sys.argv[1], encoding="utf-8"))
        cells = [c for c in nb["cells"] if c["cell_type"] == "code"]
        for c in cells:
            ast.parse("".join(c["source"]))
        print(f"{len(cells)} code cells parse")
        """)
        return try NotebookPython.run(python!, [script, dir.path(name)], in: dir.url)
    }

    static func notebookObject(_ path: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    static func codeCells(_ path: String) throws -> [(source: String, metadata: [String: Any])] {
        let cells = try #require(try notebookObject(path)["cells"] as? [[String: Any]])
        return cells.filter { $0["cell_type"] as? String == "code" }.map {
            (($0["source"] as? [String])?.joined() ?? "", $0["metadata"] as? [String: Any] ?? [:])
        }
    }

    /// Trains one model of each kind on NotebookExecutionTests' data: (file, kind).
    static func trainAll(_ dir: Scratch) throws -> [(String, String)] {
        _ = try dir.write("d.csv", NotebookExecutionTests.csv)
        let runs: [(String, [String])] = [
            ("logistic.json", ["train", "logistic", "--data", "d.csv", "--formula", "y ~ x + z + C(g)", "--out", "logistic.json"]),
            ("uplift.json", ["train", "uplift", "--data", "d.csv", "--formula", "voted ~ x + C(g)", "--treatment", "contacted", "--treated", "1",
                             "--control", "0", "--learner", "two-model", "--out", "uplift.json"]),
            ("lookalike.json", ["train", "lookalike", "--data", "d.csv", "--formula", "~ x + z + C(g)", "--seed", "y", "--method", "logistic",
                                "--out", "lookalike.json"]),
        ]
        for (_, arguments) in runs {
            let r = try GlassboxProcess.run(arguments, in: dir.url)
            #expect(r.status == 0, "\(arguments): \(r.stderr)")
        }
        return [("logistic.json", "logistic"), ("uplift.json", "uplift"), ("lookalike.json", "lookalike")]
    }

    /// `file` with its JSON object changed by `edit`, written as `name`.
    static func doctor(_ dir: Scratch, _ file: String, as name: String, _ edit: (inout [String: Any]) throws -> Void) throws {
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir.path(file)))) as? [String: Any])
        try edit(&object)
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: dir.path(name)))
    }

    @Test("a doctored model file of every kind is refused by inspect, score, report and explain: nothing written, nothing run")
    func doctoredModelRefused() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        for (file, kind) in try Self.trainAll(dir) {
            try Self.doctor(dir, file, as: "formula.json") { $0["formula"] = "y ~ x + \(Self.injected)" }
            try Self.doctor(dir, file, as: "level.json") { o in
                var e = o["encoding"] as! [String: Any]
                var columns = e["columns"] as! [[[String: Any]]]
                let j = columns.firstIndex { $0.contains { $0["level"] is Int } }!
                columns[j][0]["level"] = 1 << 40
                e["columns"] = columns
                o["encoding"] = e
            }
            let text = try String(contentsOfFile: dir.path(file), encoding: .utf8)
            try text.replacingOccurrences(of: "\n  \"kind\"", with: "\n  \"formula\" : \"y ~ \(Self.injected.replacingOccurrences(of: "'", with: "\\u0027"))\",\n  \"kind\"")
                .write(toFile: dir.path("twice.json"), atomically: true, encoding: .utf8)
            let cases = [("formula.json", "is not the formula of its design encoding"), ("level.json", "does not match its formula"),
                         ("twice.json", "has the key 'formula' twice")]
            for (doctored, message) in cases {
                var commands: [[String]] = [["inspect", doctored], ["score", doctored, "--data", "d.csv", "--out", "s.csv"],
                                            ["report", doctored, "--data", "d.csv", "--format", "ipynb", "--out", "r.ipynb"]]
                if kind == "logistic" { commands.append(["explain", doctored, "--data", "d.csv", "--repeats", "1", "--out", "e.json"]) }
                for arguments in commands {
                    let r = try GlassboxProcess.run(arguments, in: dir.url)
                    #expect(r.status == 65 && r.stderr.contains(message) && r.stderr.contains("invalid model file"),
                            "\(kind) \(arguments): \(r.status) \(r.stderr)")
                }
                #expect(!dir.exists("s.csv") && !dir.exists("r.ipynb") && !dir.exists("e.json") && !dir.exists("PWNED"))
            }
        }
    }

    /// 600 rows whose column names and levels are hostile Python: quotes, backslashes, newlines, back-quotes,
    /// triple quotes and a level that closes a string and calls os.system; and the levels `None` and `nan`, which
    /// pandas' default missing-value list would have read as missing.
    static let hostileCSV: String = {
        func field(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        // "None" and "nan" are levels to Glassbox (its missing tokens are empty, NA, NaN, null, N/A), not missing values.
        let levels = ["a\"; \(injected); \"", "lvl\nnew", "back\\slash", "\"\"\"", "`bq`", "'''\n\(injected)\n'''", "None", "nan"]
        var rng = SeededGenerator(seed: 13)
        var out = ["y", "x\"1", "b\\ack", "we`ird", "'''tri", "new\nline", "g", "region"].map(field).joined(separator: ",") + "\n"
        for _ in 0..<600 {
            let x = (0..<5).map { _ in (rng.nextNormal() * 1000).rounded() / 1000 }
            let g = levels[rng.nextInt(below: levels.count)]
            let eta = 0.5 * x[0] - 0.3 * x[1] + 0.2 * x[2] + (g == levels[0] ? 0.4 : 0)
            let y = rng.nextUniform() < 1 / (1 + exp(-eta)) ? 1 : 0
            out += ([String(y)] + x.map { String($0) } + [field(g), rng.nextUniform() < 0.5 ? "north" : "south"]).joined(separator: ",") + "\n"
        }
        return out
    }()

    @Test("hostile column and level names: the notebook is valid JSON, its code cells parse and run every check, nothing is executed",
          .enabled(if: python != nil, "no Python with nbclient, nbformat and ipykernel (GLASSBOX_PYTHON, .venv, /tmp/pyvenv)"),
          .timeLimit(.minutes(5)))
    func hostileNames() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        _ = try dir.write("h.csv", Self.hostileCSV)
        let formula = "y ~ `x\"1` + `b\\\\ack` + `we\\`ird` + `'''tri` + C(g) + `new\nline`:`x\"1`"
        var r = try GlassboxProcess.run(["train", "logistic", "--data", "h.csv", "--formula", formula, "--out", "h.json"], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        r = try GlassboxProcess.run(["report", "h.json", "--data", "h.csv", "--outcome", "y", "--group", "g", "--protected", "region",
                                     "--pd", "x\"1,g", "--repeats", "2", "--seed", "1", "--format", "ipynb", "--out", "h.ipynb"], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        let cells = try Self.codeCells(dir.path("h.ipynb"))
        // Every data text in a code cell is inside an ASCII string literal: no raw newline or non-ASCII from the data.
        #expect(cells.allSatisfy { !$0.source.contains("lvl\nnew") && !$0.source.contains("touch PWNED'); \"") })
        let parsed = try Self.parseCells("h.ipynb", in: dir)
        #expect(parsed.status == 0 && parsed.output.contains("\(cells.count) code cells parse"), "\(parsed.output)")
        let run = try Self.execute("h.ipynb", in: dir)
        #expect(run.status == 0, "\(run.output)")
        for line in ["h.csv: 600 rows, SHA-256 verified", "13 coefficients and standard errors (nonrobust) agree with statsmodels",
                     "partial dependence values agree", "group rates and counts agree with fairlearn's MetricFrame"] {
            #expect(run.output.contains(line), "missing '\(line)' in:\n\(run.output)")
        }
        #expect(!dir.exists("PWNED"), "the notebook ran injected code")
    }

    @Test("a transformed response I(z >= 2) ~ …: the notebook refits on its 0/1 value and every sign agrees",
          .enabled(if: python != nil, "no Python with nbclient, nbformat and ipykernel (GLASSBOX_PYTHON, .venv, /tmp/pyvenv)"),
          .timeLimit(.minutes(5)))
    func transformedResponse() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        _ = try dir.write("d.csv", NotebookExecutionTests.csv)
        var r = try GlassboxProcess.run(["train", "logistic", "--data", "d.csv", "--formula", "I(z >= 2) ~ x + C(g) + I(region == \"north\")",
                                         "--out", "m.json"], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        r = try GlassboxProcess.run(["report", "m.json", "--data", "d.csv", "--repeats", "2", "--format", "ipynb", "--out", "m.ipynb"], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        let run = try Self.execute("m.ipynb", in: dir)
        #expect(run.status == 0 && run.output.contains("5 coefficients and standard errors (nonrobust) agree with statsmodels"), "\(run.output)")
    }

    @Test("the notebook opens its data relative to its own folder, runs after the folder moves, and its first code cell is short",
          .enabled(if: python != nil, "no Python with nbclient, nbformat and ipykernel (GLASSBOX_PYTHON, .venv, /tmp/pyvenv)"),
          .timeLimit(.minutes(5)))
    func relativePaths() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        _ = try dir.write("d.csv", NotebookExecutionTests.csv)
        try FileManager.default.createDirectory(atPath: dir.path("out/nb"), withIntermediateDirectories: true)
        var r = try GlassboxProcess.run(["train", "logistic", "--data", dir.path("d.csv"), "--formula", "y ~ x + C(g)", "--out", "m.json"], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        // Absolute --data, relative model and output: the notebook names both relative to out/nb/.
        r = try GlassboxProcess.run(["report", "m.json", "--data", dir.path("d.csv"), "--outcome", "y", "--group", "region", "--repeats", "2",
                                     "--format", "ipynb", "--out", "out/nb/r.ipynb"], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        let cells = try Self.codeCells(dir.path("out/nb/r.ipynb"))
        #expect(cells[0].source.contains("DATA_PATH = \"../../d.csv\""), "\(cells[0].source.prefix(400))")
        #expect(!cells[0].source.contains(dir.url.path), "the first cell names the author's absolute path")
        #expect(cells[0].source.utf8.count < 8_000, "first code cell has \(cells[0].source.utf8.count) bytes")
        #expect(cells[1].source.contains("REPORT = json.loads(") && (cells[1].metadata["jupyter"] as? [String: Any])?["source_hidden"] as? Bool == true)
        // Moved to another folder (as a colleague would receive it), it still runs.
        let moved = try Scratch()
        defer { moved.cleanup() }
        for name in ["d.csv", "m.json", "out"] {
            try FileManager.default.copyItem(atPath: dir.path(name), toPath: moved.path(name))
        }
        dir.cleanup()
        let run = try Self.execute("out/nb/r.ipynb", in: moved)
        #expect(run.status == 0, "\(run.output)")
        for line in ["../../d.csv: 600 rows, SHA-256 verified", "../../m.json: model file, SHA-256 verified",
                     "4 coefficients and standard errors (nonrobust) agree with statsmodels"] {
            #expect(run.output.contains(line), "missing '\(line)' in:\n\(run.output)")
        }
    }

    @Test("lookalike notebooks refit and assert: training counts, a statsmodels refit, population, seed-list and audience shares",
          .enabled(if: python != nil, "no Python with nbclient, nbformat and ipykernel (GLASSBOX_PYTHON, .venv, /tmp/pyvenv)"),
          .timeLimit(.minutes(5)))
    func lookalike() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        _ = try dir.write("d.csv", NotebookExecutionTests.csv)
        for method in ["logistic", "pu", "similarity"] {
            var r = try GlassboxProcess.run(["train", "lookalike", "--data", "d.csv", "--formula", "~ x + z + C(g)", "--seed", "y", "--method", method,
                                             "--out", "\(method).json"], in: dir.url)
            #expect(r.status == 0, "\(r.stderr)")
            r = try GlassboxProcess.run(["report", "\(method).json", "--data", "d.csv", "--group", "region", "--seed", "2", "--format", "ipynb",
                                         "--out", "\(method).ipynb"], in: dir.url)
            #expect(r.status == 0, "\(r.stderr)")
            let run = try Self.execute("\(method).ipynb", in: dir)
            #expect(run.status == 0, "\(run.output)")
            var lines = ["training rows and seeds (600 / "]
            switch method {
            // Three regions; one has fewer than 10 rows in the 10 % audience and is suppressed, and complementary
            // suppression hides a second (the audience total minus the shown regions would give it away), so one
            // region's 3 shares are shown and re-checked.
            case "logistic": lines += ["5 lookalike coefficients agree with a statsmodels refit of y on the design",
                                       "3 population, seed-list and audience shares agree with the rebuilt design"]
            case "pu": lines += ["3 population, seed-list and audience shares agree with the rebuilt design"]
            default: lines += ["2 population and seed-list shares agree with the rebuilt design (audience shares not recomputed"]
            }
            for line in lines { #expect(run.output.contains(line), "\(method): missing '\(line)' in:\n\(run.output)") }
            let header = try #require((try Self.notebookObject(dir.path("\(method).ipynb"))["cells"] as? [[String: Any]])?.first?["source"] as? [String])
            #expect(!header.joined().contains("refits the model with statsmodels (coefficients and standard errors)"), "header promises a logistic refit")
        }
        // The audience check bites: one audience share moved by 1e-9 in the embedded report stops the notebook.
        let tampered = try NotebookExecutionTests().executeTampered("logistic.ipynb", with: """
        table = next(b for s in REPORT["sections"] if s["id"].startswith("lookalike-composition") for b in s["blocks"] if b["type"] == "table")
        row = next(r for r in table["rows"] if r[3].get("value") is not None)
        row[3]["value"] += 1e-9
        """, in: dir)
        #expect(tampered.status != 0 && tampered.output.contains("Lookalike composition"), "\(tampered.output)")
    }
}
