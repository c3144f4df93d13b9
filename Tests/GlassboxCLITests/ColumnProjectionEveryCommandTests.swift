import Foundation
import Testing
import GlassboxTestSupport

/// Every command that reads data parses only the columns it uses: on a file with extra columns that a
/// whole read rejects (a number beyond the double range) or that are awkward to parse (quoted text with
/// line breaks), each command succeeds and writes what it writes for the file without those columns
/// (apart from the input's path and SHA-256 in manifests).
@Suite("every command reads only the columns it needs", .serialized)
struct ColumnProjectionEveryCommandTests {
    /// 300 rows: outcome `y`, features `x1`, `x2`, group `grp`, treatment `t` (T/C), seed list `seed`, an
    /// external score `s`, an id; with `extra`, also a quoted note with a line break and `junk` holding
    /// `1e400` in one row.
    static func csv(extra: Bool) -> String {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func uniform() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        var text = extra ? "id,note,y,x1,junk,x2,grp,t,seed,s\n" : "id,y,x1,x2,grp,t,seed,s\n"
        for i in 0..<300 {
            let x1 = (uniform() - 0.5) * 4, x2 = (uniform() - 0.5) * 2
            let treated = uniform() < 0.5
            let eta = -0.3 + 0.8 * x1 - 0.5 * x2 + (treated ? 0.4 * x2 : 0)
            let y = uniform() < 1 / (1 + exp(-eta)) ? 1 : 0
            let grp = ["a", "b", "c"][Int(uniform() * 3)]
            let seed = y == 1 && uniform() < 0.5 ? 1 : 0
            let s = (1 / (1 + exp(-0.7 * x1))).formatted(.number.precision(.fractionLength(4)))
            let common = "\(y),\(String(format: "%.4f", x1))"
            let rest = "\(String(format: "%.4f", x2)),\(grp),\(treated ? "T" : "C"),\(seed),\(s)"
            text += extra
                ? "\(i),\"row \(i),\nnote\",\(common),\(i == 5 ? "1e400" : "\(i)"),\(rest)\n"
                : "\(i),\(common),\(rest)\n"
        }
        return text
    }

    /// Keys whose values name the input file (its path or hash) or the command line.
    static let fileKeys: Set<String> = ["manifest", "provenance", "sha256", "dataSHA256", "dataSha256", "path", "commandLine", "createdAt", "inputs",
                                        "modelPath", "model", "source"]

    /// The JSON document without ``fileKeys``, at any depth.
    static func comparable(_ json: String) throws -> NSObject {
        func strip(_ value: Any) -> Any {
            if let object = value as? [String: Any] {
                var out = [String: Any]()
                for (k, v) in object where !fileKeys.contains(k) { out[k] = strip(v) }
                return out
            }
            if let array = value as? [Any] { return array.map(strip) }
            return value
        }
        return try #require(strip(try JSONSerialization.jsonObject(with: Data(json.utf8))) as? NSObject)
    }

    struct Files {
        let dir: Scratch
        let plain: String
        let wide: String

        init() throws {
            dir = try Scratch()
            plain = try dir.write("plain.csv", ColumnProjectionEveryCommandTests.csv(extra: false))
            wide = try dir.write("wide.csv", ColumnProjectionEveryCommandTests.csv(extra: true))
        }

