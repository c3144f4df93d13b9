import GlassboxCore
@testable import GlassboxExplain
import GlassboxReport
import Testing

/// The explanation section's wording for tree ensembles: the TreeSHAP paragraph names the scale of the model's
/// link (log-odds only for a logistic link), and the proxy paragraph says how many rows its models used when they
/// left out rows with missing values.
@Suite("Tree explanation wording")
struct TreeExplanationWordingTests {
    static func paragraphs(_ report: ExplanationReport) -> [String] {
        ReportSection.explanation(report).flatMap(\.blocks).compactMap { block in
            if case .paragraph(let text) = block { return text }
            return nil
        }
    }

    static func report(link: String?) -> ExplanationReport {
        var shap = LinearSHAPResult(summarizing: [[0.5, -0.25], [0.1, 0.2]], expectedValue: 0.3, columns: ["a", "b"], weights: nil,
                                    rowIndices: [0, 1], listRows: 0, seed: 1)
        shap.method = TreeSHAPMethod.pathDependent.jsonName
        shap.link = link
        var report = ExplanationReport(rowsUsed: 2, rowsDropped: 0, manifest: Provenance(commandLine: ["test"], data: nil, blas: ""))
        report.shap = shap
        return report
    }

    @Test("a logistic-link tree's SHAP paragraph keeps the log-odds wording; an identity-link tree's names its score's scale")
    func scaleFollowsLink() {
        let logistic = Self.paragraphs(Self.report(link: nil)).joined()
        #expect(logistic.contains("on the margin (log-odds) scale: for every row"))
        let identity = Self.paragraphs(Self.report(link: "identity")).joined()
        #expect(!identity.contains("log-odds"))
        #expect(identity.contains("on the margin scale, which for this model's identity link is the scale of its score: for every row"))
    }

    @Test("the proxy paragraph says how many rows the proxy models used when they left rows out")
    func proxyRows() {
        var report = ExplanationReport(rowsUsed: 3_000, rowsDropped: 0, manifest: Provenance(commandLine: ["test"], data: nil, blas: ""))
        report.proxies = ProxyReport(threshold: 0.7, attributes: [])
        #expect(!Self.paragraphs(report).joined().contains("complete rows"))
        report.proxies?.rowsUsed = 2_108
        report.proxies?.rowsDropped = 892
        #expect(Self.paragraphs(report).joined().contains("The classifiers need complete rows: they use 2108 rows, leaving out 892 with a missing feature or protected value"))
    }
}
