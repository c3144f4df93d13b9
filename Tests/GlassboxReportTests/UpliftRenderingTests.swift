import Foundation
import GlassboxCore
import GlassboxModels
import GlassboxTabular
import Testing
@testable import GlassboxReport

/// The uplift renderings that moved from the CLI into GlassboxReport keep their bytes: the model section's
/// numbers (zero keeps its decimals, an undefined value is "–", an aliased term says so) and the inspect
/// text and Markdown (compared byte for byte with the bundled summaries by BundledArtifactsTests).
@Suite("Uplift renderings")
struct UpliftRenderingTests {
    static func file() throws -> UpliftModelFile {
        let table = try Table(names: ["y", "x"], columns: [.numeric([0, 1, 1, 0]), .numeric([1, 2, 3, 4])])
        let (encoding, _) = try DesignBuilder.fit(try Formula.parse("y ~ x"), on: table)
        let component = UpliftComponent(role: .treatedOutcome, link: .logit, terms: ["(Intercept)", "x"], coefficients: [0, nil], rows: 4, converged: false)
        let fit = UpliftFit(learner: .twoModel, propensity: .design, control: "C",
                            arms: [UpliftArmFit(treated: "T", treatedRows: 2, controlRows: 2, designPropensity: 0.5, components: [component], warnings: ["w"])])
        return UpliftModelFile(encoding: encoding, treatment: UpliftTreatment(column: "arm", treated: ["T"], control: "C"),
                               model: UpliftModel(learner: .twoModel), fit: fit,
                               manifest: Provenance(commandLine: [], data: nil, blas: "none", environment: ["SOURCE_DATE_EPOCH": "0"]))
    }

    @Test("model section: a zero coefficient prints 0 (ReportNumber, as every report section), an aliased one 'aliased', odds ratio of zero 1.0000")
    func modelSectionFigures() throws {
        let section = ReportSection.upliftModel(UpliftInspection(try Self.file()))
        #expect(section.id == "uplift-model" && section.title == "Model: uplift (two-model) of y")
        let tables = section.blocks.compactMap { block -> DataTable? in if case .table(let t) = block { t } else { nil } }
        let rows = try #require(tables.first).rows
        #expect(rows.map { $0.map(\.text) } == [["(Intercept)", "0", "1.0000"], ["x", "aliased", "–"]])
        #expect(tables.first?.caption == "treated-outcome (logit link, 4 rows, not converged)")
    }

    @Test("inspect text and Markdown: aliased terms, non-convergence and warnings")
    func inspectRenderings() throws {
        let inspection = UpliftInspection(try Self.file())
        let text = inspection.text()
        #expect(text.hasPrefix("Uplift model (two-model)\n" + String(repeating: "=", count: 78) + "\nOutcome:       y\n"))
        #expect(text.contains("  treated-outcome (logit link, 4 rows, NOT converged)\n"))
        // Term padded to 16, the coefficient and the (empty) odds ratio right-aligned in 14 each.
        #expect(text.contains("\n  x" + String(repeating: " ", count: 20) + "(aliased)" + String(repeating: " ", count: 14) + "\n"))
        #expect(text.contains("  [!] w\n"))
        let markdown = inspection.markdown()
        #expect(markdown.hasPrefix("## Uplift model (two-model): y\n\n| setting | value |\n|---|---|\n| Outcome | y |\n"))
        #expect(markdown.contains("| (Intercept) | 0 | 1 |\n| x | (aliased) | – |\n"))
        #expect(markdown.hasSuffix("\nWarnings:\n\n- T: w\n"))
    }
}
