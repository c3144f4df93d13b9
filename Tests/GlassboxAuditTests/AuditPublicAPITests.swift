import Testing
import GlassboxModels
import GlassboxTabular
@testable import GlassboxAudit

/// The public entry points and readers give what the package-level computation gives.
@Suite("audit public API")
struct AuditPublicAPITests {
    @Test("Table.biasAudit equals the audit of AuditData; the readers show the stored numbers")
    func biasAuditReaders() throws {
        let n = 400
        let scores = (0..<n).map { Double(($0 * 37) % 100) / 100 }
        let table = try Table(names: ["s", "y", "g"], columns: [
            .numeric(scores), .numeric((0..<n).map { Double(($0 * 11) % 3 == 0 ? 1 : 0) }),
            .categorical(CategoricalColumn(values: (0..<n).map { $0 % 4 == 0 ? "a" : "b" }))])
        var configuration = AuditConfiguration()
        (configuration.decision, configuration.bootstrap, configuration.bonferroni) = (.top(0.3), 50, true)
        let report = try table.biasAudit(scoreColumn: "s", outcome: .column("y"), groups: ["g"], configuration: configuration)
        let direct = try BiasAudit.run(try AuditData.from(table: table, scoreColumn: "s", outcome: "y", groups: ["g"]), configuration: configuration)
        #expect(report == direct)
        #expect(report.configuration.adjustment == .bonferroni)
        #expect(report.cutScore == report.decisions.cut && report.tiesAtCut.tied == report.decisions.tiedAtCut)
        let attribute = report.attributes[0]
        #expect(attribute.demographicParityDifference == attribute.summary.demographicParityDifference)
        for group in attribute.groups {
            for test in ParityTest.allCases { #expect(group.verdict(for: test.metric) == group.verdicts[test]) }
            #expect(group.confusion.truePositives == group.counts.tp && group.confusion.falseNegatives == group.counts.fn)
            #expect(group.calibrationBins.map(\.rows) == (group.calibration?.bins.map(\.n) ?? []))
            #expect(attribute.sweep(of: group.value)?.tpr == attribute.sweep.first { $0.value == group.value }?.tpr)
        }
    }
}
