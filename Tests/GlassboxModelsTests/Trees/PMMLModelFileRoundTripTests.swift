import Foundation
import Testing
import GlassboxCore
@testable import GlassboxModels

/// PMML trees with missing-value tests (`isMissing` guards, `lastPrediction`'s all-missing test) can be written
/// as model files and read back with the same scores (their threshold used to be −∞, which JSON cannot hold:
/// `glassbox import pmml` refused R's rpart trees); and whether a tree of a forest keeps its surrogates does not
/// depend on the trees before it.
@Suite struct PMMLModelFileRoundTripTests {
    typealias S = PMMLSurrogateSplitTests

    static func roundTrip(_ ensemble: TreeEnsemble) throws -> TreeEnsemble {
        let file = TreeEnsembleModelFile(ensemble: ensemble,
                                         source: .init(format: .pmml, makerVersion: nil, objective: nil, fileName: "t.pmml", sha256: String(repeating: "0", count: 64)),
                                         manifest: Provenance(commandLine: [], data: nil, blas: "test"))
        return try TreeEnsembleModelFile.load(bytes: try file.encoded(), path: "t.json").ensemble
    }

    @Test(arguments: ["defaultChild", "lastPrediction", "none"])
    func surrogateDocumentsRoundTripThroughModelFiles(strategy: String) throws {
        let (kept, copied) = try S.ensembles(S.document(strategy: strategy, defaultChild: strategy == "defaultChild" ? "R" : nil))
        for ensemble in [kept, copied] {
            let back = try Self.roundTrip(ensemble)
            #expect(back == ensemble, "\(strategy)")
            for row in S.rows {
                let a = S.score(ensemble, row), b = S.score(back, row)
                #expect(a == b || (a.isNaN && b.isNaN), "\(strategy) \(row)")
            }
        }
    }

    @Test(arguments: ["rpmml-rpart.pmml", "rpmml-rpartdeep.pmml"])
    func rPackageTreesRoundTripThroughModelFiles(file: String) throws {
        let bytes = Array(try Data(contentsOf: PMMLRPackageReferenceTests.directory.appendingPathComponent(file)))
        let ensemble = try PMMLModel.importEnsemble(bytes: bytes, fileName: file).ensemble
        #expect(try Self.roundTrip(ensemble) == ensemble)
    }

    /// A forest of many deep rpart trees: each tree falls back to surrogate splits on its own account (the
    /// budget is per tree), so 60 segments import as 1 does.
    @Test func aForestOfDeepTreesKeepsEachTreesSurrogates() throws {
        let text = try String(contentsOf: PMMLRPackageReferenceTests.directory.appendingPathComponent("rpmml-rpartdeep.pmml"), encoding: .utf8)
        let start = try #require(text.range(of: "<TreeModel")), end = try #require(text.range(of: "</TreeModel>"))
        let tree = String(text[start.lowerBound..<end.upperBound])
        let schema = try #require(tree.range(of: "<MiningSchema")).lowerBound
        let schemaEnd = try #require(tree.range(of: "</MiningSchema>")).upperBound
        let segments = (1...60).map { #"<Segment id="\#($0)"><True/>"# + tree + "</Segment>" }.joined()
        let forest = String(text[..<start.lowerBound])
            + #"<MiningModel functionName="classification">"# + tree[schema..<schemaEnd]
            + #"<Segmentation multipleModelMethod="average">"# + segments + "</Segmentation></MiningModel>"
            + String(text[end.upperBound...])
        let one = try PMMLModel.importEnsemble(bytes: Array(text.utf8), fileName: "one.pmml").ensemble
        let many = try PMMLModel.importEnsemble(bytes: Array(forest.utf8), fileName: "forest.pmml").ensemble
        #expect(many.trees.count == 60 && many.trees.allSatisfy { $0.nodes == one.trees[0].nodes })
    }
}
