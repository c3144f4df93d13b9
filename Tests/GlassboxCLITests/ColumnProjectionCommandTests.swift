import Foundation
import Testing
import GlassboxTestSupport

/// `audit` and `score` parse only the columns they use (``CSVOptions/columns``): the outputs are those of
/// a whole-file read, columns they copy are still there, and a missing column is reported with every
/// column of the file, as before.
@Suite("commands read only the columns they use", .serialized)
struct ColumnProjectionCommandTests {
    /// 40 rows of score/outcome/group, with or without unused columns that are awkward to parse:
    /// quoted text holding delimiters and line breaks, and a number beyond the double range.
    static func csv(extraColumns: Bool) -> String {
        var text = extraColumns ? "id,s,note,y,g,big\n" : "s,y,g\n"
        for i in 0..<40 {
            let s = Double((i * 37) % 100) / 100, y = (i * 7) % 3 == 0 ? 1 : 0, g = i % 4 == 0 ? "b" : "a"
            text += extraColumns
                ? "\(i),\(s),\"n, \(i)\nline\",\(y),\(g),\(i == 5 ? "1e400" : "\(i)")\n"
                : "\(s),\(y),\(g)\n"
        }
        return text
    }

    static func withoutManifest(_ json: String) throws -> NSDictionary {
        var object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        object["manifest"] = nil
        return object as NSDictionary
    }

    @Test("audit: unused columns change nothing, even one a whole read would reject")
    func auditIgnoresUnusedColumns() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let plain = try dir.write("plain.csv", Self.csv(extraColumns: false))
        let wide = try dir.write("wide.csv", Self.csv(extraColumns: true))
        let arguments = ["--score", "s", "--outcome", "y", "--group", "g", "--bootstrap", "50", "--min-group-size", "1"]
        let a = try GlassboxProcess.run(["audit", "--data", plain] + arguments)
        let b = try GlassboxProcess.run(["audit", "--data", wide] + arguments)
        #expect(a.status == 0 && b.status == 0, "\(a.stderr) \(b.stderr)")
        #expect(try Self.withoutManifest(a.stdout) == Self.withoutManifest(b.stdout))
        // A missing column is still named with every column of the file (the file is then read whole,
        // so the out-of-range number is reported as before).
        let rejected = try GlassboxProcess.run(["audit", "--data", wide, "--score", "s", "--outcome", "y", "--group", "race"])
        #expect(rejected.status == 65 && rejected.stderr.contains("column 'big': value '1e400' is outside the range of a double"))
        let readable = try dir.write("readable.csv", Self.csv(extraColumns: true).replacingOccurrences(of: "1e400", with: "5"))
        let missing = try GlassboxProcess.run(["audit", "--data", readable, "--score", "s", "--outcome", "y", "--group", "race"])
        #expect(missing.status == 65)
        #expect(missing.stderr.contains("group column 'race' not found; columns are: 'id', 's', 'note', 'y', 'g', 'big'"), "\(missing.stderr)")
    }

    @Test("a pipe is read whole (it cannot be read twice), so a missing column is reported as before")
    func pipeIsReadWhole() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let readable = try dir.write("data.csv", Self.csv(extraColumns: true).replacingOccurrences(of: "1e400", with: "5"))
        let script = "cat \"$1\" | \"$2\" audit --data /dev/stdin --score s --outcome y --group race --bootstrap 0"
        let r = try GlassboxProcess.run(executable: "/bin/sh", ["-c", script, "sh", readable, GlassboxProcess.binary])
        #expect(r.status == 65)
        #expect(r.stderr.contains("group column 'race' not found; columns are: 'id', 's', 'note', 'y', 'g', 'big'"), "\(r.stderr)")
        let ok = "cat \"$1\" | \"$2\" audit --data /dev/stdin --score s --outcome y --group g --bootstrap 0 --min-group-size 1"
        let audited = try GlassboxProcess.run(executable: "/bin/sh", ["-c", ok, "sh", readable, GlassboxProcess.binary])
        #expect(audited.status == 0, "\(audited.stderr)")
    }

    @Test("score: --id and --keep columns are copied exactly; a missing one lists every column")
    func scoreCopiesKeptColumns() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let wide = try dir.write("wide.csv", Self.csv(extraColumns: true).replacingOccurrences(of: "1e400", with: "5"))
        let model = dir.path("m.json"), out = dir.path("scores.csv")
        var r = try GlassboxProcess.run(["train", "logistic", "--data", wide, "--formula", "y ~ s", "--out", model])
        #expect(r.status == 0, "\(r.stderr)")
        r = try GlassboxProcess.run(["score", model, "--data", wide, "--id", "id", "--keep", "note,g", "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        let written = try String(contentsOfFile: out, encoding: .utf8)
        #expect(written.hasPrefix("id,note,g,score\n0,\"n, 0\nline\",b,"), "\(written.prefix(80))")
        #expect(written.components(separatedBy: "\nline\"").count == 41)
        r = try GlassboxProcess.run(["score", model, "--data", wide, "--keep", "nosuch", "--out", dir.path("other.csv")])
        #expect(r.status != 0)
        #expect(r.stderr.contains("no column named 'nosuch'; columns are: 'id', 's', 'note', 'y', 'g', 'big'"), "\(r.stderr)")
    }
}
