import Foundation
import GlassboxLinearAlgebra
import Testing
import GlassboxTabular

/// Coding, interactions, I() arithmetic, missing rows and semantic errors.
struct DesignBuilderTests {
    /// 6 rows: y, age, income, race (3 levels), g (2 levels), n (numeric with repeats).
    func sample() throws -> Table {
        try Table(names: ["y", "age", "income", "race", "g", "n"], columns: [
            .numeric([1, 0, 1, 1, 0, 0]),
            .numeric([20, 30, 40, 50, 60, 70]),
            .numeric([1, 2, 4, 8, 16, 32]),
            .categorical(CategoricalColumn(values: ["White", "Black", "Asian", "White", "Black", "White"])),
            .categorical(CategoricalColumn(values: ["m", "f", "f", "m", "m", "f"])),
            .numeric([2, 2.5, 10, 2, 2.5, 10]),
        ])
    }

    func fit(_ text: String, _ table: Table? = nil, extra: [String] = []) throws -> (DesignEncoding, DesignMatrix) {
        try DesignBuilder.fit(try Formula.parse(text), on: table ?? sample(), extraColumns: extra)
    }

    func column(_ d: (DesignEncoding, DesignMatrix), _ name: String) throws -> [Double] {
        let j = try #require(d.0.termNames.firstIndex(of: name), "no column \(name) in \(d.0.termNames)")
        return d.1.x.column(j)
    }

    @Test func numericAndDummies() throws {
        let d = try fit("y ~ age + race")
        #expect(d.0.termNames == ["(Intercept)", "race[Black]", "race[White]", "age"])
        #expect(d.0.termSources == [[], ["race"], ["race"], ["age"]])
        #expect(try column(d, "(Intercept)") == [1, 1, 1, 1, 1, 1])
        #expect(try column(d, "age") == [20, 30, 40, 50, 60, 70])
        #expect(try column(d, "race[Black]") == [0, 1, 0, 0, 1, 0])
        #expect(try column(d, "race[White]") == [1, 0, 0, 1, 0, 1])
        #expect(d.1.response == [1, 0, 1, 1, 0, 0])
        #expect(d.1.rowIndices == Array(0..<6))
        #expect(d.1.droppedRowCount == 0)
        #expect(d.0.responseName == "y")
        #expect(d.0.factors[1] == FactorCoding(name: "race", kind: .categorical, levels: ["Asian", "Black", "White"], reference: "Asian"))
    }