        /// Runs `arguments` (with `DATA` replaced by each file and `OUT`/`M:name` by per-file paths) on
        /// both files; both must succeed. Returns the two standard outputs, or the two `OUT` files, with
        /// those paths written the same way.
        @discardableResult
        func both(_ arguments: [String], output: Bool = false) throws -> (plain: String, wide: String) {
            var results = [String]()
            for (tag, data) in [("plain", plain), ("wide", wide)] {
                let args = arguments.map { a -> String in
                    if a == "DATA" { return data }
                    if a == "OUT" { return dir.path("\(tag)-out") }
                    if a.hasPrefix("M:") { return dir.path("\(tag)-\(a.dropFirst(2))") }
                    return a
                }
                let r = try GlassboxProcess.run(args)
                #expect(r.status == 0, "\(arguments.prefix(3)) on \(tag): \(r.stderr)")
                let text = output ? ((try? String(contentsOfFile: dir.path("\(tag)-out"), encoding: .utf8)) ?? "") : r.stdout
                // The two runs' own paths (data, models) are the same text in both.
                results.append(text.replacingOccurrences(of: data, with: "DATA").replacingOccurrences(of: dir.path("\(tag)-"), with: "RUN-"))
            }
            return (results[0], results[1])
        }
    }

    @Test("a whole read of the wide file fails, so every success below is a projected read")
    func wholeReadFails() throws {
        let files = try Files()
        defer { files.dir.cleanup() }
        let r = try GlassboxProcess.run(["describe", "--data", files.wide])
        #expect(r.status == 65 && r.stderr.contains("column 'junk': value '1e400' is outside the range of a double"), "\(r.stderr)")
    }

    @Test("train logistic, score, audit, explain and report of a logistic model")
    func logistic() throws {
        let files = try Files()
        defer { files.dir.cleanup() }
        var (a, b) = try files.both(["train", "logistic", "--data", "DATA", "--formula", "y ~ x1 + x2", "--cluster", "grp", "--out", "OUT"],
                                    output: true)
        #expect(try Self.comparable(a) == Self.comparable(b))
        try files.both(["train", "logistic", "--data", "DATA", "--formula", "y ~ x1 + C(grp)", "--out", "M:model.json"])
        (a, b) = try files.both(["score", "M:model.json", "--data", "DATA", "--id", "id", "--keep", "grp", "--out", "OUT", "--force"], output: true)
        #expect(a == b && a.hasPrefix("id,grp,score\n0,"), "\(a.prefix(60))")
        (a, b) = try files.both(["audit", "--data", "DATA", "--model", "M:model.json", "--outcome", "y", "--group", "t", "--bootstrap", "20"])
        #expect(try Self.comparable(a) == Self.comparable(b))
        (a, b) = try files.both(["explain", "M:model.json", "--data", "DATA", "--pd", "x1", "--protected", "t", "--repeats", "2"])
        #expect(try Self.comparable(a) == Self.comparable(b))
        (a, b) = try files.both(["explain", "--data", "DATA", "--score", "s", "--formula", "~ x1 + x2", "--protected", "grp"])
        #expect(try Self.comparable(a) == Self.comparable(b))
        (a, b) = try files.both(["report", "M:model.json", "--data", "DATA", "--group", "t", "--bootstrap", "20", "--repeats", "2",
                                 "--format", "json"])
        #expect(try Self.comparable(a) == Self.comparable(b))
        (a, b) = try files.both(["report", "--data", "DATA", "--score", "s", "--outcome", "y", "--group", "grp", "--bootstrap", "20",
                                 "--format", "json"])
        #expect(try Self.comparable(a) == Self.comparable(b))
    }

    @Test("train uplift, score, evaluate uplift, report of an uplift model")
    func uplift() throws {
        let files = try Files()
        defer { files.dir.cleanup() }
        try files.both(["train", "uplift", "--data", "DATA", "--formula", "y ~ x1 + x2", "--treatment", "t",
                        "--treated", "T", "--control", "C", "--out", "M:uplift.json"])
        var (a, b) = try files.both(["score", "M:uplift.json", "--data", "DATA", "--out", "OUT"], output: true)
        #expect(a == b && !a.isEmpty)
        (a, b) = try files.both(["evaluate", "uplift", "M:uplift.json", "--data", "DATA", "--bootstrap", "20", "--importance", "--repeats", "2"])
        #expect(try Self.comparable(a) == Self.comparable(b))
        (a, b) = try files.both(["evaluate", "uplift", "--uplift", "s", "--data", "DATA", "--treatment", "t", "--treated", "T",
                                 "--control", "C", "--outcome", "y", "--bootstrap", "20"])
        #expect(try Self.comparable(a) == Self.comparable(b))
        (a, b) = try files.both(["report", "M:uplift.json", "--data", "DATA", "--group", "grp", "--bootstrap", "20", "--format", "json"])
        #expect(try Self.comparable(a) == Self.comparable(b))
        (a, b) = try files.both(["audit", "--data", "DATA", "--model", "M:uplift.json", "--outcome", "y", "--group", "grp", "--bootstrap", "20"])
        #expect(try Self.comparable(a) == Self.comparable(b))
    }

