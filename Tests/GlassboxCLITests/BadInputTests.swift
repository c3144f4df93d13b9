import Foundation
import Testing
import GlassboxTestSupport

/// Each bad-input rule: a specific message, a non-zero exit status, and no output file.
@Suite("glassbox bad inputs", .serialized)
struct BadInputTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var csv: String?            // nil: the data file does not exist
        var formula: String
        var extra: [String] = []
        var status: Int32
        var message: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "ragged row", csv: "y,x\n0,1\n1,2,3\n0,3\n", formula: "y ~ x", status: 65, message: "line 3: expected 2 fields but found 3"),
        Case(name: "unterminated quote", csv: "y,x\n0,1\n1,\"2\n0,3\n", formula: "y ~ x", status: 65, message: "line 3: a quoted field starting on this line is never closed"),
        Case(name: "empty file", csv: "", formula: "y ~ x", status: 65, message: "empty"),
        Case(name: "header only", csv: "y,x\n", formula: "y ~ x", status: 65, message: "no data rows"),
        Case(name: "non-numeric value in a numeric term", csv: "y,x\n0,1\n1,2\n0,abc\n1,4\n0,5\n1,6\n", formula: "y ~ I(x * 2)", status: 65, message: "column 'x' looks numeric but holds text: 'abc' (first at row 3"),
        Case(name: "non-numeric value in a bare numeric term", csv: "y,x\n0,1\n1,2\n0,abc\n1,4\n0,5\n1,6\n", formula: "y ~ x", status: 65, message: "column 'x' looks numeric but holds text: 'abc' (first at row 3; 1 such value)"),
        Case(name: "non-binary outcome", csv: "y,x\n0,1\n2,2\n0,3\n1,4\n", formula: "y ~ x", status: 65, message: "must be binary (0 or 1)"),
        Case(name: "constant outcome", csv: "y,x\n1,1\n1,2\n1,3\n", formula: "y ~ x", status: 65, message: "is constant"),
        Case(name: "missing file", csv: nil, formula: "y ~ x", status: 66, message: "no such file"),
        Case(name: "missing column", csv: "y,x\n0,1\n1,2\n", formula: "y ~ z", status: 65, message: "no column named 'z'"),
        Case(name: "malformed formula", csv: "y,x\n0,1\n1,2\n", formula: "y ~ x +", status: 65, message: "formula"),
        Case(name: "formula without outcome", csv: "y,x\n0,1\n1,2\n", formula: "~ x", status: 65, message: "has no outcome"),
        Case(name: "unknown robust type", csv: "y,x\n0,1\n1,2\n", formula: "y ~ x", extra: ["--robust", "hc9"], status: 64, message: "--robust must be one of"),
        Case(name: "l1 with l2", csv: "y,x\n0,1\n1,2\n", formula: "y ~ x", extra: ["--l1", "1", "--l2", "1"], status: 64, message: "cannot be combined"),
        Case(name: "text weights", csv: "y,x,w\n0,1,a\n1,2,b\n0,3,c\n1,1,d\n", formula: "y ~ x", extra: ["--weights", "w"], status: 65, message: "must be numeric"),
    ]

    @Test("train logistic rejects bad input", arguments: cases)
    func rejects(_ c: Case) throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let data = c.csv.map { try? dir.write("data.csv", $0) } ?? dir.path("absent.csv")
        let r = try GlassboxProcess.run(["train", "logistic", "--data", data!, "--formula", c.formula, "--out", dir.path("m.json")] + c.extra)
        #expect(r.status == c.status, "\(c.name): status \(r.status), stderr: \(r.stderr)")
        #expect(r.stderr.contains(c.message), "\(c.name): \(r.stderr)")
        #expect(!dir.exists("m.json"), "no output file")
        #expect(dir.contents.allSatisfy { !$0.contains("tmp") }, "no temporary file")
    }

    @Test("perfect separation gives a flagged, non-converged model and a warning")
    func separation() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let rows = (0..<40).map { "\($0 < 20 ? 0 : 1),\($0)" }.joined(separator: "\n")
        let data = try dir.write("sep.csv", "y,x\n" + rows + "\n")
        var r = try GlassboxProcess.run(["train", "logistic", "--data", data, "--formula", "y ~ x", "--out", dir.path("m.json")])
        #expect(r.status == 0)
        #expect(r.stderr.contains("complete separation"))
        #expect(r.stdout.contains("NOT converged"))
        r = try GlassboxProcess.run(["inspect", dir.path("m.json"), "--format", "json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let fit = try #require(json["fit"] as? [String: Any])
        #expect(fit["converged"] as? Bool == false)
        #expect(fit["separation"] as? String == "complete")
    }

    @Test("a directory as data, and the output path equal to the input path, are refused")
    func paths() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        var r = try GlassboxProcess.run(["train", "logistic", "--data", dir.url.path, "--formula", "y ~ x", "--out", dir.path("m.json")])
        #expect(r.status == 66 && r.stderr.contains("is a directory"))
        let data = try dir.write("d.csv", "y,x\n0,1\n1,2\n0,2\n1,1\n")
        r = try GlassboxProcess.run(["train", "logistic", "--data", data, "--formula", "y ~ x", "--out", data, "--force"])
        #expect(r.status == 73 && r.stderr.contains("is the same file as the input"))
        #expect(try String(contentsOfFile: data, encoding: .utf8) == "y,x\n0,1\n1,2\n0,2\n1,1\n")
    }

    @Test("scoring data with a level unseen in training names the column and the level")
    func unseenLevel() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let train = try dir.write("train.csv", "y,g\n0,a\n1,a\n0,b\n1,b\n1,a\n0,b\n")
        let score = try dir.write("score.csv", "y,g\n0,a\n1,c\n")
        var r = try GlassboxProcess.run(["train", "logistic", "--data", train, "--formula", "y ~ g", "--out", dir.path("m.json")])
        #expect(r.status == 0, "\(r.stderr)")
        r = try GlassboxProcess.run(["score", dir.path("m.json"), "--data", score, "--out", dir.path("s.csv")])
        #expect(r.status == 65)
        #expect(r.stderr.contains("'g'") && r.stderr.contains("'c'"))
        #expect(!dir.exists("s.csv"))
    }

    @Test("model files: truncated, wrong schema version, wrong kind, tampered and unknown fields are rejected clearly")
    func modelFiles() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let train = try dir.write("train.csv", "y,x\n0,1\n1,2\n0,2\n1,3\n0,1\n1,1\n")
        var r = try GlassboxProcess.run(["train", "logistic", "--data", train, "--formula", "y ~ x", "--out", dir.path("m.json")])
        #expect(r.status == 0)
        let good = try String(contentsOfFile: dir.path("m.json"), encoding: .utf8)
        let variants: [(String, String, String)] = [
            ("truncated", String(good.prefix(good.count / 2)), "not valid JSON"),
            ("version", good.replacingOccurrences(of: "\"schemaVersion\" : 1", with: "\"schemaVersion\" : 99"), "schema version 99"),
            ("kind", good.replacingOccurrences(of: "\"kind\" : \"logistic\"", with: "\"kind\" : \"uplift\""), "unknown field 'coefficients'"),
            ("unknown", good.replacingOccurrences(of: "\"schemaVersion\" : 1", with: "\"schemaVersion\" : 1, \"extra\" : 2"), "unknown field 'extra'"),
            ("empty", "", "is empty"),
        ]
        for (name, text, message) in variants {
            let path = try dir.write(name + ".json", text)
            r = try GlassboxProcess.run(["inspect", path])
            #expect(r.status == 65, "\(name)")
            #expect(r.stderr.contains(message), "\(name): \(r.stderr)")
        }
    }
}
