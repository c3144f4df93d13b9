import Testing
import GlassboxTabular

/// Columns that look numeric but hold text, same-name duplicate terms, and infinities in the data.
struct DesignDataSafetyTests {
    func message(_ formula: String, _ table: Table) -> String? {
        do {
            _ = try DesignBuilder.fit(try Formula.parse(formula), on: table)
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// `age` read from a CSV where one value is `abc`: the reader types it as categorical.
    func ageTable(_ ages: [String]) throws -> Table {
        var csv = "y,age,race\n"
        for (i, a) in ages.enumerated() { csv += "\(i % 2),\(a),\(["a", "b", "c"][i % 3])\n" }
        return try CSVReader.read(bytes: Array(csv.utf8)).table
    }

    @Test func numericLookingTextIsAnError() throws {
        let table = try ageTable(["18", "25", "abc", "40", "95", "33"])
        guard case .categorical = try table.column(named: "age") else {
            Issue.record("the CSV reader should type 'age' as categorical")
            return
        }
        #expect(message("y ~ age", table) == "column 'age' looks numeric but holds text: 'abc' (first at row 3; 1 such value); fix or remove it, list it as a missing-value token (CSVOptions.missingTokens), or write C(age) to treat the column as categorical")
        // In an interaction too.
        #expect(message("y ~ race:age", table)?.hasPrefix("column 'age' looks numeric but holds text: 'abc'") == true)
    }

    @Test func numericLookingTextInTheResponse() throws {
        let table = try ageTable(["18", "25", "abc", "40", "95", "33"])
        #expect(message("age ~ y", table) == "the response 'age' looks numeric but holds text: 'abc' (first at row 3; 1 such value); fix or remove it, or list it as a missing-value token (CSVOptions.missingTokens)")
        #expect(message("race ~ y", table)?.hasPrefix("the response 'race' is categorical") == true)
    }

    @Test func severalTextValuesAreCountedAndListed() throws {
        let table = try ageTable(["18", "?", "25", "abc", "40", "?", "95", "61", "70"])
        #expect(message("y ~ race + age", table)?.hasPrefix("column 'age' looks numeric but holds text: '?', 'abc' (first at row 2; 3 such values); fix or remove it") == true)
    }

    @Test func explicitCategoricalAndMissingTokenAreAccepted() throws {
        let table = try ageTable(["18", "25", "abc", "40", "95", "33"])
        let d = try DesignBuilder.fit(try Formula.parse("y ~ C(age)"), on: table)
        #expect(d.0.termNames.contains("age[abc]"))
        var csv = "y,age\n"
        for (i, a) in ["18", "25", "abc", "40"].enumerated() { csv += "\(i % 2),\(a)\n" }
        var options = CSVOptions()
        options.missingTokens.insert("abc")
        let cleaned = try CSVReader.read(bytes: Array(csv.utf8), options: options).table
        let e = try DesignBuilder.fit(try Formula.parse("y ~ age"), on: cleaned)
        #expect(e.0.termNames == ["(Intercept)", "age"])
        #expect(e.1.rowIndices == [0, 1, 3])
    }

    @Test func mostlyTextColumnsStayCategorical() throws {
        // 2 of 4 distinct values numeric is "at least half": an error; 1 of 3 is not.
        let half = try Table(names: ["y", "v"], columns: [.numeric([0, 1, 0, 1]), .categorical(CategoricalColumn(values: ["1", "2", "x", "y"]))])
        #expect(message("y ~ v", half)?.hasPrefix("column 'v' looks numeric but holds text: 'x', 'y' (first at row 3; 2 such values)") == true)
        let text = try Table(names: ["y", "v"], columns: [.numeric([0, 1, 0, 1]), .categorical(CategoricalColumn(values: ["1", "x", "y", "x"]))])
        #expect(try DesignBuilder.fit(try Formula.parse("y ~ v"), on: text).0.termNames == ["(Intercept)", "v[x]", "v[y]"])
        // Every level numeric: made categorical on purpose (the CSV reader never does), left alone.
        let codes = try Table(names: ["y", "zip"], columns: [.numeric([0, 1, 0]), .categorical(CategoricalColumn(values: ["02139", "10001", "02139"]))])
        #expect(try DesignBuilder.fit(try Formula.parse("y ~ zip"), on: codes).0.termNames == ["(Intercept)", "zip[10001]"])
    }

    @Test func numericLookingTextInTransforms() throws {
        let table = try ageTable(["18", "25", "abc", "40", "95", "33"])
        #expect(message("y ~ log(age)", table) == "in 'log(age)': column 'age' looks numeric but holds text: 'abc' (first at row 3; 1 such value), so it is categorical and cannot be used with log(); fix or remove it, or list it as a missing-value token (CSVOptions.missingTokens)")
        #expect(message("y ~ I(age^2)", table)?.hasPrefix("in 'I(age^2)': column 'age' looks numeric but holds text: 'abc' (first at row 3; 1 such value), so it is categorical and cannot be used with '^'") == true)
        // A genuine categorical column keeps the old advice.
        #expect(message("y ~ log(race)", table) == #"in 'log(race)': column 'race' is categorical and cannot be used with log(); compare it with a level instead, e.g. I(race == "level")"#)
        // Comparing with a level is still allowed.
        #expect(try DesignBuilder.fit(try Formula.parse(#"y ~ I(age == "abc")"#), on: table).1.x.column(1) == [0, 0, 1, 0, 0, 0])
    }

    @Test func scoringTableWithTextInANumericColumn() throws {
        let train = try Table(names: ["y", "age"], columns: [.numeric([0, 1, 1]), .numeric([20, 30, 40])])
        let (encoding, _) = try DesignBuilder.fit(try Formula.parse("y ~ age"), on: train)
        let score = try ageTable(["18", "n/a", "40"])
        #expect(throws: TabularError.formula("column 'age' was numeric when the design was fitted but is categorical in this table; it looks numeric but holds text: 'n/a' (first at row 2; 1 such value)")) {
            try DesignBuilder.apply(encoding, to: score, requireResponse: false)
        }
    }

    @Test func sameNameTermsAreAnError() throws {
        let t = try Table(names: ["y", "race", "x"], columns: [
            .numeric([0, 1, 0, 1, 1]),
            .categorical(CategoricalColumn(values: ["a", "b", "c", "a", "b"])),
            .numeric([1, 2, 3, 1, 2]),
        ])
        #expect(message("y ~ race + C(race)", t) == "the terms 'race' and 'C(race)' use the same name 'race': both name their design columns 'race[…]', which cannot be told apart; keep only one of them (C(…) codes a column as categorical, a bare column uses its type in the data)")
        #expect(message(#"y ~ C(race) + C(race, ref="b")"#, t)?.hasPrefix(#"the terms 'C(race)' and 'C(race, ref="b")' use the same name 'race'"#) == true)
        #expect(message("y ~ x + C(x)", t)?.hasPrefix("the terms 'x' and 'C(x)' use the same name 'x': they name their design columns 'x' and 'x[…]'") == true)
        #expect(message("y ~ race:x + C(race):x", t)?.hasPrefix("the terms 'race' and 'C(race)' use the same name 'race'") == true)
        // The same factor written twice is one term (patsy deduplicates), not a clash.
        #expect(try DesignBuilder.fit(try Formula.parse("y ~ C(race) + C(race)"), on: t).0.termNames == ["(Intercept)", "race[b]", "race[c]"])
    }

    @Test func infinityInAPlainColumn() throws {
        let t = try Table(names: ["y", "a", "b"], columns: [
            .numeric([0, 1, .nan, 1]),
            .numeric([1, 2, .infinity, 3]),
            .numeric([1, -.infinity, 2, 3]),
        ])
        // The infinity in 'a' is in a row dropped for its missing 'y'.
        #expect(try DesignBuilder.fit(try Formula.parse("y ~ a"), on: t).1.x.column(1) == [1, 2, 3])
        #expect(message("y ~ a + b", t) == "the term 'b' is -Inf in row 2 (b = -inf); non-finite values are not dropped: filter those rows out or change the transform (e.g. log(x + 1))")
    }
}
