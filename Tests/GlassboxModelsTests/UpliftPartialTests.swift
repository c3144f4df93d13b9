import Foundation
import Testing
import GlassboxCore
@testable import GlassboxModels
import GlassboxSimulation
import GlassboxTabular

/// Distributed two-model uplift fits in the library (docs/scale.md §7): `UpliftFitState` over row blocks
/// against `UpliftModel.fit` on the whole table.
@Suite("uplift partial statistics")
struct UpliftPartialTests {
    static let formula = "voted_2024 ~ age + female + C(race) + voted_2022"
    static let treatment = UpliftTreatment(column: "canvassed", treated: ["1"], control: "0")

    /// The fit over `blocks` consecutive row blocks of `csv` (each parsed as its own CSV, as a partition is).
    static func distributed(_ csv: [UInt8], blocks: Int, model: UpliftModel) throws -> UpliftModelFile {
        let lines = String(decoding: csv, as: UTF8.self).split(separator: "\n")
        let size = (lines.count - 1 + blocks - 1) / blocks
        let tables = try (0..<blocks).map { b -> Table in
            let rows = lines.dropFirst(1 + b * size).prefix(size)
            return try CSVReader.read(bytes: Array((([lines[0]] + rows).joined(separator: "\n") + "\n").utf8)).table
        } + [Table()]  // and an empty partition
        var state = try UpliftFitState(formula: formula, treatment: treatment, model: model,
                                       source: .init(commandLine: [], dataName: "-", dataSHA256: String(repeating: "0", count: 64)))
        for _ in 0..<60 {
            let digest = SHA256.hexDigest(of: try JSONFormat.encode(state))
            let partials = try tables.enumerated().map { ("block \($0.offset)", try UpliftPartial.compute(state: state, stateSHA256: digest, table: $0.element)) }
            let (next, file) = try state.merging(partials, provenance: Provenance(commandLine: [], data: nil, blas: ""))
            if let file { return file }
            state = next
        }
        throw ModelError.invalidFitState("not finished in 60 passes")
    }

    @Test("one block is the whole-table fit bit for bit; three blocks agree to 1e-12 relative")
    func matchesWholeTable() throws {
        let table = VoterFileSimulator(rows: 4_000, seed: 3).generate()
        let csv = table.csvBytes()
        let whole = try CSVReader.read(bytes: csv).table
        let model = UpliftModel(learner: .twoModel)
        let single = try model.fit(formula: Self.formula, on: whole, treatment: Self.treatment)
        let one = try Self.distributed(csv, blocks: 1, model: model)
        #expect(one.arms == single.arms)
        #expect(one.encoding == single.encoding && one.options == single.options && one.warnings == single.warnings)
        let three = try Self.distributed(csv, blocks: 3, model: model)
        #expect(three.arms.map(\.treatedRows) == single.arms.map(\.treatedRows))
        #expect(three.warnings == single.warnings)
        for (a, b) in zip(three.arms.flatMap(\.components), single.arms.flatMap(\.components)) {
            #expect(a.role == b.role && a.rows == b.rows)
            for (x, y) in zip(a.coefficients, b.coefficients) {
                #expect(abs(x! - y!) <= 1e-12 * max(abs(x!), abs(y!)))
            }
        }
    }

    @Test("a treated value listed twice is refused")
    func otherLearners() throws {
        #expect(throws: ModelError.self) {
            try UpliftFitState(formula: Self.formula, treatment: UpliftTreatment(column: "canvassed", treated: ["1", "1"], control: "0"),
                               model: UpliftModel(learner: .xLearner),
                               source: .init(commandLine: [], dataName: "-", dataSHA256: ""))
        }
    }
}
