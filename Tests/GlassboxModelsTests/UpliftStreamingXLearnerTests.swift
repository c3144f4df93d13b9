import Foundation
import Testing
import GlassboxCore
@testable import GlassboxModels
import GlassboxLinearAlgebra
import GlassboxSimulation
import GlassboxTabular

/// Issue 16: the X-learner streamed through a design cache (`UpliftModel.fitStreaming`, docs/scale.md §7) gives
/// the in-memory model file bit for bit, with its effect regressions solved from the same XᵀX and XᵀD sums
/// (`UpliftFitState.EffectSums`) in both; and the rows per arm counted in one scan are the per-arm counts.
@Suite("streamed x-learner fits in the library")
struct UpliftStreamingXLearnerTests {
    static let twoArms = (formula: "voted_2024 ~ age + female + C(race) + party + voted_2022",
                          treatment: UpliftTreatment(column: "canvassed", treated: ["1"], control: "0"))
    static let threeArms = (formula: "voted_2024 ~ age + female + C(race) + voted_2022",
                            treatment: UpliftTreatment(column: "party", treated: ["DEM", "REP"], control: "IND"))

    /// A 4,000-row simulated voter file with `age` missing in every 37th row (rows of every arm are dropped).
    static func voterCSV() -> [UInt8] {
        let text = String(decoding: VoterFileSimulator(rows: 4_000, seed: 5).generate().csvBytes(), as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let age = lines[0].split(separator: ",", omittingEmptySubsequences: false).firstIndex(of: "age")!
        for i in stride(from: 1, to: lines.count - 1, by: 37) {
            var fields = lines[i].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            fields[age] = ""
            lines[i] = fields.joined(separator: ",")
        }
        return Array(lines.joined(separator: "\n").utf8)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var arms: Int
        var model: UpliftModel
        var testDescription: String { "\(arms) arms, \(model.propensity.rawValue) propensity, \(model.penalty.fileName)" }
    }

    static let cases: [Case] = [
        Case(arms: 2, model: UpliftModel(learner: .xLearner)),
        Case(arms: 2, model: UpliftModel(learner: .xLearner, penalty: .l2(2), propensity: .estimated)),
        Case(arms: 3, model: UpliftModel(learner: .xLearner)),
        Case(arms: 3, model: UpliftModel(learner: .xLearner, penalty: .l2(2), propensity: .estimated)),
    ]

    @Test("streamed in chunks of 4 KiB, 50 KB or the whole file, the model file is the in-memory one byte for byte", arguments: cases)
    func streamedIsInMemory(_ test: Case) throws {
        let (formula, treatment) = test.arms == 2 ? Self.twoArms : Self.threeArms
        let csv = Self.voterCSV()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("uplift-x-\(UUID().uuidString).csv").path
        try Data(csv).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let source = Provenance.DataSource(path: path, sha256: SHA256.hexDigest(of: csv), rowsRead: 0, rowsUsed: 0, rowsDropped: 0, missingByColumn: [:])
        let manifest = Provenance(commandLine: ["train", "uplift"], data: source, blas: "test")

        let table = try CSVReader.read(bytes: csv).table
        let inMemory = try test.model.fit(formula: formula, on: table, treatment: treatment, manifest: manifest)
        #expect(inMemory.arms.count == test.arms - 1)
        #expect(inMemory.arms.allSatisfy { $0.components.contains { $0.role == .treatedEffect } })
        #expect((inMemory.manifest.data?.rowsDropped ?? 0) > 0, "rows with a missing age are dropped")
        let expected = try inMemory.encoded()
        for chunkBytes in [4_096, 50_000, 1 << 24] {
            let (streamed, read) = try test.model.fitStreaming(formula: formula, path: path, options: CSVOptions(), chunkBytes: chunkBytes,
                                                               treatment: treatment, manifest: manifest)
            #expect(read.rowsRead == table.rowCount)
            #expect(try streamed.encoded() == expected, "chunks of \(chunkBytes) bytes")
        }
    }

    @Test("Xᵀv over fixed row chunks: a matrix in memory and the same design in a cache give the same bits, the sum to rounding")
    func crossProductOverChunks() throws {
        // 200,000 rows: three row chunks, added in order.
        let n = 200_000, p = 3
        var rng = SeededGenerator(seed: 17)
        let x = Matrix(rows: n, columns: p, columnMajor: (0..<(n * p)).map { _ in rng.nextNormal() })
        let v = (0..<n).map { _ in rng.nextNormal() }
        #expect(Parallel.chunks(count: n).count == 3)
        let mapped = try MappedDesign(rows: n, columns: p)
        for j in 0..<p { x.storage[(j * n)..<((j + 1) * n)].withUnsafeBufferPointer { mapped.write(column: j, row: 0, $0) } }
        let inMemory = try x.crossProduct(with: v)
        #expect(try mapped.crossProduct(with: v).map(\.bitPattern) == inMemory.map(\.bitPattern))
        for j in 0..<p {
            let exact = (0..<n).reduce(0.0) { $0 + x[$1, j] * v[$1] }
            #expect(abs(inMemory[j] - exact) <= 1e-9 * max(1, abs(exact)))
        }
        #expect(throws: LinearAlgebraError.self) { try x.crossProduct(with: [1, 2]) }
    }

    @Test("the levels pass counts every arm's complete rows in one scan: the counts of a per-arm selection")
    func keptRowsPerArm() throws {
        let table = try CSVReader.read(bytes: Self.voterCSV()).table
        let (formula, treatment) = Self.threeArms
        let state = try UpliftFitState(formula: formula, treatment: treatment, model: UpliftModel(learner: .xLearner),
                                       source: .init(commandLine: [], dataName: "-", dataSHA256: String(repeating: "0", count: 64)))
        let partial = try UpliftPartial.compute(state: state, stateSHA256: "", table: table)
        let codes = try treatment.armCodes(in: table)
        let parsed = try Formula.parse(formula)
        let perArm = try (0..<3).map { arm in
            try DesignLevels.collect(parsed, table: try UpliftRows.selecting(codes.indices.filter { codes[$0] == arm }, of: table), extraColumns: []).rowsKept
        }
        #expect(partial.keptPerArm == perArm)
        #expect(perArm.reduce(0, +) == partial.levels?.rowsKept && perArm.reduce(0, +) < codes.filter { $0 >= 0 }.count)
    }
}
