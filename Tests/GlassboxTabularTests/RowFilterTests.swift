import Testing
@testable import GlassboxTabular

/// Row filters and derived columns on a ``Table`` (issue 15): every operator, missing values as
/// `na.omit`, the order of derived columns, and each error message.
@Suite struct RowFilterTests {
    /// x: 1, 2, missing, 4, 5; party: DEM, REP, GRN, missing, DEM; y: 10, 0, 5, 5, 2.
    static func table() throws -> Table {
        try Table(names: ["x", "party", "y"], columns: [
            .numeric([1, 2, .nan, 4, 5]),
            .categorical(CategoricalColumn(values: ["DEM", "REP", "GRN", nil, "DEM"])),
            .numeric([10, 0, 5, 5, 2]),
        ])
    }

    /// The x values of the rows `filter` keeps (missing x shown as -1).
    func kept(_ filter: String) throws -> [Double] {
        let (t, _) = try Self.table().filtered(where: [filter])
        guard case .numeric(let x) = try t.column(named: "x") else { return [] }
        return x.map { $0.isNaN ? -1 : $0 }
    }

    @Test func comparisons() throws {
        #expect(try kept("x == 2") == [2])
        #expect(try kept("x != 2") == [1, 4, 5])
        #expect(try kept("x < 2") == [1])
        #expect(try kept("x <= 2") == [1, 2])
        #expect(try kept("x > 4") == [5])
        #expect(try kept("x >= 4") == [4, 5])
    }

    @Test func logicInBothSpellings() throws {
        #expect(try kept("x > 1 and x < 5") == [2, 4])
        #expect(try kept("x > 1 & x < 5") == [2, 4])
        #expect(try kept("x == 1 or x == 5") == [1, 5])
        #expect(try kept("x == 1 | x == 5") == [1, 5])
        #expect(try kept("not x == 1") == [2, 4, 5])
        #expect(try kept("not (x > 1 and x < 5)") == [1, 5])
        #expect(try kept("!(x == 1)") == [2, 4, 5])
    }

    @Test func textAndMembership() throws {
        #expect(try kept("party == \"DEM\"") == [1, 5])
        #expect(try kept("party != 'DEM'") == [2, -1])
        #expect(try kept("party in (\"REP\", \"GRN\")") == [2, -1])
        #expect(try kept("party not in (\"REP\", \"GRN\")") == [1, 5])
        #expect(try kept("x in (1, 4, -3)") == [1, 4])
    }

    @Test func arithmeticAndFunctions() throws {
        #expect(try kept("x * 2 + 1 == 5") == [2])
        #expect(try kept("y / 5 == 1") == [-1, 4])
        #expect(try kept("x - 3 == -2") == [1])
        #expect(try kept("x ^ 2 > 10") == [4, 5])
        #expect(try kept("abs(x - 3) <= 1") == [2, 4])
        #expect(try kept("-x < -4") == [5])
        #expect(try kept("sqrt(x) == 2") == [4])
    }

    @Test func missingValuesAreDroppedAndCounted() throws {
        let (t, summary) = try Self.table().filtered(where: ["x > 0", "party != \"REP\""])
        #expect(t.rowCount == 2)
        #expect(summary.rowsBefore == 5 && summary.rowsKept == 2 && summary.rowsMissing == 2 && summary.rowsExcluded == 1)
        #expect(summary.description == "2 of 5 rows kept (2 dropped for a missing value)")
        // A definite false decides over a missing value (R's three-valued logic); is_missing is never missing.
        #expect(try kept("x > 3 and party == \"DEM\"") == [5])
        #expect(try kept("is_missing(x) or x > 4") == [-1, 5])
        #expect(try kept("is_missing(party)") == [4])
        #expect(try kept("x > 4 or party == \"GRN\"") == [-1, 5])
    }

    @Test func filteredCategoricalsKeepOnlyUsedLevels() throws {
        let (t, _) = try Self.table().filtered(where: ["party != \"REP\""])
        guard case .categorical(let c) = try t.column(named: "party") else { Issue.record("not categorical"); return }
        #expect(c.levels == ["DEM", "GRN"])
        #expect(c.codes == [0, 1, 0])
    }

