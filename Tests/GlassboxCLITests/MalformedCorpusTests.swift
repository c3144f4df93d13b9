import Foundation
import Testing
import GlassboxTestSupport

/// The malformed-input corpus (`Tests/Fixtures/malformed/cases.json`, written by `make_corpus.py`):
/// every case runs the built binary in a fresh scratch directory and checks the exit status, the
/// message, and that exactly the expected files exist afterwards — none for a rejected input, so no
/// partial output and no temporary file is ever left behind.
@Suite("malformed-input corpus", .serialized)
struct MalformedCorpusTests {
    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        var name: String
        var args: [String]
        var status: Int32
        /// Substring of stderr ("" asserts nothing beyond the status).
        var stderr: String
        var stdout: String?
        /// Fixture files copied into the scratch directory before the run (e.g. output = input).
        var copy: [String]?
        /// Files that must exist afterwards (accepted inputs); any other new file is a failure.
        var outputs: [String]?
        /// Substring of the first output file.
        var outputContains: String?
        var testDescription: String { name }
    }

    static let directory = GlassboxProcess.repositoryRoot.appendingPathComponent("Tests/Fixtures/malformed")

    static let cases: [Case] = {
        guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent("cases.json").path) else { return [] }
        return (try? JSONDecoder().decode([Case].self, from: data)) ?? []
    }()

    @Test("the manifest loads and holds at least 40 cases, each with an existing fixture")
    func manifest() throws {
        #expect(Self.cases.count >= 40)
        for c in Self.cases {
            for arg in c.args where arg.hasPrefix("@F/") && !arg.contains("absent") {
                #expect(FileManager.default.fileExists(atPath: Self.directory.path + arg.dropFirst(2)), "\(c.name): \(arg)")
            }
            #expect(c.status != 0 || c.outputs != nil || c.args.first == "describe", "\(c.name): an accepted case must check its output")
        }
    }

    @Test("each malformed input gives its status, its message and no stray file", arguments: cases)
    func run(_ c: Case) throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let copied = c.copy ?? []
        for name in copied {
            try FileManager.default.copyItem(atPath: Self.directory.appendingPathComponent(name).path, toPath: scratch.path(name))
        }
        let arguments = c.args.map {
            $0.replacingOccurrences(of: "@F", with: Self.directory.path).replacingOccurrences(of: "@S", with: scratch.url.path)
        }
        let r = try GlassboxProcess.run(arguments, in: scratch.url)
        #expect(r.status == c.status, "status \(r.status), stderr: \(r.stderr)")
        // Foundation's contains("") is false, so an empty expectation is checked separately.
        #expect(c.stderr.isEmpty || r.stderr.contains(c.stderr), "stderr: \(r.stderr)")
        if let out = c.stdout { #expect(r.stdout.contains(out), "stdout: \(r.stdout.prefix(500))") }
        if c.status != 0 { #expect(r.stderr.hasPrefix("error: ") || r.stderr.contains("\nerror: "), "one 'error:' line: \(r.stderr)") }
        let created = scratch.contents.filter { !copied.contains($0) }
        #expect(created == (c.outputs ?? []).sorted(), "files left: \(created)")
        if let needle = c.outputContains, let first = c.outputs?.first {
            let text = try String(contentsOfFile: scratch.path(first), encoding: .utf8)
            #expect(text.contains(needle), "\(first) lacks \(needle)")
        }
        for name in copied {
            let original = try Data(contentsOf: Self.directory.appendingPathComponent(name))
            #expect(try Data(contentsOf: URL(fileURLWithPath: scratch.path(name))) == original, "\(name) was modified")
        }
    }
}
