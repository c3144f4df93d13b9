import Foundation
import GlassboxLinearAlgebra
import Testing
import GlassboxTabular
@testable import GlassboxModels
import GlassboxTestSupport

/// Reference tests: Glassbox against statsmodels / scikit-learn results stored in
/// `Tests/Fixtures/reference/logistic.json` by `Tests/Reference/make_logistic_reference.py`.
@Suite("Logistic regression against statsmodels and scikit-learn")
struct LogisticReferenceTests {
    struct Reference: Decodable {
        struct Case: Decodable {
            var name: String
            var data: String
            var glassboxFormula: String
            var options: Options
            var terms: [String]
            var coefficients: [String: Coefficient]
            var fit: Fit
            var rowFilter: [String: [String]]?
        }
        struct Options: Decodable {
            var weights: String?
            var robust: String?
            var cluster: String?
            var l1: Double?
            var l2: Double?
        }
        struct Coefficient: Decodable {
            var estimate: Double
            var stdError: Double?
            var z: Double?
            var pValue: Double?
            var ciLower: Double?
            var ciUpper: Double?
        }
        struct Fit: Decodable {
            var nObservations: Double
            var nRows: Int
            var droppedRows: Int
            var logLikelihood: Double?
            var deviance: Double?
            var nullDeviance: Double?
            var aic: Double?
            var bic: Double?
            var pseudoR2: Double?
            var objectiveValue: Double?
        }
        var cases: [Case]
    }

    static let reference: Reference = try! Fixtures.decode(Reference.self, "reference/logistic.json")
    static var dataDirectory: String { Repository.sharedDataDirectory }
    static var socialPressurePath: String { dataDirectory + "/social-pressure.csv" }
    static var hasSocialPressure: Bool { FileManager.default.fileExists(atPath: socialPressurePath) }

    static let syntheticCases = reference.cases.filter { $0.data == "synthetic-logit.csv" }.map(\.name)
    static let socialCases = reference.cases.filter { $0.data == "social-pressure" }.map(\.name)

    @Test("synthetic fixture", arguments: syntheticCases)
    func synthetic(_ name: String) throws {
        let table = try CSVReader.read(path: Repository.fixture("synthetic-logit.csv").path).table
        try check(name: name, table: table)
    }

    @Test("social-pressure experiment (skipped when ../shared/data is absent)", .enabled(if: hasSocialPressure), arguments: socialCases)
    func socialPressure(_ name: String) throws {
        try check(name: name, table: try Self.socialPressureTable())
    }

    /// The social-pressure data with the derived columns the reference script uses.
    static func socialPressureTable() throws -> Table {
        let raw = try CSVReader.read(path: socialPressurePath).table
        guard case .categorical(let messages) = try raw.column(named: "messages"),
              case .categorical(let sex) = try raw.column(named: "sex"),
              case .numeric(let year) = try raw.column(named: "yearofbirth") else { throw TabularError.formula("unexpected column types") }
        var table = raw
        let neighbors = messages.codes.map { $0 >= 0 && messages.levels[Int($0)] == "Neighbors" ? 1.0 : 0.0 }
        try table.append(name: "neighbors", column: .numeric(neighbors))
        try table.append(name: "age", column: .numeric(year.map { 2006 - $0 }))
        try table.append(name: "female", column: .numeric(sex.codes.map { $0 >= 0 && sex.levels[Int($0)] == "female" ? 1.0 : 0.0 }))
        return table
    }