    @Test("train lookalike, score (with and without the seed column), evaluate lookalike, report of a lookalike model")
    func lookalike() throws {
        let files = try Files()
        defer { files.dir.cleanup() }
        try files.both(["train", "lookalike", "--data", "DATA", "--formula", "~ x1 + x2", "--seed", "seed", "--method", "logistic",
                        "--out", "M:look.json"])
        var (a, b) = try files.both(["score", "M:look.json", "--data", "DATA", "--size", "0.2", "--out", "OUT"], output: true)
        #expect(a == b && a.hasPrefix("score,rank,audience\n"), "\(a.prefix(40))")
        // Without the seed column, scoring still works (it is read only when present).
        let noSeed = try files.dir.write("noseed.csv", Self.csv(extra: true).replacingOccurrences(of: ",seed,", with: ",other,"))
        let r = try GlassboxProcess.run(["score", files.dir.path("wide-look.json"), "--data", noSeed, "--out", files.dir.path("ns.csv")])
        #expect(r.status == 0, "\(r.stderr)")
        (a, b) = try files.both(["evaluate", "lookalike", "M:look.json", "--data", "DATA", "--group", "grp", "--bootstrap", "20"])
        #expect(try Self.comparable(a) == Self.comparable(b))
        (a, b) = try files.both(["report", "M:look.json", "--data", "DATA", "--group", "grp", "--bootstrap", "20", "--format", "json"])
        #expect(try Self.comparable(a) == Self.comparable(b))
    }

    @Test("a column the command needs but the file lacks is still reported with every column of the file")
    func missingColumnListsEveryColumn() throws {
        let files = try Files()
        defer { files.dir.cleanup() }
        let readable = try files.dir.write("readable.csv", Self.csv(extra: true).replacingOccurrences(of: "1e400", with: "7"))
        let r = try GlassboxProcess.run(["train", "logistic", "--data", readable, "--formula", "y ~ x1 + nosuch", "--out", files.dir.path("m.json")])
        #expect(r.status == 65)
        #expect(r.stderr.contains("'id', 'note', 'y', 'x1', 'junk', 'x2', 'grp', 't', 'seed', 's'"), "\(r.stderr)")
    }

    @Test("the memory check before reading counts only the columns read")
    func memoryCheckCountsColumnsRead() throws {
        let files = try Files()
        defer { files.dir.cleanup() }
        // 300 rows × 10 columns × 8 bytes = 24,000 bytes for the whole table; 4,800 for y and x1.
        let limit = ["GLASSBOX_MEMORY_LIMIT_BYTES": "10000"]
        let whole = try GlassboxProcess.run(["describe", "--data", files.wide], environment: limit)
        #expect(whole.status == 65 && whole.stderr.contains("its table needs an estimated"), "\(whole.stderr)")
        let projected = try GlassboxProcess.run(["train", "logistic", "--data", files.wide, "--formula", "y ~ x1",
                                                 "--out", files.dir.path("m.json")], environment: limit)
        // The read passes; the fit's own memory check may still refuse so small a limit.
        #expect(!projected.stderr.contains("its table needs an estimated") && !projected.stderr.contains("the table read so far"),
                "\(projected.stderr)")
    }
}
