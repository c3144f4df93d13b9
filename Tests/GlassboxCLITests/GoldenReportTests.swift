import Foundation
import Testing
import GlassboxTestSupport

/// Golden Markdown reports: one report of each model kind (logistic, uplift, lookalike) and one audit,
/// made by the built binary from the simulated voter file with fixed seeds, compared byte for byte with
/// `Tests/Fixtures/golden/*.md`, so that every change to what a report shows appears in review.
///
/// Refresh after an intended change: `GLASSBOX_UPDATE_GOLDEN=1 swift test --filter Golden`.
///
/// Stable on every machine: the reports are made from committed model files (the bundled
/// `models/turnout-simulated.json` and `models/lookalike-simulated.json`, and
/// `Tests/Fixtures/golden/uplift-simulated.json`), never from a fit made here, because fitted
/// coefficients differ in the last bits between BLAS libraries (`docs/reproducibility.md`); everything
/// computed from a given model file is BLAS-free. Commands run in a scratch folder with relative paths
/// and `SOURCE_DATE_EPOCH` fixed, so the manifest's paths and time are stable too. Only two fields are
/// normalised (``GoldenReportTests/normalised(_:)``): the Glassbox version and the BLAS library's path.
@Suite("golden Markdown reports", .serialized)
struct GoldenReportTests {
    /// The simulated voter file: the first 5,000 rows of the file the bundled models were trained on
    /// (`simulate --rows 50000 --seed 2024`; the first rows do not depend on the row count).
    static let simulate = ["simulate", "--rows", "5000", "--seed", "2024", "--out", "voters.csv"]
    static let environment = ["SOURCE_DATE_EPOCH": "1798761600", "OPENBLAS_NUM_THREADS": "1"]

    struct Case: Sendable, CustomTestStringConvertible {
        /// The golden file's name in `Tests/Fixtures/golden`.
        var golden: String
        /// The model file copied into the scratch folder (repository-relative), if any.
        var model: String?
        var arguments: [String]
        var testDescription: String { golden }
    }

    static let cases: [Case] = [
        Case(golden: "logistic-report.md", model: "models/turnout-simulated.json",
             arguments: ["report", "turnout-simulated.json", "--data", "voters.csv", "--group", "race", "--top", "0.5",
                         "--repeats", "2", "--bootstrap", "50", "--seed", "7", "--pd", "age", "--protected", "race", "--format", "markdown"]),
        Case(golden: "uplift-report.md", model: "Tests/Fixtures/golden/uplift-simulated.json",
             arguments: ["report", "uplift-simulated.json", "--data", "voters.csv", "--group", "race", "--top", "0.3",
                         "--bootstrap", "50", "--seed", "7", "--format", "markdown"]),
        Case(golden: "lookalike-report.md", model: "models/lookalike-simulated.json",
             arguments: ["report", "lookalike-simulated.json", "--data", "voters.csv", "--group", "race", "--size", "0.1",
                         "--bootstrap", "50", "--seed", "7", "--format", "markdown"]),
        Case(golden: "audit-report.md", model: nil,
             arguments: ["audit", "--data", "voters.csv", "--score", "vendor_turnout_score", "--outcome", "voted_2024",
                         "--group", "race", "--top", "0.3", "--bootstrap", "50", "--seed", "7", "--format", "markdown"]),
    ]

    /// The report with the fields that depend on the build or the machine replaced by placeholders:
    /// the Glassbox version (the manifest row, the "Produced by Glassbox …" sentence, the audit's
    /// "Glassbox …, <time>" line) and the BLAS library's path (manifest row). Nothing else is touched.
    static func normalised(_ markdown: String) -> String {
        var text = markdown
        for (pattern, template) in [(#"(?m)^(\| Glassbox version \| ).*( \|)$"#, "$1<version>$2"),
                                    (#"(?m)^(\| BLAS \| ).*( \|)$"#, "$1<BLAS>$2"),
                                    (#"Produced by Glassbox [^ ]+?\. "#, "Produced by Glassbox <version>. "),
                                    (#"(?m)^Glassbox [^ ,]+, "#, "Glassbox <version>, ")] {
            let regex = try! NSRegularExpression(pattern: pattern)
            text = regex.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: template)
        }
        return text
    }

    @Test("each report regenerates byte for byte", .timeLimit(.minutes(5)), arguments: cases)
    func golden(_ c: Case) throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        var r = try GlassboxProcess.run(Self.simulate, in: dir.url, environment: Self.environment)
        try #require(r.status == 0, "\(r.stderr)")
        if let model = c.model {
            try FileManager.default.copyItem(at: Repository.url(model), to: dir.url.appendingPathComponent(URL(fileURLWithPath: model).lastPathComponent))
        }
        r = try GlassboxProcess.run(c.arguments, in: dir.url, environment: Self.environment)
        try #require(r.status == 0, "\(c.golden): \(r.stderr)")
        try GoldenFile.check(Self.normalised(r.stdout), against: c.golden)
    }

    @Test("normalisation touches only the version and the BLAS path")
    func normalisation() {
        let text = "Produced by Glassbox 9.9.9. Every figure\n| Glassbox version | 9.9.9 |\n| BLAS | /usr/lib/x/libblas.so.3 |\n| Seed | 7 |\n"
            + "Glassbox 9.9.9, 2027-01-01T00:00:00Z; data voters.csv\n"
        #expect(Self.normalised(text) == "Produced by Glassbox <version>. Every figure\n| Glassbox version | <version> |\n| BLAS | <BLAS> |\n| Seed | 7 |\n"
                + "Glassbox <version>, 2027-01-01T00:00:00Z; data voters.csv\n")
    }
}
