import Foundation
import Testing
import GlassboxTestSupport

/// The `glassbox-example` executable (Examples/GettingStarted) end to end, and its agreement with the
/// DocC getting-started article that prints its code.
@Suite("glassbox-example", .serialized)
struct ExampleTargetTests {
    /// The built example: `GLASSBOX_EXAMPLE_BIN`, else next to the `glassbox` binary the CLI tests run
    /// (`swift build` and `swift test` build every executable target of the package).
    static var binary: String {
        if let override = ProcessInfo.processInfo.environment["GLASSBOX_EXAMPLE_BIN"] { return override }
        return sibling("glassbox-example")
    }

    /// The executable `name` built next to the `glassbox` binary.
    static func sibling(_ name: String) -> String {
        URL(fileURLWithPath: GlassboxProcess.binary).deletingLastPathComponent().appendingPathComponent(name).path
    }

    static func runExample(_ arguments: [String], binary: String = binary, environment: [String: String] = [:]) throws -> GlassboxProcess.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // The output is a few kilobytes: reading one pipe after the other cannot block the child.
        let outData = out.fileHandleForReading.readAllRetryingInterrupts()
        let errData = err.fileHandleForReading.readAllRetryingInterrupts()
        process.waitUntilExit()
        return .init(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                     stderr: String(decoding: errData, as: UTF8.self))
    }

    /// `(estimate, se, planted)` per term from the lines `coefficient TERM estimate E se S planted P`.
    static func coefficients(_ stdout: String) -> [String: (estimate: Double, se: Double, planted: Double)] {
        var rows = [String: (estimate: Double, se: Double, planted: Double)]()
        for line in stdout.split(separator: "\n") where line.hasPrefix("coefficient ") {
            guard let e = line.range(of: " estimate ") else { continue }
            let term = String(line[line.index(line.startIndex, offsetBy: "coefficient ".count)..<e.lowerBound])
            let fields = line[e.upperBound...].split(separator: " ")
            guard fields.count == 5, let estimate = Double(fields[0]), let se = Double(fields[2]), let planted = Double(fields[4]) else { continue }
            rows[term] = (estimate, se, planted)
        }
        return rows
    }

    /// The whitespace-separated fields of the first line starting with `prefix`.
    static func fields(_ stdout: String, _ prefix: String) -> [Substring] {
        stdout.split(separator: "\n").first { $0.hasPrefix(prefix) }.map { $0.split(separator: " ") } ?? []
    }

    @Test("the example fits, explains, audits and reports: planted coefficients recovered, report sections present")
    func runsEndToEnd() throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary), "build the package first (swift build): \(Self.binary) is missing")
        let dir = try Scratch()
        defer { dir.cleanup() }
        let r = try Self.runExample([dir.path("out")])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("data: 20000 rows, 15 columns"), "\(r.stdout)")
        #expect(r.stdout.contains("converged: true"), "\(r.stdout)")

        // Logistic fit: each of the 8 planted coefficients within 4.5 robust (HC1) standard errors.
        let rows = Self.coefficients(r.stdout)
        #expect(rows.count == 8, "\(r.stdout)")
        for (term, row) in rows {
            #expect(row.planted.isFinite, "\(term) has no planted value")
            #expect(row.se > 0 && row.se < 0.2, "\(term): implausible standard error \(row.se)")
            #expect(abs(row.estimate - row.planted) < 4.5 * row.se, "\(term): \(row.estimate) vs planted \(row.planted) (SE \(row.se))")
        }

        // Permutation importance: a useful but imperfect model; vote history drives it, sex barely does.
        let baseline = try #require(Double(Self.fields(r.stdout, "importance: baseline AUC").last ?? ""))
        #expect(baseline > 0.6 && baseline < 0.9, "baseline AUC \(baseline)")
        let importance = r.stdout.split(separator: "\n").filter { $0.hasPrefix("importance ") && !$0.hasPrefix("importance:") }
            .map { $0.split(separator: " ") }
        #expect(importance.map { String($0[1]) }.sorted() == ["age", "canvassed", "female", "voted_2018", "voted_2020", "voted_2022"])
        #expect(importance.first.map { $0[1].hasPrefix("voted_") } == true, "most important feature: \(importance.first ?? [])")
        #expect(importance.last.map { $0[1] == "female" || $0[1] == "canvassed" } == true, "least important feature: \(importance.last ?? [])")
        // SHAP ranks the same six source columns.
        #expect(r.stdout.split(separator: "\n").filter { $0.hasPrefix("shap ") }.count == 6)

        // Audit: the vendor score understates Hispanic turnout (planted), so Hispanic voters who vote are
        // selected less often under the vendor's score than under the rebuilt model.
        let modelHispanic = Self.fields(r.stdout, "audit model Hispanic"), vendorHispanic = Self.fields(r.stdout, "audit vendor Hispanic")
        let modelRatio = try #require(modelHispanic.firstIndex(of: "tprRatio").flatMap { Double(modelHispanic[$0 + 1]) })
        let vendorRatio = try #require(vendorHispanic.firstIndex(of: "tprRatio").flatMap { Double(vendorHispanic[$0 + 1]) })
        #expect(vendorRatio < modelRatio - 0.1, "Hispanic TPR ratio: vendor \(vendorRatio), model \(modelRatio)")
        #expect(r.stdout.contains("audit vendor White") && r.stdout.contains("verdict reference"), "\(r.stdout)")

        // The files: the model, the CSV and the report in HTML (with the expected sections) and JSON.
        for name in ["voters.csv", "turnout.json", "report.html", "report.json"] {
            #expect(dir.exists("out/" + name), "\(name) missing")
        }
        let html = try String(contentsOfFile: dir.path("out/report.html"), encoding: .utf8)
        for title in ["About this report", "Model: logistic regression of voted_2024", "What drives the score: permutation importance",
                      "SHAP (exact, linear predictor scale)", "Bias audit by race", "Bias audit of the vendor score by race", "Manifest"] {
            #expect(html.contains("<h2>\(title)</h2>"), "section '\(title)' missing from report.html")
        }
        #expect(html.contains("<svg"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: dir.url.appendingPathComponent("out/report.json"))) as? [String: Any])
        #expect(json["title"] as? String == "Getting started with Glassbox: a turnout model, explained and audited")
    }

    @Test("the example is deterministic: the same output directory and SOURCE_DATE_EPOCH give identical figures and report")
    func deterministic() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        var runs = [(stdout: String, html: Data)]()
        for _ in 0..<2 {
            let r = try Self.runExample([dir.path("out")], environment: ["SOURCE_DATE_EPOCH": "1700000000"])
            #expect(r.status == 0, "\(r.stderr)")
            runs.append((r.stdout, try Data(contentsOf: dir.url.appendingPathComponent("out/report.html"))))
        }
        #expect(runs[0].stdout == runs[1].stdout)
        #expect(runs[0].html == runs[1].html)
    }

    @Test("every Swift code block of each article is code its example runs, verbatim and in order",
          arguments: [("GettingStarted.md", "Examples/GettingStarted/main.swift"), ("PersuasionModels.md", "Examples/Uplift/main.swift"),
                      ("LookalikeAudiences.md", "Examples/Lookalike/main.swift")])
    func articleMatchesExample(articleName: String, examplePath: String) throws {
        let root = GlassboxProcess.repositoryRoot
        let article = try String(contentsOf: root.appendingPathComponent("Sources/Glassbox/Glassbox.docc/" + articleName), encoding: .utf8)
        let example = try String(contentsOf: root.appendingPathComponent(examplePath), encoding: .utf8)
        var blocks = [String]()
        var current: [Substring]?
        for line in article.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line == "```swift" { current = [] }
            else if current != nil, line == "```" { blocks.append(current!.joined(separator: "\n")); current = nil }
            else if current != nil { current!.append(line) }
        }
        #expect(current == nil, "unterminated code block in the article")
        #expect(blocks.count >= 5, "the article should show each step")
        var searchFrom = example.startIndex
        for block in blocks {
            guard let found = example.range(of: block, range: searchFrom..<example.endIndex) else {
                Issue.record("article code block not found (in order) in \(examplePath):\n\(block)")
                continue
            }
            searchFrom = found.upperBound
        }
        // And the other way round: every step of the example is shown in the article.
        for step in example.split(separator: "\n").filter({ $0.hasPrefix("// MARK: - Step") }) {
            #expect(article.contains(step.dropFirst("// MARK: - ".count)), "\(articleName) does not show '\(step)'")
        }
    }

    /// The built `glassbox-example-lookalike` (Examples/Lookalike): `GLASSBOX_EXAMPLE_LOOKALIKE_BIN`, else next to `glassbox`.
    static var lookalikeBinary: String {
        if let override = ProcessInfo.processInfo.environment["GLASSBOX_EXAMPLE_LOOKALIKE_BIN"] { return override }
        return sibling("glassbox-example-lookalike")
    }

    @Test("the lookalike example fits, checks recovery, picks an audience and audits it; its code is the article's, verbatim and in order")
    func lookalikeExample() throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.lookalikeBinary), "build the package first (swift build): \(Self.lookalikeBinary) is missing")
        let r = try GlassboxProcess.run(executable: Self.lookalikeBinary, [])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("data: 20000 rows, 15 columns"), "\(r.stdout)")
        let fit = Self.fields(r.stdout, "fit:")
        let donors = try #require(fit.firstIndex(of: "donors,").flatMap { Int(fit[$0 - 1]) })
        #expect(donors > 200 && donors < 2000, "\(r.stdout)")
        // The donor list is every donor, so the PU coefficients estimate the planted donor model.
        let coefficients = r.stdout.split(separator: "\n").filter { $0.hasPrefix("coefficient ") }.map { $0.split(separator: " ") }
        #expect(coefficients.count == 5, "\(r.stdout)")
        for row in coefficients where row[1] != "(Intercept)" {
            guard let estimate = Double(row[row.count - 3]), let planted = Double(row[row.count - 1]) else {
                Issue.record("unreadable line \(row)")
                continue
            }
            #expect(abs(estimate - planted) < 0.35, "\(row)")
        }
        // Recovery: hidden donors rank well above chance, and the audience beats a random one.
        let recovery = Self.fields(r.stdout, "recovery:")
        let auc = try #require(recovery.firstIndex(of: "AUC").flatMap { Double(recovery[$0 + 1]) })
        let lift = try #require(recovery.firstIndex(of: "lift").flatMap { Double(recovery[$0 + 1]) })
        #expect(auc > 0.6 && lift > 1.2, "\(r.stdout)")
        // The audience is 10 % of the non-donors; the race shares of population and audience each sum to 1.
        let size = try #require(Int(Self.fields(r.stdout, "audience:").dropFirst().first ?? ""))
        #expect(size == Int((0.1 * Double(20_000 - donors)).rounded(.up)), "\(r.stdout)")
        let groups = r.stdout.split(separator: "\n").filter { $0.hasPrefix("composition race ") }.map { $0.split(separator: " ") }
        #expect(groups.count >= 3, "\(r.stdout)")
        for column in [4, 6] {
            #expect(abs(groups.compactMap { Double($0[column]) }.reduce(0, +) - 1) < 0.01, "\(r.stdout)")
        }
        #expect(groups.allSatisfy { ["pass", "fail", "inconclusive", "-"].contains(String($0.last ?? "")) }, "\(r.stdout)")
    }
}
