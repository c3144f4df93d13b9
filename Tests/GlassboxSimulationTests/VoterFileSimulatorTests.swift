import GlassboxSimulation
import GlassboxTabular
import Testing

/// One 200,000-row file shared by the statistical tests (generated once, lazily).
enum Fixture {
    static let rows = 200_000
    static let table = VoterFileSimulator(rows: rows, seed: 20_240_605).generate()

    static func numeric(_ name: String) throws -> [Double] {
        guard case .numeric(let values) = try table.column(named: name) else {
            throw TabularError.formula("column \(name) is not numeric")
        }
        return values
    }

    static func categorical(_ name: String) throws -> CategoricalColumn {
        guard case .categorical(let c) = try table.column(named: name) else {
            throw TabularError.formula("column \(name) is not categorical")
        }
        return c
    }
}

/// Mean of `values` over the rows where `include` is true.
func mean(_ values: [Double], where include: (Int) -> Bool) -> (mean: Double, n: Int) {
    var sum = 0.0
    var n = 0
    for i in values.indices where include(i) {
        sum += values[i]
        n += 1
    }
    return (n > 0 ? sum / Double(n) : .nan, n)
}

@Suite("VoterFileSimulator: shape and determinism")
struct VoterFileShapeTests {
    @Test func sameSeedGivesIdenticalTableAndDifferentSeedsDiffer() {
        let a = VoterFileSimulator(rows: 10_000, seed: 1).generate()
        let b = VoterFileSimulator(rows: 10_000, seed: 1).generate()
        let c = VoterFileSimulator(rows: 10_000, seed: 2).generate()
        #expect(a == b)
        #expect(a != c)
        // Every random column differs somewhere between seeds (voter_id is not random).
        for (name, (x, y)) in zip(a.columnNames, zip(a.columns, c.columns)) where name != "voter_id" {
            #expect(x != y, "column \(name) did not change with the seed")
        }
    }

    @Test func firstRowsDoNotDependOnTotalRowCount() throws {
        // 10,000 rows span two random-stream blocks of 8,192; 20,000 span three.
        let small = VoterFileSimulator(rows: 10_000, seed: 9).generate()
        let large = VoterFileSimulator(rows: 20_000, seed: 9).generate()
        for (name, (s, l)) in zip(small.columnNames, zip(small.columns, large.columns)) {
            switch (s, l) {
            case let (.numeric(x), .numeric(y)):
                #expect(x == Array(y.prefix(x.count)), "column \(name)")
            case let (.categorical(x), .categorical(y)):
                let xs = x.codes.map { x.levels[Int($0)] }
                let ys = y.codes.prefix(xs.count).map { y.levels[Int($0)] }
                #expect(xs == Array(ys), "column \(name)")
            default:
                Issue.record("column \(name) changed type")
            }
        }
    }

    @Test(arguments: [0, 1, 8_192, 8_193])
    func smallAndBlockBoundaryRowCounts(rows: Int) throws {
        let t = VoterFileSimulator(rows: rows, seed: 5).generate()
        #expect(t.rowCount == rows)
        #expect(t.columnNames == VoterFileSimulator.columnNames)
        for column in t.columns { #expect(column.count == rows) }
        if rows > 0 {
            let ids = try #require(t.columns.first)
            let last = "V" + String(repeating: "0", count: 7 - String(rows).count) + String(rows)
            #expect(ids.text(at: rows - 1) == last)
        }
    }

    @Test func columnsHaveContractNamesAndTypes() throws {
        let t = Fixture.table
        #expect(t.columnNames == [
            "voter_id", "age", "female", "race", "county", "party", "income",
            "voted_2018", "voted_2020", "voted_2022", "canvassed", "voted_2024", "donor",
            "vendor_turnout_score", "weight",
        ])
        #expect(t.rowCount == Fixture.rows)
        for column in t.columns { #expect(column.missingCount == 0) }

        let ids = try Fixture.categorical("voter_id")
        #expect(ids.levels.first == "V0000001")
        #expect(ids.levels.last == "V0200000")
        #expect(ids.codes == (0..<Int32(Fixture.rows)).map { $0 })
        // Strictly increasing, so unique and already in Glassbox level order.
        #expect(zip(ids.levels, ids.levels.dropFirst()).allSatisfy { CategoricalColumn.precedes($0, $1) })

        #expect(try Fixture.categorical("race").levels == ["Asian", "Black", "Hispanic", "Other", "White"])
        #expect(try Fixture.categorical("county").levels == (0..<12).map { "County \(["A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L"][$0])" })
        #expect(try Fixture.categorical("party").levels == ["DEM", "IND", "REP"])
        for name in ["race", "county", "party"] {
            let c = try Fixture.categorical(name)
            // Every level occurs, so the levels are exactly the distinct values (as a CSV reader finds them).
            #expect(Set(c.codes).count == c.levels.count, "column \(name)")
        }
    }

    @Test func numericRanges() throws {
        let age = try Fixture.numeric("age")
        #expect(age.allSatisfy { $0 == $0.rounded() && $0 >= 18 && $0 <= 95 })
        #expect(Set(age).count == 78) // every age 18…95 occurs
        for name in ["female", "voted_2018", "voted_2020", "voted_2022", "canvassed", "voted_2024", "donor"] {
            #expect(try Fixture.numeric(name).allSatisfy { $0 == 0 || $0 == 1 }, "column \(name)")
        }
        #expect(try Fixture.numeric("income").allSatisfy { $0 > 0 && $0.isFinite })
        #expect(try Fixture.numeric("vendor_turnout_score").allSatisfy { $0 >= 0 && $0 <= 1 })
        let weight = try Fixture.numeric("weight")
        #expect(weight.allSatisfy { $0 > 0 })
        #expect(abs(weight.reduce(0, +) / Double(weight.count) - 1) < 0.01)
    }

    @Test func ageIsSkewedTowardOlderTailAndHistoryRespectsEligibility() throws {
        let age = try Fixture.numeric("age")
        let meanAge = age.reduce(0, +) / Double(age.count)
        #expect(abs(meanAge - 49.6) < 0.5)
        // Flat to 65, thinning after: 18–29 holds more voters than 80–95.
        let young = age.filter { $0 < 30 }.count
        let old = age.filter { $0 >= 80 }.count
        #expect(Double(young) > 2.5 * Double(old)) // expected ratio 12 : 4.13
        // Nobody votes before turning 18: in 2022 that means age ≥ 20 in 2024.
        let v22 = try Fixture.numeric("voted_2022")
        let v18 = try Fixture.numeric("voted_2018")
        #expect(age.indices.allSatisfy { v22[$0] == 0 || age[$0] >= 20 })
        #expect(age.indices.allSatisfy { v18[$0] == 0 || age[$0] >= 24 })
    }

    @Test func csvOfSimulatedFileHasHeaderAndOneLinePerRow() {
        let t = VoterFileSimulator(rows: 1_000, seed: 3).generate()
        let text = String(decoding: CSVWriter.render(t), as: UTF8.self)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 1_001)
        #expect(lines.first.map(String.init) == VoterFileSimulator.columnNames.joined(separator: ","))
        #expect(lines[1].hasPrefix("V0000001,"))
    }
}