    @Test func referenceLevels() throws {
        let d = try fit(#"y ~ C(race, ref="White") + C(g, Treatment('m'))"#)
        #expect(d.0.termNames == ["(Intercept)", "race[Asian]", "race[Black]", "g[f]"])
        #expect(try column(d, "g[f]") == [0, 1, 1, 0, 0, 1])
        #expect(d.0.factors[0].reference == "White")
    }

    @Test func numericColumnAsCategorical() throws {
        let d = try fit("y ~ C(n)")
        #expect(d.0.termNames == ["(Intercept)", "n[2.5]", "n[10]"])   // sorted numerically, R-style text
        #expect(try column(d, "n[10]") == [0, 0, 1, 0, 0, 1])
        let r = try fit("y ~ C(n, ref=10)")
        #expect(r.0.termNames == ["(Intercept)", "n[2]", "n[2.5]"])
    }

    @Test func noInterceptGivesFullRankFirstCategorical() throws {
        let d = try fit("y ~ race + g - 1")
        #expect(d.0.termNames == ["race[Asian]", "race[Black]", "race[White]", "g[m]"])
        let e = try fit("y ~ 0 + age + g")
        #expect(e.0.termNames == ["g[f]", "g[m]", "age"])
    }

    @Test func interactions() throws {
        let d = try fit("y ~ age*race")
        #expect(d.0.termNames == ["(Intercept)", "race[Black]", "race[White]", "age", "age:race[Black]", "age:race[White]"])
        #expect(try column(d, "age:race[White]") == [20, 0, 0, 50, 0, 70])
        let e = try fit("y ~ race*age")
        #expect(e.0.termNames == ["(Intercept)", "race[Black]", "race[White]", "age", "race[Black]:age", "race[White]:age"])
        #expect(e.0.termSources[4] == ["race", "age"])
        let n = try fit("y ~ age:income + age")
        #expect(n.0.termNames == ["(Intercept)", "age:income", "age"])
        #expect(try column(n, "age:income") == [20, 60, 160, 400, 960, 2240])
        let c = try fit("y ~ race*g")
        #expect(c.0.termNames == ["(Intercept)", "race[Black]", "race[White]", "g[m]", "race[Black]:g[m]", "race[White]:g[m]"])
        #expect(try column(c, "race[White]:g[m]") == [1, 0, 0, 1, 0, 0])
        // Without the main effect, patsy (and R) code the categorical in full against the numeric.
        let f = try fit("y ~ age:race")
        #expect(f.0.termNames == ["(Intercept)", "age:race[Asian]", "age:race[Black]", "age:race[White]"])
    }

    @Test func transformsAndComparisons() throws {
        let d = try fit(#"y ~ I(age^2) + log(income) + I(race == "White") + I(age >= 40 & g != "m") + sqrt(income) + exp(n) + I((age - 20)/10)"#)
        #expect(d.0.termNames == ["(Intercept)", "I(age^2)", "log(income)", #"I(race == "White")"#, #"I(age >= 40 & g != "m")"#,
                                  "sqrt(income)", "exp(n)", "I((age - 20)/10)"])
        #expect(try column(d, "I(age^2)") == [400, 900, 1600, 2500, 3600, 4900])
        #expect(try column(d, "log(income)") == [1, 2, 4, 8, 16, 32].map { Foundation.log($0) })
        #expect(try column(d, #"I(race == "White")"#) == [1, 0, 0, 1, 0, 1])
        #expect(try column(d, #"I(age >= 40 & g != "m")"#) == [0, 0, 1, 0, 0, 1])
        #expect(try column(d, "sqrt(income)") == [1, 2, 4, 8, 16, 32].map { $0.squareRoot() })
        #expect(try column(d, "I((age - 20)/10)") == [0, 1, 2, 3, 4, 5])
        #expect(d.0.termSources[4] == ["age", "g"])
        let t = try fit("I(age > 35) ~ income")
        #expect(t.1.response == [0, 0, 1, 1, 1, 1])
        #expect(t.0.responseName == "I(age > 35)")
        let u = try fit("~ I(-age + 2*income) + I(income^-1) + I(2**3 * age) + I(-2^2)")
        #expect(try column(u, "I(-age + 2 * income)") == [-18, -26, -32, -34, -28, -6])
        #expect(try column(u, "I(income^-1)") == [1, 0.5, 0.25, 0.125, 0.0625, 0.03125])
        #expect(try column(u, "I(2^3 * age)") == [160, 240, 320, 400, 480, 560])
        #expect(try column(u, "I(-2^2)") == [-4, -4, -4, -4, -4, -4])
        #expect(u.1.response == nil)
    }

    @Test func missingRowsDroppedAndCounted() throws {
        let t = try Table(names: ["y", "a", "b", "w", "unused"], columns: [
            .numeric([1, 0, .nan, 1, 0]),
            .numeric([1, .nan, .nan, 4, 5]),
            .categorical(CategoricalColumn(values: ["p", "q", "q", nil, "p"])),
            .numeric([1, 1, 1, 1, .nan]),
            .numeric([.nan, .nan, .nan, .nan, .nan]),
        ])
        let d = try DesignBuilder.fit(try Formula.parse("y ~ a + b"), on: t)
        #expect(d.1.rowIndices == [0, 4])
        #expect(d.1.droppedRowCount == 3)
        #expect(d.1.droppedByColumn == ["y": 1, "a": 2, "b": 1])
        #expect(d.1.response == [1, 0])
        // Both kept rows have b = "p": the unused level "q" is dropped, leaving no dummy for b.
        #expect(d.0.termNames == ["(Intercept)", "a"])
        #expect(d.1.x == Matrix(rowMajor: [[1, 1], [1, 5]]))
        let w = try DesignBuilder.fit(try Formula.parse("y ~ a"), on: t, extraColumns: ["w"])
        #expect(w.1.rowIndices == [0, 3])
        #expect(w.1.droppedByColumn == ["y": 1, "a": 2, "w": 1])
    }

