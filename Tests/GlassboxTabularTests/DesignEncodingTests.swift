import Foundation
import GlassboxLinearAlgebra
import Testing
import GlassboxTabular

/// JSON round-trip of the encoding and applying it to new data.
struct DesignEncodingTests {
    func training() throws -> Table {
        try Table(names: ["y", "age", "race", "n"], columns: [
            .numeric([1, 0, 1, 1, 0, 0]),
            .numeric([20, 30, 40, 50, 60, 70]),
            .categorical(CategoricalColumn(values: ["White", "Black", "Asian", "White", "Black", "White"])),
            .numeric([1, 2, 3, 1, 2, 3]),
        ])
    }

    let formula = #"y ~ age*C(race, ref="White") + C(n) + I(age^2) + I(race == "Black")"#

    @Test func jsonRoundTrip() throws {
        let (encoding, _) = try DesignBuilder.fit(try Formula.parse(formula), on: training())
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(encoding)
        let decoded = try JSONDecoder().decode(DesignEncoding.self, from: data)
        #expect(decoded == encoding)
        #expect(try encoder.encode(decoded) == data)
        let json = String(decoding: data, as: UTF8.self)
        #expect(json.contains(#""termNames":["(Intercept)","race[Asian]","race[Black]","n[2]","n[3]","age","age:race[Asian]","age:race[Black]","I(age^2)","I(race == \"Black\")"]"#))
    }

    @Test func applyReproducesTheTrainingMatrix() throws {
        let table = try training()
        let (encoding, fitted) = try DesignBuilder.fit(try Formula.parse(formula), on: table)
        let applied = try DesignBuilder.apply(encoding, to: table, requireResponse: true)
        #expect(applied.x == fitted.x)
        #expect(applied.response == fitted.response)
    }

    /// `rows` keeps the rows `apply` keeps, with the same response and checks, and builds no matrix.
    @Test func rowsMatchApplyWithoutTheMatrix() throws {
        let (encoding, _) = try DesignBuilder.fit(try Formula.parse("y ~ age + race"), on: training())
        let new = try Table(names: ["y", "age", "race"], columns: [
            .numeric([1, .nan, 0, 1]), .numeric([30, 40, .nan, 50]),
            .categorical(CategoricalColumn(values: ["White", "Black", "Asian", "Black"])),
        ])
        for requireResponse in [true, false] {
            let applied = try DesignBuilder.apply(encoding, to: new, requireResponse: requireResponse)
            let rows = try DesignBuilder.rows(encoding, in: new, requireResponse: requireResponse)
            #expect(rows.rowIndices == applied.rowIndices)
            #expect(rows.response == applied.response)
            #expect(rows.droppedByColumn == applied.droppedByColumn)
            #expect(rows.x.columns == 0 && rows.x.rows == applied.x.rows)
        }
        let hispanic = try Table(names: ["y", "age", "race"], columns: [
            .numeric([1]), .numeric([25]), .categorical(CategoricalColumn(values: ["Hispanic"])),
        ])
        #expect(throws: TabularError.unseenLevel(column: "race", level: "Hispanic", known: ["Asian", "Black", "White"])) {
            try DesignBuilder.rows(encoding, in: hispanic, requireResponse: true)
        }
    }

    @Test func applyToNewDataWithDifferentLevelSet() throws {
        let (encoding, _) = try DesignBuilder.fit(try Formula.parse(formula), on: training())
        // Only two of the three races, in a different code order; no response column.
        let new = try Table(names: ["age", "race", "n"], columns: [
            .numeric([25, 35]),
            .categorical(CategoricalColumn(values: ["White", "Asian"])),
            .numeric([3, 1]),
        ])
        let d = try DesignBuilder.apply(encoding, to: new, requireResponse: false)
        #expect(d.response == nil)
        #expect(d.x == Matrix(rowMajor: [
            [1, 0, 0, 0, 1, 25, 0, 0, 625, 0],
            [1, 1, 0, 0, 0, 35, 35, 0, 1225, 0],
        ]))
        #expect(throws: TabularError.unknownColumn("y", available: ["age", "race", "n"])) {
            try DesignBuilder.apply(encoding, to: new, requireResponse: true)
        }
    }

    @Test func scoringIgnoresAMissingResponse() throws {
        let (encoding, _) = try DesignBuilder.fit(try Formula.parse("y ~ age"), on: training())
        let new = try Table(names: ["y", "age"], columns: [.numeric([.nan, 1]), .numeric([10, 20])])
        let scoring = try DesignBuilder.apply(encoding, to: new, requireResponse: false)
        #expect(scoring.rowIndices == [0, 1])
        let evaluation = try DesignBuilder.apply(encoding, to: new, requireResponse: true)
        #expect(evaluation.rowIndices == [1])
        #expect(evaluation.droppedByColumn == ["y": 1])
        #expect(evaluation.response == [1])
    }

    @Test func unseenLevels() throws {
        let (encoding, _) = try DesignBuilder.fit(try Formula.parse(formula), on: training())
        let hispanic = try Table(names: ["age", "race", "n"], columns: [
            .numeric([25, 35]), .categorical(CategoricalColumn(values: ["White", "Hispanic"])), .numeric([1, 1]),
        ])
        #expect(throws: TabularError.unseenLevel(column: "race", level: "Hispanic", known: ["Asian", "Black", "White"])) {
            try DesignBuilder.apply(encoding, to: hispanic, requireResponse: false)
        }
        let newNumber = try Table(names: ["age", "race", "n"], columns: [
            .numeric([25]), .categorical(CategoricalColumn(values: ["White"])), .numeric([4]),
        ])
        #expect(throws: TabularError.unseenLevel(column: "n", level: "4", known: ["1", "2", "3"])) {
            try DesignBuilder.apply(encoding, to: newNumber, requireResponse: false)
        }
        // An unseen level in a row dropped for a missing value is not an error.
        let dropped = try Table(names: ["age", "race", "n"], columns: [
            .numeric([.nan, 30]), .categorical(CategoricalColumn(values: ["Hispanic", "Black"])), .numeric([1, 2]),
        ])
        let d = try DesignBuilder.apply(encoding, to: dropped, requireResponse: false)
        #expect(d.rowIndices == [1])
        #expect(d.droppedRowCount == 1)
    }

    @Test func categoricalReadAsTextAppliesToNumericCodes() throws {
        // C(n) fitted on a numeric column; new data where the column came in as strings.
        let (encoding, _) = try DesignBuilder.fit(try Formula.parse("y ~ C(n)"), on: training())
        let new = try Table(names: ["n"], columns: [.categorical(CategoricalColumn(values: ["3", "1"]))])
        let d = try DesignBuilder.apply(encoding, to: new, requireResponse: false)
        #expect(d.x == Matrix(rowMajor: [[1, 0, 1], [1, 0, 0]]))
    }
}
