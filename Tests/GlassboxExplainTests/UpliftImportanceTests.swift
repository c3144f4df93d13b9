import GlassboxCore
import GlassboxMetrics
import GlassboxSimulation
import GlassboxTabular
import Testing
@testable import GlassboxExplain
@testable import GlassboxModels

@Suite("Uplift permutation importance (Qini) through the one engine")
struct UpliftImportanceTests {
    /// The removed `UpliftPermutationImportance` algorithm, kept here as the reference: shuffle column j in
    /// place with stream j·repeats + r, rebuild the design, Qini(original) − Qini(shuffled), model order.
    static func reference(file: UpliftModelFile, table: Table, outcomes: [Double], treatment: [Double], repeats: Int,
                          seed: UInt64) throws -> [(String, [Double])] {
        func qini(_ t: Table) throws -> Double {
            let design = try DesignBuilder.apply(file.encoding, to: t, requireResponse: false)
            return try UpliftMetrics.qiniAuc(outcomes: outcomes, uplift: try file.upliftFit.predict(design.x)[0].uplift, treatment: treatment)
        }
        let baseline = try qini(table)
        return try file.encoding.predictorColumns.enumerated().map { j, name in
            let index = try #require(table.index(ofColumn: name))
            let values = try (0..<repeats).map { r -> Double in
                var generator = SeededGenerator(seed: seed, stream: UInt64(j * repeats + r))
                var columns = table.columns
                switch columns[index] {
                case .numeric(var v): generator.shuffle(&v); columns[index] = .numeric(v)
                case .categorical(var c): generator.shuffle(&c.codes); columns[index] = .categorical(c)
                }
                return baseline - (try qini(try Table(names: table.columnNames, columns: columns)))
            }
            return (name, values)
        }
    }

    @Test("The engine on the uplift model gives the old uplift importance numbers bit for bit, in model order")
    func sameNumbers() throws {
        let table = VoterFileSimulator(rows: 20_000, seed: 3).generate()
        let formula = "voted_2024 ~ I((age - 50)/10) + voted_2018 + voted_2020 + voted_2022 + female + C(county)"
        let (encoding, design) = try DesignBuilder.fit(try Formula.parse(formula), on: table)
        let spec = UpliftTreatment(column: "canvassed", treated: ["1"], control: "0")
        let arms = try spec.armCodes(in: table)
        let y = try #require(design.response)
        let model = UpliftModel(learner: .twoModel)
        let fit = try model.fit(x: design.x, termNames: encoding.termNames, y: y, arm: arms, treatments: ["1"], control: "0")
        let file = UpliftModelFile(encoding: encoding, treatment: spec, model: model, fit: fit,
                                   manifest: Provenance(commandLine: [], data: nil, blas: "test", environment: [:]))
        let t = arms.map(Double.init)
        let result = try PermutationImportanceResult.uplift(file, treated: "1", table: table, outcomes: y, treatment: t, repeats: 3, seed: 9)
        let expected = try Self.reference(file: file, table: table, outcomes: y, treatment: t, repeats: 3, seed: 9)
        #expect(result.metric == "qini" && result.repeats == 3)
        #expect(result.permutationImportance.map(\.feature) == expected.map(\.0))
        for (f, (_, values)) in zip(result.permutationImportance, expected) {
            #expect(f.values.map(\.bitPattern) == values.map(\.bitPattern), "\(f.feature)")
        }
        let top = try #require(result.permutationImportance.max { $0.mean < $1.mean })
        #expect(top.feature == "voted_2022")
        // The same through the generic entry point on the arm model.
        let arm = try file.arm("1")
        let generic = try PermutationImportance.compute(model: arm, data: try ExplainData.forUplift(arm, table: table, outcomes: y, treatment: t),
                                                        options: .init(metric: .qini, repeats: 3, seed: 9))
        #expect(generic.summary(inOrder: arm.inputColumns) == result)
    }
}

@Suite("One explanation function: a missing outcome skips importance and says so")
struct ModelExplanationTests {
    @Test("Without the outcome column, importance is skipped with a reason; PD and proxies still run")
    func missingOutcome() throws {
        let full = ExplainTestData.table(n: 1_000)
        let (encoding, design) = try DesignBuilder.fit(try Formula.parse("y ~ x1 + x2 + g", requireResponse: true), on: full)
        let fit = try LogisticRegression().fit(x: design.x, y: try #require(design.response), termNames: encoding.termNames)
        let names = full.columnNames.filter { $0 != "y" }
        let table = try Table(names: names, columns: try names.map { try full.column(named: $0) })
        let file = LogisticModelFile(encoding: encoding, model: LogisticRegression(), fit: fit, weights: nil, cluster: nil,
                                     manifest: Provenance(commandLine: [], data: nil, blas: "test", environment: [:]))
        let options = ExplanationOptions(importance: true, partialDependence: ["x1"], protected: ["w"])
        let report = try ExplanationReport.explain(file, table: table, manifest: file.manifest, options: options)
        #expect(report.importanceSkipped == "the data have no outcome column 'y'; permutation importance skipped")
        #expect(report.permutationImportance == nil && report.partialDependence?.count == 1 && report.proxies != nil)
        // With the outcome, importance is computed and nothing is noted.
        let withOutcome = try ExplanationReport.explain(file, table: full, manifest: file.manifest, options: options)
        #expect(withOutcome.importanceSkipped == nil && withOutcome.permutationImportance != nil)
        // Not asked for: no note either.
        var none = options
        none.importance = false
        #expect(try ExplanationReport.explain(file, table: table, manifest: file.manifest, options: none).importanceSkipped == nil)
    }
}