    @Test func levelsAbsentFromKeptRowsAreDropped() throws {
        let t = try Table(names: ["y", "a", "r"], columns: [
            .numeric([1, 0, 1, 0]),
            .numeric([1, .nan, 3, 4]),
            .categorical(CategoricalColumn(values: ["a", "b", "c", "a"])),
        ])
        let d = try DesignBuilder.fit(try Formula.parse("y ~ a + r"), on: t)
        #expect(d.0.termNames == ["(Intercept)", "r[c]", "a"])
    }

    @Test func semanticErrors() throws {
        func message(_ text: String, _ table: Table? = nil) -> String? {
            do { _ = try fit(text, table); return nil } catch { return "\(error)" }
        }
        #expect(throws: TabularError.unknownColumn("agee", available: ["y", "age", "income", "race", "g", "n"])) { try fit("y ~ agee") }
        #expect(throws: TabularError.unknownColumn("w", available: ["y", "age", "income", "race", "g", "n"])) { try fit("y ~ age", extra: ["w"]) }
        #expect(message("race ~ age") == #"the response 'race' is categorical; a response must be numeric (0/1 for a logistic model): write e.g. I(race == "White") ~ …"#)
        #expect(message("C(y) ~ age")?.hasPrefix("the response cannot be C(y)") == true)
        #expect(message(#"y ~ C(race, ref="Hispanic")"#) == "reference level 'Hispanic' is not a level of 'race'; levels are: 'Asian', 'Black', 'White'")
        #expect(message("y ~ log(race)") == #"in 'log(race)': column 'race' is categorical and cannot be used with log(); compare it with a level instead, e.g. I(race == "level")"#)
        #expect(message("y ~ I(race + 1)")?.hasPrefix("in 'I(race + 1)': column 'race' is categorical and cannot be used with '+'") == true)
        #expect(message(#"y ~ I(race == "Whit")"#) == #"in 'I(race == "Whit")': 'Whit' is not a level of 'race'; levels are: 'Asian', 'Black', 'White'"#)
        #expect(message(#"y ~ I(age == "x")"#)?.contains("can only be compared with a categorical column") == true)
        #expect(message("y ~ I(race == g)")?.contains("can only be compared with a quoted level") == true)
        #expect(message("y ~ I(race)")?.contains("is categorical") == true)
    }

    @Test func nonFiniteTransformIsAnError() throws {
        let t = try Table(names: ["y", "income"], columns: [.numeric([1, 0, 1]), .numeric([5, 0, 2])])
        #expect(throws: TabularError.formula("the term 'log(income)' is -Inf in row 2 (income = 0.0); non-finite values are not dropped: filter those rows out or change the transform (e.g. log(x + 1))")) {
            try DesignBuilder.fit(try Formula.parse("y ~ log(income)"), on: t)
        }
        #expect(throws: TabularError.self) { try DesignBuilder.fit(try Formula.parse("y ~ I(1/income)"), on: t) }
        #expect(throws: TabularError.self) { try DesignBuilder.fit(try Formula.parse("log(income) ~ y"), on: t) }
        #expect(try DesignBuilder.fit(try Formula.parse("y ~ log(income + 1)"), on: t).1.x.columns == 2)
    }

    @Test func noRowsLeft() throws {
        let t = try Table(names: ["y", "a"], columns: [.numeric([1, .nan]), .numeric([.nan, 2])])
        #expect(throws: TabularError.formula("no rows left after dropping rows with missing values (missing per column: 'a': 1, 'y': 1)")) {
            try DesignBuilder.fit(try Formula.parse("y ~ a"), on: t)
        }
    }

    @Test func quotedColumns() throws {
        let t = try Table(names: ["turnout 2020", "odd name"], columns: [.numeric([1, 0]), .numeric([3, 4])])
        let d = try DesignBuilder.fit(try Formula.parse(#"`turnout 2020` ~ `odd name` + I(Q("odd name")^2)"#), on: t)
        #expect(d.0.termNames == ["(Intercept)", "odd name", "I(`odd name`^2)"])
        #expect(d.1.x.column(2) == [9, 16])
    }
}
