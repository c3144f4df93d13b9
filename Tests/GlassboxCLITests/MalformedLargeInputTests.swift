import Foundation
import Testing
import GlassboxTestSupport

/// A CSV larger than memory is refused before reading, with the size and the limit named.
@Suite("glassbox large inputs", .serialized)
struct MalformedLargeInputTests {
    @Test("a 1 TB sparse CSV is refused at once against MemAvailable")
    func sparseTerabyte() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let path = try scratch.write("huge.csv", "y,x,g\n0,1,a\n1,2,b\n0,3,a\n1,1,b\n")
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: 1 << 40)  // sparse: no disk space is used
        try handle.close()
        let start = Date()
        let r = try GlassboxProcess.run(["train", "logistic", "--data", path, "--formula", "y ~ x + g", "--out", scratch.path("m.json")])
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.contains("'\(path)' is 1.1 TB on disk"), "\(r.stderr)")
        #expect(r.stderr.contains("the memory available (MemAvailable in /proc/meminfo)"), "\(r.stderr)")
        #expect(Date().timeIntervalSince(start) < 10, "refused before reading")
        #expect(scratch.contents == ["huge.csv"])
    }

    @Test("GLASSBOX_MEMORY_LIMIT_BYTES sets the limit; the estimate counts rows × columns × 8 bytes")
    func injectedLimit() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let rows = (0..<1000).map { "\($0 % 2),\($0),\(["a", "b", "c"][$0 % 3])" }.joined(separator: "\n")
        let path = try scratch.write("d.csv", "y,x,g\n" + rows + "\n")
        // describe reads the whole table, so the limit refuses it
        var r = try GlassboxProcess.run(["describe", "--data", path],
                                        environment: ["GLASSBOX_MEMORY_LIMIT_BYTES": "20000"])
        #expect(r.status == 65)
        #expect(r.stderr.contains("needs an estimated 24.0 kB in memory (about 1000 rows × 3 columns × 8 bytes), more than 20.0 kB, the limit set by GLASSBOX_MEMORY_LIMIT_BYTES"),
                "\(r.stderr)")
        #expect(scratch.contents == ["d.csv"])
        // an audit streams the file in chunks instead (docs/scale.md §5), within the same limit
        r = try GlassboxProcess.run(["audit", "--data", path, "--score", "x", "--outcome", "y", "--group", "g", "--out", scratch.path("a.json")],
                                    environment: ["GLASSBOX_MEMORY_LIMIT_BYTES": "20000"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(scratch.contents == ["a.json", "d.csv"])
        r = try GlassboxProcess.run(["describe", "--data", path], environment: ["GLASSBOX_MEMORY_LIMIT_BYTES": "24001"])
        #expect(r.status == 0, "just above the estimate it is read: \(r.stderr)")
        #expect(r.stdout.contains("1000 rows, 3 columns"))
    }
}
