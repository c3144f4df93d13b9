import Testing
import GlassboxCore
import GlassboxReport
import GlassboxSimulation
import GlassboxTabular
@testable import GlassboxAudit

/// Audit partials (``AuditPartial``): a table cut into partitions, each made into a partial as an executor
/// would (its own categorical levels, its own missing rows), merged in partition order, must give the very
/// audit of the whole table — the rendered JSON byte for byte.
@Suite("audit partials merge into the whole-data audit")
struct AuditPartialTests {
    /// The simulated voter file with some scores and weights missing and one partition of missing scores only.
    static let table: Table = {
        let table = VoterFileSimulator(rows: 6000, seed: 7).generate()
        guard case .numeric(var score) = try! table.column(named: "vendor_turnout_score"),
              case .numeric(var weight) = try! table.column(named: "weight") else { preconditionFailure("simulated columns changed") }
        for i in stride(from: 5, to: score.count, by: 97) { score[i] = .nan }
        for i in stride(from: 11, to: weight.count, by: 131) { weight[i] = .nan }
        for i in 2000..<2040 { score[i] = .nan }
        let replaced = ["vendor_turnout_score": Column.numeric(score), "weight": .numeric(weight)]
        return try! Table(names: table.columnNames, columns: table.columnNames.map { try! replaced[$0] ?? table.column(named: $0) })
    }()

    /// Rows `range` of `table`, categorical columns recoded to the levels that occur there (as a CSV of the slice reads).
    static func slice(_ table: Table, _ range: Range<Int>) throws -> Table {
        let columns = try table.columnNames.map { name -> Column in
            switch try table.column(named: name) {
            case .numeric(let v): return .numeric(Array(v[range]))
            case .categorical(let c): return .categorical(CategoricalColumn(values: range.map { c.codes[$0] < 0 ? nil : c.levels[Int(c.codes[$0])] }))
            }
        }
        return try Table(names: table.columnNames, columns: columns)
    }

    static func render(_ report: AuditReport) -> String { report.json(manifest: nil).rendered() }

    @Test("partials of uneven partitions (one of a single row, one without a complete row) merge to the whole audit",
          arguments: [DecisionRule.top(0.3), .threshold(0.55)])
    func mergeIsExact(rule: DecisionRule) throws {
        let table = Self.table
        var config = AuditConfiguration()
        config.decision = rule
        config.intersect = true
        config.bootstrap = 50
        let groups = ["race", "county", "female"]
        let whole = try table.biasAudit(scoreColumn: "vendor_turnout_score", outcome: .column("voted_2024"), groups: groups,
                                        weights: "weight", configuration: config)
        let cuts = [0, 1, 1_000, 2_000, 2_040, 4_500, 6_000]
        let parts = try (0..<(cuts.count - 1)).map { k in
            try Self.slice(table, cuts[k]..<cuts[k + 1]).auditPartial(scoreColumn: "vendor_turnout_score", outcome: .column("voted_2024"),
                                                                       groups: groups, weights: "weight")
        }
        #expect(parts[3].scores.isEmpty && parts[3].rowsRead == 40)
        // Through the file format, as the CLI passes them.
        let decoded = try parts.enumerated().map { try AuditPartial.decode(try $0.element.encoded(), part: $0.offset) }
        #expect(decoded == parts)
        let merged = try BiasAudit.run(try AuditPartial.merged(decoded), configuration: config)
        #expect(Self.render(merged) == Self.render(whole))
        #expect(merged.rowsRead == 6000 && merged.missingByColumn == whole.missingByColumn)
    }

    @Test("partials made with other columns, or malformed, are refused naming the partial")
    func mismatchedAndMalformed() throws {
        let a = try Self.slice(Self.table, 0..<100).auditPartial(scoreColumn: "vendor_turnout_score", outcome: .column("voted_2024"), groups: ["race"])
        let b = try Self.slice(Self.table, 100..<200).auditPartial(scoreColumn: "vendor_turnout_score", outcome: .column("voted_2024"), groups: ["county"])
        #expect(throws: AuditError.badPartial(part: 1, message: "was made with other score, outcome, weight or group columns than partial 1")) {
            try AuditPartial.merged([a, b])
        }
        var bad = a
        bad.attributes[0].codes[0] = 99
        #expect(throws: AuditError.badPartial(part: 0, message: "attribute 'race' has a code outside its labels")) { try AuditPartial.merged([bad]) }
        bad = a
        bad.outcomes[3] = 2
        #expect(throws: AuditError.badPartial(part: 0, message: "needs one outcome, 0 or 1, per score")) { try AuditPartial.merged([bad]) }
        #expect(throws: AuditError.self) { try AuditPartial.decode(Array("{\"kind\": 1}".utf8), part: 2) }
    }
}
