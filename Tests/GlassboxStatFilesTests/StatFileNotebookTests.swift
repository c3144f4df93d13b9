import Foundation
import GlassboxTestSupport
import Testing

/// `report --format ipynb` from a Stata file: the notebook checks the file's SHA-256, re-reads it with
/// pyreadstat and re-checks the model and the audit; its reading cell gives every fixture's values as
/// Glassbox reads them (value labels or codes, extended and user-defined missing values, date units).
@Suite("Stat-file notebooks", .serialized) struct StatFileNotebookTests {
    static let python = NotebookPython.interpreter

    /// A report notebook of a model trained on `synthetic-logit.dta`, in `dir`.
    static func notebook(in dir: Scratch) throws {
        let data = ["--data", Repository.fixture("statfiles/synthetic-logit.dta").path]
        var r = try GlassboxProcess.run(["train", "logistic"] + data + ["--formula", "y ~ age + income + C(region) + C(party)", "--out", "m.json"], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        r = try GlassboxProcess.run(["report", "m.json"] + data + ["--group", "party", "--repeats", "2", "--bootstrap", "0",
                                                                  "--format", "ipynb", "--out", "r.ipynb"], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
    }

    @Test(.enabled(if: python != nil, "no Python with nbclient, nbformat and ipykernel"), .timeLimit(.minutes(5)))
    func stataNotebookChecksHold() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        try Self.notebook(in: dir)
        let run = try NotebookPython.execute(Self.python!, notebook: dir.path("r.ipynb"), in: dir.url)
        #expect(run.status == 0, "\(run.output)")
        for line in ["synthetic-logit.dta: SHA-256 verified", "synthetic-logit.dta: 3000 rows read with pyreadstat",
                     "8 coefficients and standard errors (nonrobust) agree with statsmodels", "on 2972 rows agrees with scikit-learn",
                     "group rates and counts agree with fairlearn's MetricFrame"] {
            #expect(run.output.contains(line), "missing '\(line)' in:\n\(run.output)")
        }
    }

    /// The notebook's reading cell, run on each fixture in both modes, against `<file>.expected.json`.
    static let compare = #"""
        import hashlib, importlib.util, json, math, sys
        import numpy as np, pandas as pd
        cell = next("".join(c["source"]) for c in json.load(open(sys.argv[1]))["cells"] if "pyreadstat.read_sas7bdat" in "".join(c["source"]))
        cell = cell[:cell.index("# Other inputs")]
        def sha256_of(path):
            return hashlib.sha256(open(path, "rb").read()).hexdigest()
        failures = 0
        for path in sys.argv[2:]:
            expected = json.load(open(path + ".expected.json"))
            for mode in ("labels", "codes"):
                scope = {"DATA_PATH": path, "CONTEXT": {"sha256": sha256_of(path), "source": {"kind": "statfile", "valueCodes": mode == "codes"}},
                         "sha256_of": sha256_of, "importlib": importlib, "math": math, "np": np, "pd": pd}
                exec(cell, scope)
                df = scope["df"]
                assert list(df.columns) == [c["name"] for c in expected[mode]["columns"]], (path, mode, list(df.columns))
                for c in expected[mode]["columns"]:
                    got = df[c["name"]].tolist()
                    if c["kind"] == "numeric":
                        want = [None if v is None else float(v) for v in c["values"]]
                        same = all((w is None and math.isnan(g)) or (w is not None and g == w) for g, w in zip(got, want))
                    else:
                        want = c["values"]
                        same = all((w is None and not isinstance(g, str)) or g == w for g, w in zip(got, want))
                    if not (same and len(got) == len(want)):
                        failures += 1
                        print(f"DIFFERS {path} {mode} {c['name']}: {got} != {want}")
        print(f"compared {len(sys.argv) - 2} files")
        sys.exit(1 if failures else 0)
        """#

    @Test(.enabled(if: python != nil, "no Python with nbclient, nbformat and ipykernel"), .timeLimit(.minutes(5)))
    func readingCellMatchesGlassboxOnEveryFixture() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        try Self.notebook(in: dir)
        let script = try dir.write("compare.py", Self.compare)
        let files = StatFileReaderTests.fixtures.map(StatFileReaderTests.path)
        let run = try NotebookPython.run(Self.python!, [script, dir.path("r.ipynb")] + files, in: dir.url)
        #expect(run.status == 0 && run.output.contains("compared \(files.count) files"), "\(run.output)")
    }
}
