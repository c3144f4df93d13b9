import Foundation
import Testing
import GlassboxCore
import GlassboxTestSupport

/// `--data` with Stata, SPSS and SAS files: the same model as from the CSV of the same data, to the
/// last bit, and one specific error per kind of bad file.
@Suite("--data reads Stata, SPSS and SAS files", .serialized)
struct StatFileCommandTests {
    static let csv = Repository.fixture("synthetic-logit.csv").path
    static func statFile(_ name: String) -> String { Repository.fixture("statfiles/" + name).path }
    static let formula = "y ~ age + income + x1 + female + C(region) + C(party, ref=\"REP\")"

    /// The model file without its manifest (which names the input file and its SHA-256).
    static func model(_ path: String) throws -> [String: Any] {
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        object["manifest"] = nil
        return object
    }

    @Test("--derive and --where work on a .dta; a derived name that is a variable of the file is refused, also when only some columns are read")
    func rowFiltersOnStataFile() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let file = Self.statFile("synthetic-logit.dta")
        let clash = try GlassboxProcess.run(["train", "logistic", "--data", file, "--formula", "y ~ x1", "--derive", "age = 1", "--out", dir.path("m.json")])
        #expect(clash.status == 65 && clash.stderr.contains("the derived column 'age' clashes with an existing column"), "\(clash.stderr)")
        #expect(!dir.exists("m.json"))
        let fromStat = try GlassboxProcess.run(["train", "logistic", "--data", file, "--formula", "y ~ x1 + older", "--derive", "older = age > 50",
                                                "--where", "income > 0", "--out", dir.path("stat.json")])
        let fromCSV = try GlassboxProcess.run(["train", "logistic", "--data", Self.csv, "--formula", "y ~ x1 + older", "--derive", "older = age > 50",
                                               "--where", "income > 0", "--out", dir.path("csv.json")])
        #expect(fromStat.status == 0 && fromCSV.status == 0, "\(fromStat.stderr) \(fromCSV.stderr)")
        let a = try Self.model(dir.path("csv.json")), b = try Self.model(dir.path("stat.json"))
        #expect(NSDictionary(dictionary: a) == NSDictionary(dictionary: b))
    }

    @Test("train logistic: a .dta, a .sav and the CSV of the same data give the same model, bit for bit",
          arguments: ["synthetic-logit.dta", "synthetic-logit.sav"])
    func sameModelAsCSV(file: String) throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let fromCSV = try GlassboxProcess.run(["train", "logistic", "--data", Self.csv, "--formula", Self.formula, "--out", dir.path("csv.json")])
        let fromStat = try GlassboxProcess.run(["train", "logistic", "--data", Self.statFile(file), "--formula", Self.formula, "--out", dir.path("stat.json")])
        #expect(fromCSV.status == 0 && fromStat.status == 0, "\(fromCSV.stderr) \(fromStat.stderr)")
        let a = try Self.model(dir.path("csv.json")), b = try Self.model(dir.path("stat.json"))
        let coefficientsA = try #require(a["coefficients"]), coefficientsB = try #require(b["coefficients"])
        // The coefficient arrays as JSON text: every estimate written in its shortest round-trip form.
        let text = { (x: Any) in String(decoding: try JSONSerialization.data(withJSONObject: x, options: [.sortedKeys]), as: UTF8.self) }
        #expect(try text(coefficientsA) == text(coefficientsB))
        #expect(NSDictionary(dictionary: a) == NSDictionary(dictionary: b))
        // The manifest records the Stata file and the SHA-256 of all its bytes.
        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir.path("stat.json")))) as? [String: Any])["manifest"]
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.statFile(file))))
        #expect(String(describing: manifest).contains(SHA256.hexDigest(of: bytes)))
    }

    /// The development venv's Python when it has pyreadstat (to write a `.dta` of the shared data).
    static let pyreadstatPython: String? = {
        guard let python = NotebookPython.interpreter,
              (try? NotebookPython.run(python, ["-c", "import pyreadstat"], in: FileManager.default.temporaryDirectory).status) == 0 else { return nil }
        return python
    }()

    @Test("the social-pressure experiment (305,866 voters) as a .dta: the same logistic model as from its CSV, bit for bit",
          .enabled(if: SocialPressureData.available && pyreadstatPython != nil))
    func socialPressureAsStata() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let dta = dir.path("social-pressure.dta")
        // messages as value-labelled codes (as a Stata user would store it), sex as a string variable.
        let script = """
            import sys, pandas as pd, pyreadstat
            df = pd.read_csv(sys.argv[1], keep_default_na=False)
            levels = sorted(df["messages"].unique())
            df["messages"] = df["messages"].map({level: i + 1 for i, level in enumerate(levels)})
            pyreadstat.write_dta(df, sys.argv[2], version=15,
                                 variable_value_labels={"messages": {i + 1: level for i, level in enumerate(levels)}})
            """
        let written = try NotebookPython.run(try #require(Self.pyreadstatPython), ["-c", script, SocialPressureData.path, dta], in: dir.url)
        try #require(written.status == 0, "\(written.output)")
        let formula = "primary2006 ~ C(messages, ref=\"Control\") + primary2004 + sex + hhsize + yearofbirth"
        let fromCSV = try GlassboxProcess.run(["train", "logistic", "--data", SocialPressureData.path, "--formula", formula, "--out", dir.path("csv.json")])
        let fromStat = try GlassboxProcess.run(["train", "logistic", "--data", dta, "--formula", formula, "--out", dir.path("dta.json")])
        #expect(fromCSV.status == 0 && fromStat.status == 0, "\(fromCSV.stderr) \(fromStat.stderr)")
        let a = try Self.model(dir.path("csv.json")), b = try Self.model(dir.path("dta.json"))
        #expect(a["coefficients"] != nil)
        #expect(NSDictionary(dictionary: a) == NSDictionary(dictionary: b))
    }

    @Test("describe reads every variable; --value-codes keeps codes; warnings name extended missing values")
    func describeAndValueCodes() throws {
        let labelled = try GlassboxProcess.run(["describe", "--data", Self.statFile("labelled-118.dta")])
        #expect(labelled.status == 0, "\(labelled.stderr)")
        #expect(labelled.stderr.contains("warning: column 'score': 2 extended missing values (.a–.z) read as missing"), "\(labelled.stderr)")
        let codes = try GlassboxProcess.run(["describe", "--data", Self.statFile("labelled-118.dta"), "--value-codes"])
        #expect(codes.status == 0, "\(codes.stderr)")
        #expect(labelled.stdout != codes.stdout)
        #expect(!codes.stderr.contains("have no value label"))
        for file in ["labelled.sav", "labelled.zsav", "pyreadstat-sample.sas7bdat", "macrodata.dta"] {
            let r = try GlassboxProcess.run(["describe", "--data", Self.statFile(file)])
            #expect(r.status == 0, "\(file): \(r.stderr)")
        }
    }

    @Test("score and audit read only the variables they need from a .dta")
    func projectedCommands() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let trained = try GlassboxProcess.run(["train", "logistic", "--data", Self.statFile("synthetic-logit.dta"), "--formula", Self.formula, "--out", dir.path("m.json")])
        #expect(trained.status == 0, "\(trained.stderr)")
        let fromStat = try GlassboxProcess.run(["score", dir.path("m.json"), "--data", Self.statFile("synthetic-logit.dta"), "--out", dir.path("a.csv")])
        let fromCSV = try GlassboxProcess.run(["score", dir.path("m.json"), "--data", Self.csv, "--out", dir.path("b.csv")])
        #expect(fromStat.status == 0 && fromCSV.status == 0, "\(fromStat.stderr) \(fromCSV.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir.path("a.csv"))) == Data(contentsOf: URL(fileURLWithPath: dir.path("b.csv"))))
        // A variable the file lacks is reported with every variable of the file, as for CSV.
        let missing = try GlassboxProcess.run(["audit", "--data", Self.statFile("synthetic-logit.dta"), "--score", "x1", "--outcome", "y", "--group", "race"])
        #expect(missing.status == 65)
        #expect(missing.stderr.contains("'race' not found; columns are: 'y', 'age', 'income', 'x1', 'female', 'region', 'party', 'w', 'cluster'"), "\(missing.stderr)")
    }

    @Test("report: the same JSON report as from the CSV apart from the manifest; a notebook needs the CSV (64)")
    func report() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let trained = try GlassboxProcess.run(["train", "logistic", "--data", Self.csv, "--formula", Self.formula, "--out", dir.path("m.json")])
        #expect(trained.status == 0, "\(trained.stderr)")
        let arguments = ["report", dir.path("m.json"), "--format", "json", "--group", "region", "--bootstrap", "20", "--repeats", "1"]
        let fromStat = try GlassboxProcess.run(arguments + ["--data", Self.statFile("synthetic-logit.dta")])
        let fromCSV = try GlassboxProcess.run(arguments + ["--data", Self.csv])
        #expect(fromStat.status == 0 && fromCSV.status == 0, "\(fromStat.stderr) \(fromCSV.stderr)")
        let object = { (text: String) throws -> NSDictionary in
            var o = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            o["manifest"] = nil
            return o as NSDictionary
        }
        #expect(try object(fromStat.stdout) == object(fromCSV.stdout))
        let notebook = try GlassboxProcess.run(["report", dir.path("m.json"), "--format", "ipynb", "--data", Self.statFile("synthetic-logit.dta")])
        // The notebook re-reads the Stata file with pyreadstat (executed in StatFileNotebookTests).
        #expect(notebook.status == 0 && notebook.stdout.contains("pyreadstat.read_dta"), "\(notebook.stderr)")
    }

    @Test("bad files: missing 66; corrupt, truncated or too large 65, naming the file; no output written")
    func badFiles() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let out = dir.path("m.json")
        let train = { (data: String, env: [String: String]) in
            try GlassboxProcess.run(["train", "logistic", "--data", data, "--formula", Self.formula, "--out", out], environment: env)
        }
        let missing = try train(dir.path("nope.dta"), [:])
        #expect(missing.status == 66, "\(missing.stderr)")
        let corrupt = try dir.write("corrupt.dta", "y,x\n1,2\n" + String(repeating: "garbage ", count: 100))
        let c = try train(corrupt, [:])
        #expect(c.status == 65)
        #expect(c.stderr.hasPrefix("error: \(corrupt): cannot be read as a Stata file: "), "\(c.stderr)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Self.statFile("synthetic-logit.sav")))
        let truncated = dir.path("truncated.sav")
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: truncated))
        let t = try train(truncated, [:])
        #expect(t.status == 65)
        #expect(t.stderr.hasPrefix("error: \(truncated): cannot be read as an SPSS file: "), "\(t.stderr)")
        let large = try train(Self.statFile("synthetic-logit.dta"), ["GLASSBOX_MEMORY_LIMIT_BYTES": "10000"])
        #expect(large.status == 65)
        #expect(large.stderr.contains("synthetic-logit.dta: the table (3000 rows × "), "\(large.stderr)")
        #expect(!dir.exists("m.json"))
        for csvOption in [["--na", "99"], ["--delimiter", ";"]] {
            let refused = try GlassboxProcess.run(["describe", "--data", Self.statFile("labelled.sav")] + csvOption)
            #expect(refused.status == 64)
            #expect(refused.stderr.contains("--delimiter and --na apply to CSV files"), "\(refused.stderr)")
        }
    }
}
