import Foundation
import Testing
import GlassboxCore
@testable import GlassboxModels
import GlassboxSimulation
import GlassboxTabular

/// Distributed S-learner, X-learner and class-transformation fits in the library (docs/scale.md §7): `UpliftFitState`
/// over row blocks against `UpliftModel.fit` on the whole table.
@Suite("uplift partial statistics of the s-learner, x-learner and class transformation")
struct UpliftPartialLearnersTests {
    static let models: [UpliftModel] = [
        UpliftModel(learner: .sLearner),
        UpliftModel(learner: .classTransformation),
        UpliftModel(learner: .classTransformation, penalty: .l2(1), propensity: .estimated),
        UpliftModel(learner: .xLearner),
        UpliftModel(learner: .xLearner, penalty: .l2(1), propensity: .estimated),
    ]

    @Test("one block is the whole-table fit bit for bit; three blocks agree to 1e-12 of each component's scale", arguments: models)
    func matchesWholeTable(model: UpliftModel) throws {
        let table = VoterFileSimulator(rows: 4_000, seed: 3).generate()
        let csv = table.csvBytes()
        let whole = try CSVReader.read(bytes: csv).table
        let single = try model.fit(formula: UpliftPartialTests.formula, on: whole, treatment: UpliftPartialTests.treatment)
        let one = try UpliftPartialTests.distributed(csv, blocks: 1, model: model)
        #expect(one.arms == single.arms)
        #expect(one.encoding == single.encoding && one.options == single.options && one.warnings == single.warnings)
        let three = try UpliftPartialTests.distributed(csv, blocks: 3, model: model)
        #expect(three.arms.map(\.treatedRows) == single.arms.map(\.treatedRows))
        #expect(three.arms.map(\.designPropensity) == single.arms.map(\.designPropensity))
        #expect(three.warnings == single.warnings)
        #expect(three.arms.flatMap(\.components).count == single.arms.flatMap(\.components).count)
        for (a, b) in zip(three.arms.flatMap(\.components), single.arms.flatMap(\.components)) {
            #expect(a.role == b.role && a.rows == b.rows && a.terms == b.terms)
            let scale = b.coefficients.map { abs($0 ?? 0) }.max() ?? 0
            for (x, y) in zip(a.coefficients, b.coefficients) {
                #expect(abs(x! - y!) <= 1e-12 * scale)
            }
        }
    }

    @Test("a state whose components do not follow the learner's plan is refused")
    func editedPlan() throws {
        let table = VoterFileSimulator(rows: 2_000, seed: 3).generate()
        let csv = try CSVReader.read(bytes: table.csvBytes()).table
        var state = try UpliftFitState(formula: UpliftPartialTests.formula, treatment: UpliftPartialTests.treatment,
                                       model: UpliftModel(learner: .sLearner), source: .init(commandLine: [], dataName: "-", dataSHA256: ""))
        let digest = SHA256.hexDigest(of: try JSONFormat.encode(state))
        state = try state.merging([("all", try UpliftPartial.compute(state: state, stateSHA256: digest, table: csv))],
                                  provenance: Provenance(commandLine: [], data: nil, blas: "")).state
        #expect(state.components.count == 1 && state.components[0].designTerms?.count == 2 * (state.encoding?.termNames.count ?? 0))
        _ = try UpliftFitState.decode(try JSONFormat.encode(state), name: "state")
        var edited = state
        edited.components[0].designTerms = nil
        #expect(throws: ModelError.self) { try UpliftFitState.decode(try JSONFormat.encode(edited), name: "state") }
        edited = state
        edited.keptPerArm = [1, 2]
        #expect(throws: ModelError.self) { try UpliftFitState.decode(try JSONFormat.encode(edited), name: "state") }
        edited = state
        edited.checkedPropensities = [1]
        #expect(throws: ModelError.self) { try UpliftFitState.decode(try JSONFormat.encode(edited), name: "state") }
    }
}
