import Foundation
import Testing
import GlassboxTestSupport

/// `glassbox partial audit` on slices of a file and `glassbox merge audit` of their partials, in slice
/// order, write the audit `glassbox audit` writes on the whole file (manifest aside); bad partials are
/// refused naming the file, with exit 65 and no output.
@Suite("glassbox partial audit / merge audit", .serialized)
struct AuditPartialCommandTests {
    /// The file's header and data lines.
    static func lines(_ path: String) throws -> (header: String, rows: [String]) {
        let all = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        return (all[0], Array(all.dropFirst()))
    }

    static func withoutManifest(_ path: String) throws -> NSDictionary {
        var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        json["manifest"] = nil
        return json as NSDictionary
    }

    @Test("partials of three slices merge to the whole file's audit (weights, intersections, --top ties)")
    func mergeEqualsWhole() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let voters = dir.path("voters.csv")
        #expect(try GlassboxProcess.run(["simulate", "--rows", "3000", "--seed", "5", "--out", voters, "--quiet"]).status == 0)
        let (header, rows) = try Self.lines(voters)
        let cuts = [0, 1, 1700, 3000]
        var partials = [String]()
        let reading = ["--score", "vendor_turnout_score", "--outcome", "voted_2024", "--group", "race", "--group", "county", "--weights", "weight"]
        for k in 0..<(cuts.count - 1) {
            let slice = try dir.write("slice\(k).csv", ([header] + rows[cuts[k]..<cuts[k + 1]]).joined(separator: "\n") + "\n")
            partials.append(dir.path("part\(k).json"))
            let r = try GlassboxProcess.run(["partial", "audit", "--data", slice] + reading + ["--out", partials[k]])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let settings = ["--intersect", "--top", "0.3", "--bootstrap", "100", "--reference", "race=White"]
        let whole = try GlassboxProcess.run(["audit", "--data", voters] + reading + settings + ["--out", dir.path("whole.json")])
        #expect(whole.status == 0, "\(whole.stderr)")
        let merged = try GlassboxProcess.run(["merge", "audit"] + partials + settings + ["--data-label", voters, "--out", dir.path("merged.json")])
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.stderr == whole.stderr)
        #expect(try Self.withoutManifest(dir.path("merged.json")) == Self.withoutManifest(dir.path("whole.json")))
    }

    @Test("a malformed or mismatched partial: exit 65 naming the file, no output")
    func badPartials() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let data = try dir.write("d.csv", "s,y,g,h\n0.2,0,a,x\n0.7,1,b,y\n0.9,1,a,x\n")
        let good = dir.path("good.json"), other = dir.path("other.json")
        #expect(try GlassboxProcess.run(["partial", "audit", "--data", data, "--score", "s", "--outcome", "y", "--group", "g", "--out", good]).status == 0)
        #expect(try GlassboxProcess.run(["partial", "audit", "--data", data, "--score", "s", "--outcome", "y", "--group", "h", "--out", other]).status == 0)
        let garbage = try dir.write("garbage.json", "{\"kind\": \"glassbox.audit-partial\", \"version\": 1}\n")
        let cases: [(String, String)] = [(garbage, "audit partial 2 is not a readable audit partial"),
                                         (other, "audit partial 2 was made with other score, outcome, weight or group columns than partial 1")]
        for (second, message) in cases {
            let r = try GlassboxProcess.run(["merge", "audit", good, second, "--out", dir.path("out.json")])
            #expect(r.status == 65)
            #expect(r.stderr.contains(message) && r.stderr.contains(second), "\(r.stderr)")
            #expect(!dir.exists("out.json"))
        }
        let usage = try GlassboxProcess.run(["merge", "audit", "--out", dir.path("out.json")])
        #expect(usage.status == 64)
    }

    @Test("partials each within the label cap whose union is not: exit 65 at the partial that crosses it, naming the union so far, no output")
    func labelUnion() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        // Three slices of distinct ids: 40,000 + 40,000 + 10,000 labels; the merge stops at the second (80,000).
        var partials = [String]()
        for (k, range) in [0..<40_000, 40_000..<80_000, 80_000..<90_000].enumerated() {
            var text = "s,y,id\n"
            for i in range { text += "0.\(i % 10),\(i % 2),\(i)\n" }
            let data = try dir.write("slice\(k).csv", text)
            partials.append(dir.path("part\(k).json"))
            let r = try GlassboxProcess.run(["partial", "audit", "--data", data, "--score", "s", "--outcome", "y", "--group", "id", "--out", partials[k]])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let r = try GlassboxProcess.run(["merge", "audit"] + partials + ["--bootstrap", "0", "--out", dir.path("out.json")])
        #expect(r.status == 65)
        #expect(r.stderr.contains("error: group column 'id' has 80000 distinct labels (a missing value counted as one), more than the 65535 an audit reports per attribute"),
                "\(r.stderr)")
        #expect(r.stdout.isEmpty && !dir.exists("out.json"))
    }
}
