import Testing
import GlassboxCore
import GlassboxTabular
import GlassboxAudit

/// ``AuditOutcome``: an audit's outcome as a column, any 0/1 array, or a formula response expression.
@Suite("audit outcome")
struct AuditOutcomeTests {
    static func table() throws -> Table {
        let n = 200
        let decile = (0..<n).map { Double($0 % 10 + 1) }
        let score = (0..<n).map { Double(($0 * 37) % 100) / 100 }
        let race = (0..<n).map { $0 % 3 == 0 ? "A" : "B" }
        return try Table(names: ["decile_score", "score", "race"],
                         columns: [.numeric(decile), .numeric(score), .categorical(CategoricalColumn(values: race))])
    }

    @Test("an I(...) response, a 0/1 array and a column give the same audit")
    func expressionMatchesArray() throws {
        let table = try Self.table()
        var config = AuditConfiguration()
        config.bootstrap = 50
        let y = (0..<table.rowCount).map { Double($0 % 10 + 1) >= 5 ? 1.0 : 0.0 }
        let byExpression = try BiasAudit.run(AuditData.from(table: table, scoreColumn: "score", outcome: .expression("I(decile_score >= 5)"),
                                                            groups: ["race"]), configuration: config)
        let byArray = try BiasAudit.run(AuditData.from(table: table, scoreColumn: "score", outcome: .values(y, name: "I(decile_score >= 5)"),
                                                       groups: ["race"]), configuration: config)
        var withColumn = table
        try withColumn.append(name: "high", column: .numeric(y))
        let byColumn = try BiasAudit.run(AuditData.from(table: withColumn, scoreColumn: "score", outcome: .column("high"), groups: ["race"]),
                                         configuration: config)
        #expect(byExpression == byArray)
        #expect(byExpression.outcomeName == "I(decile_score >= 5)")
        #expect(byExpression.attributes == byColumn.attributes && byExpression.overall == byColumn.overall)
        #expect(byExpression.overall.counts.actualPositive == Double(y.filter { $0 == 1 }.count))
    }

    @Test("a bad response expression is an AuditError naming it")
    func badExpression() throws {
        let table = try Self.table()
        #expect(throws: AuditError.self) {
            _ = try AuditData.from(table: table, scoreColumn: "score", outcome: .expression("I(decile_score >= "), groups: ["race"])
        }
        do {
            _ = try AuditData.from(table: table, scoreColumn: "score", outcome: .expression("I(no_such_column >= 5)"), groups: ["race"])
            Issue.record("expected an error")
        } catch let error as AuditError {
            guard case .badOutcomeExpression(let expression, _) = error else { Issue.record("unexpected \(error)"); return }
            #expect(expression == "I(no_such_column >= 5)")
            #expect(error.description.hasPrefix("outcome expression 'I(no_such_column >= 5)' cannot be evaluated: "))
        }
    }

    @Test("a non-binary outcome array or expression is refused with the values found")
    func nonBinary() throws {
        let table = try Self.table()
        #expect(throws: AuditError.outcomeNotBinary(column: "decile_score", valuesFound: (1...10).map(String.init))) {
            _ = try AuditData.from(table: table, scoreColumn: "score", outcome: .expression("decile_score"), groups: ["race"])
        }
        #expect(throws: AuditError.self) {
            _ = try AuditData.from(table: table, scoreColumn: "score", outcome: .values([0, 1], name: "short"), groups: ["race"])
        }
    }
}