    func check(name: String, table source: Table) throws {
        let c = try #require(Self.reference.cases.first { $0.name == name })
        var table = source
        if let filter = c.rowFilter { table = try Self.filter(table, filter) }
        let formula = try Formula.parse(c.glassboxFormula)
        let extras = [c.options.weights, c.options.cluster].compactMap { $0 }
        let (encoding, design) = try DesignBuilder.fit(formula, on: table, extraColumns: extras)
        #expect(Set(encoding.termNames) == Set(c.terms), "same terms (Glassbox orders them as patsy does)")
        #expect(design.droppedRowCount == c.fit.droppedRows)
        let weights: [Double]? = try c.options.weights.map { w in
            guard case .numeric(let v) = try table.column(named: w) else { throw TabularError.formula("weights") }
            return design.rowIndices.map { v[$0] }
        }
        let clusters: [Int]? = try c.options.cluster.map { name in
            guard case .numeric(let v) = try table.column(named: name) else { throw TabularError.formula("cluster") }
            var codes = [Double: Int]()
            return design.rowIndices.map { r in codes[v[r]] ?? { let k = codes.count; codes[v[r]] = k; return k }() }
        }
        let penalty: Penalty = c.options.l1.map(Penalty.l1) ?? c.options.l2.map(Penalty.l2) ?? .none
        let covariance: CovarianceType = c.options.cluster != nil ? .cluster : c.options.robust.flatMap { CovarianceType(rawValue: $0) } ?? .nonrobust
        let model = LogisticRegression(penalty: penalty, covariance: covariance, hasIntercept: encoding.interceptIndex == 0)
        let fit = try model.fit(x: design.x, y: try #require(design.response), termNames: encoding.termNames, weights: weights, clusters: clusters)
        #expect(fit.converged)

        let tolerance = penalty == .none ? 1e-8 : 1e-7
        func close(_ a: Double?, _ b: Double?, scale: Double = 0, _ what: String) {
            guard let a, let b else { Issue.record("\(name) \(what): missing value (\(String(describing: a)) vs \(String(describing: b)))"); return }
            #expect(NumericTolerance.isClose(a, b, tolerance: tolerance, scale: max(scale, 1e-300)), "\(name) \(what): glassbox \(a) vs reference \(b)")
        }
        let table2 = fit.coefficientTable()
        for row in table2 {
            let ref = try #require(c.coefficients[row.term], "\(name): no reference for \(row.term)")
            close(row.estimate, ref.estimate, scale: ref.stdError ?? 0, "\(row.term) estimate")
            if penalty == .none {
                close(row.stdError, ref.stdError, "\(row.term) stdError")
                close(row.z, ref.z, "\(row.term) z")
                close(row.ciLower, ref.ciLower, scale: ref.stdError ?? 0, "\(row.term) ciLower")
                close(row.ciUpper, ref.ciUpper, scale: ref.stdError ?? 0, "\(row.term) ciUpper")
                if let p = ref.pValue, p > 1e-300 { close(row.pValue, p, "\(row.term) pValue") }
            }
        }
        #expect(fit.nObservations == c.fit.nObservations)
        #expect(fit.rowCount == c.fit.nRows)
        if penalty == .none {
            close(fit.logLikelihood, c.fit.logLikelihood, "logLikelihood")
            close(fit.deviance, c.fit.deviance, "deviance")
            close(fit.nullDeviance, c.fit.nullDeviance, "nullDeviance")
            close(fit.aic, c.fit.aic, "aic")
            close(fit.bic, c.fit.bic, "bic")
            close(fit.pseudoR2, c.fit.pseudoR2, "pseudoR2")
        } else {
            close(fit.objective, c.fit.objectiveValue, "objective")
        }
    }

    /// Rows whose categorical value is one of the allowed levels, for every filtered column.
    static func filter(_ table: Table, _ filter: [String: [String]]) throws -> Table {
        var keep = [Bool](repeating: true, count: table.rowCount)
        for (name, allowed) in filter {
            guard case .categorical(let c) = try table.column(named: name) else { continue }
            for i in 0..<table.rowCount where keep[i] {
                keep[i] = c.codes[i] >= 0 && allowed.contains(c.levels[Int(c.codes[i])])
            }
        }
        let rows = keep.indices.filter { keep[$0] }
        var out = Table(rowCount: rows.count)
        for (name, column) in zip(table.columnNames, table.columns) {
            switch column {
            case .numeric(let v): try out.append(name: name, column: .numeric(rows.map { v[$0] }))
            case .categorical(let c):
                try out.append(name: name, column: .categorical(CategoricalColumn(values: rows.map { c.codes[$0] < 0 ? nil : c.levels[Int(c.codes[$0])] })))
            }
        }
        return out
    }
}