    @Test func derivedColumnsInOrder() throws {
        let t = try Self.table().deriving(["z = x * 2", "w = z + y", "dem = party == \"DEM\"", "label = party", "k = \"all\"", "c = 3"])
        #expect(t.columnNames == ["x", "party", "y", "z", "w", "dem", "label", "k", "c"])
        guard case .numeric(let w) = try t.column(named: "w"), case .numeric(let dem) = try t.column(named: "dem"),
              case .categorical(let label) = try t.column(named: "label"), case .categorical(let k) = try t.column(named: "k"),
              case .numeric(let c) = try t.column(named: "c") else { Issue.record("wrong column kinds"); return }
        #expect(w.map { $0.isNaN ? -1 : $0 } == [12, 4, -1, 13, 12])
        #expect(dem.map { $0.isNaN ? -1 : $0 } == [1, 0, 0, -1, 1])
        #expect(label.levels == ["DEM", "GRN", "REP"])
        #expect(k.levels == ["all"] && k.codes == [0, 0, 0, 0, 0])
        #expect(c == [3, 3, 3, 3, 3])
        // Derived, then filtered: a filter may use a derived column.
        let (p, summary) = try Self.table().prepared(deriving: ["big = x >= 4"], where: ["big == 1"])
        #expect(p.rowCount == 2 && summary?.rowsMissing == 1)
        let columns = try Table.columnsRead(deriving: ["big = x >= 4", "v = big + y"], where: ["party == \"DEM\" and big == 1"])
        #expect(columns.read == ["x", "y", "party"] && columns.derived == ["big", "v"])
    }

    func message(_ body: () throws -> Any) -> String {
        do { _ = try body(); return "no error" } catch { return "\(error)" }
    }

    @Test func errorMessages() throws {
        let t = try Self.table()
        #expect(message { try t.filtered(where: ["age > 3"]) }.hasPrefix("in the filter 'age > 3': no column named 'age'; columns are: 'x', 'party', 'y'"))
        #expect(message { try t.filtered(where: ["party > 3"]) }.hasPrefix("in the filter 'party > 3': type mismatch: the categorical (text) column 'party' cannot be compared with the number 3; text is compared with == or != against text, numbers against numbers"))
        #expect(message { try t.filtered(where: ["x == \"DEM\""]) }.contains("type mismatch"))
        #expect(message { try t.filtered(where: ["party + 1 > 0"]) }.contains("type mismatch: column 'party' holds text"))
        #expect(message { try t.filtered(where: ["party in (1, 2)"]) }.contains("type mismatch"))
        #expect(message { try t.deriving(["r = x / y"]) } == "in the derived column 'r': division by zero in 'x/y' at data row 2; exclude those rows or add a guard, e.g. a filter on the divisor")
        #expect(message { try t.filtered(where: ["x > 100"]) } == "the filter 'x > 100' keeps no row of 5 (1 dropped for a missing value)")
        #expect(message { try t.filtered(where: ["party"]) }.contains("the filter gives text"))
        #expect(message { try t.filtered(where: ["x >> 3"]) } == "expression \"x >> 3\" at character 4: expected a value, found '>'")
        #expect(message { try t.filtered(where: ["x = 3"]) } == "expression \"x = 3\" at character 3: '=' is not a comparison; use '=='")
        #expect(message { try t.filtered(where: [""]) } == "expression \"\" at character 1: the expression is empty")
        #expect(message { try t.filtered(where: ["frob(x)"]) }.contains("unknown function 'frob'"))
        #expect(message { try t.deriving(["y = x + 1"]) } == "the derived column 'y' clashes with an existing column of that name; choose another name")
        #expect(message { try t.deriving(["a = 1", "a = 2"]) }.contains("the derived column 'a' clashes"))
        #expect(message { try t.deriving(["x + 1"]) } == "expression \"x + 1\" at character 1: expected NAME=EXPR, e.g. high = score_text != \"Low\"")
        #expect(message { try t.deriving(["z = x +"]) } == "expression \"z = x +\" at character 8: the expression ends too early")
        #expect(message { try t.deriving(["odd name = 1"]) }.contains("back-quote it"))
        #expect(try t.deriving(["`odd name` = x"]).hasColumn("odd name"))
    }

    @Test func boundedDepthAndLength() throws {
        let t = try Self.table()
        let deep = String(repeating: "(", count: 500) + "x" + String(repeating: ")", count: 500)
        #expect(message { try t.filtered(where: [deep]) }.contains("nested too deeply"))
        let chain = (0..<2_000).map { _ in "x" }.joined(separator: " + ") + " > 0"
        #expect(message { try t.filtered(where: [chain]) }.contains("nested too deeply"))
        let long = String(repeating: "x + ", count: 3_000) + "x"
        #expect(message { try t.filtered(where: [long]) }.contains("longer than 10000 characters"))
    }

    @Test func keywordsStayColumnNamesInFormulas() throws {
        // `and`, `or`, `not`, `in`, is_missing() belong to row expressions only: formulas are unchanged.
        let f = try Formula.parse("y ~ and + I(or * 2)")
        #expect(f.sourceColumns == ["y", "and", "or"])
        #expect(message { try Formula.parse("y ~ I(is_missing(x))") }.contains("unknown function 'is_missing'"))
    }

    @Test func thousandsSeparators() {
        #expect(FilterSummary.grouped(6172) == "6,172")
        #expect(FilterSummary.grouped(1_234_567) == "1,234,567")
        #expect(FilterSummary.grouped(999) == "999")
        #expect(FilterSummary.grouped(0) == "0")
    }
}
