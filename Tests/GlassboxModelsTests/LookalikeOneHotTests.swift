import Foundation
import GlassboxCore
import GlassboxLinearAlgebra
import GlassboxTabular
import Testing
@testable import GlassboxModels

@Suite("Lookalike similarity: one-hot categorical features")
struct LookalikeOneHotTests {
    static let levels = ["east", "north", "west"]

    /// A table with numeric `a`, `c`, a categorical `b` (three levels) and a seed column.
    static func table(n: Int, seed: UInt64) throws -> (Table, [Double], [String], [Double], [Bool]) {
        var rng = SeededGenerator(seed: seed)
        var a = [Double](), b = [String](), c = [Double](), s = [Bool]()
        for _ in 0..<n {
            let level = levels[rng.nextInt(below: 3)]
            a.append(rng.nextNormal() * 3 + 10)
            b.append(level)
            c.append(rng.nextNormal() + (level == "west" ? 1 : 0))
            s.append(rng.nextUniform() < (level == "east" ? 0.3 : 0.1))
        }
        let table = try Table(names: ["a", "b", "c", "s"], columns: [.numeric(a), .categorical(CategoricalColumn(values: b)), .numeric(c),
                                                                      .numeric(s.map { $0 ? 1 : 0 })])
        return (table, a, b, c, s)
    }

    /// The one-hot rows built by hand from the raw values: a, 1[b = ℓ] for every level, c, 1[b = ℓ]·a.
    static func handOneHot(a: [Double], b: [String], c: [Double]) -> [[Double]] {
        a.indices.map { i in
            [a[i]] + levels.map { b[i] == $0 ? 1.0 : 0.0 } + [c[i]] + levels.map { b[i] == $0 ? a[i] : 0.0 }
        }
    }

    @Test("one-hot features (every level, and the product with a numeric) match a brute force built by hand", arguments: [nil, 1, 9] as [Int?])
    func bruteForce(k: Int?) throws {
        let (table, a, b, c, seeds) = try Self.table(n: 600, seed: 21)
        let (encoding, design) = try SimilarityEncoding.fit(try Formula.parse("~ a + C(b) + c + C(b):a"), on: table)
        #expect(encoding.termNames == ["(Intercept)", "a", "b[east]", "b[north]", "b[west]", "c", "b[east]:a", "b[north]:a", "b[west]:a"])
        let fit = try LookalikeModel(method: .similarity, k: k).fit(x: design.x, termNames: encoding.termNames,
                                                                    interceptIndex: encoding.interceptIndex, seeds: seeds)
        let index = try #require(fit.similarity)
        #expect(index.features == Array(encoding.termNames.dropFirst()))
        let rows = Self.handOneHot(a: a, b: b, c: c)
        let reference = LookalikeSimilarityTests.bruteForce(rows, seeds: seeds, k: k)
        let scores = try fit.score(design.x)
        for i in rows.indices { #expect(abs(scores[i] - reference.scores[i]) < 1e-12) }
        // Contributions list every level's indicator (the reference level too) and add up to the score.
        let p = index.features.count
        let picked = [0, 17, 333]
        let contributions = index.contributions(design.x, rows: picked)
        for (r, i) in picked.enumerated() {
            #expect(abs(contributions[(r * p)..<((r + 1) * p)].reduce(0, +) - scores[i]) < 1e-12)
            // The row's own level contributes; with treatment coding the reference level had no indicator.
            let own = try #require(index.features.firstIndex(of: "b[\(b[i])]"))
            #expect(contributions[r * p + own] != 0)
        }
    }

    @Test("scores do not depend on which level is the reference (they did under treatment coding)")
    func referenceInvariant() throws {
        let (table, _, _, _, seeds) = try Self.table(n: 400, seed: 5)
        var oneHot = [[Double]](), treatment = [[Double]]()
        for formula in ["~ a + C(b) + c", "~ a + C(b, ref=\"west\") + c"] {
            let (encoding, design) = try SimilarityEncoding.fit(try Formula.parse(formula), on: table)
            let fit = try LookalikeModel(method: .similarity).fit(x: design.x, termNames: encoding.termNames,
                                                                  interceptIndex: encoding.interceptIndex, seeds: seeds)
            oneHot.append(try fit.score(design.x))
            let (coded, plain) = try DesignBuilder.fit(try Formula.parse(formula), on: table)
            let old = try LookalikeModel(method: .similarity).fit(x: plain.x, termNames: coded.termNames,
                                                                  interceptIndex: coded.interceptIndex, seeds: seeds)
            treatment.append(try old.score(plain.x))
        }
        #expect(oneHot[0] == oneHot[1])
        #expect(zip(treatment[0], treatment[1]).contains { abs($0 - $1) > 1e-3 })
    }

    @Test("the encoding is idempotent, numeric-only formulas are unchanged, and a cat × cat cell never seen is a constant feature")
    func encoding() throws {
        let (table, _, _, _, seeds) = try Self.table(n: 300, seed: 2)
        let numeric = try DesignBuilder.fit(try Formula.parse("~ a + c + a:c"), on: table).0
        #expect(SimilarityEncoding.isOneHot(numeric))
        let treatment = try DesignBuilder.fit(try Formula.parse("~ C(b) + a"), on: table).0
        #expect(!SimilarityEncoding.isOneHot(treatment))
        let oneHot = SimilarityEncoding.oneHot(treatment)
        #expect(SimilarityEncoding.oneHot(oneHot) == oneHot)
        // b:d where d is b's own first letter: most cells are empty, so their product column is all zero.
        var d = [String]()
        if case .categorical(let b) = try table.column(named: "b") { d = b.codes.map { b.levels[Int($0)] == "east" ? "x" : "y" } }
        var withD = table
        try withD.append(name: "d", column: .categorical(CategoricalColumn(values: d)))
        let (encoding, design) = try SimilarityEncoding.fit(try Formula.parse("~ a + C(b):C(d)"), on: withD)
        #expect(throws: ModelError.constantFeature(term: "b[north]:d[x]")) {
            try LookalikeModel(method: .similarity).fit(x: design.x, termNames: encoding.termNames, interceptIndex: encoding.interceptIndex,
                                                        seeds: seeds)
        }
    }

    @Test("the model file stores the one-hot encoding; scoring rebuilds it; unseen levels, tampering and older files")
    func modelFile() throws {
        let (table, _, _, _, seeds) = try Self.table(n: 300, seed: 8)
        let (encoding, design) = try SimilarityEncoding.fit(try Formula.parse("~ a + C(b)"), on: table)
        let model = LookalikeModel(method: .similarity, k: 3)
        let fit = try model.fit(x: design.x, termNames: encoding.termNames, interceptIndex: encoding.interceptIndex, seeds: seeds)
        let manifest = Provenance(commandLine: [], data: nil, blas: "test", environment: ["SOURCE_DATE_EPOCH": "0"])
        let file = LookalikeModelFile(encoding: encoding, seedColumn: "s", model: model, fit: fit, manifest: manifest)
        #expect(file.fit.similarity?.coding == .oneHot)
        let loaded = try LookalikeModelFile.load(bytes: try file.encoded(), path: "m.json")
        #expect(loaded == file)
        let rebuilt = try DesignBuilder.apply(loaded.encoding, to: table, requireResponse: false)
        #expect(try loaded.fit.score(rebuilt.x) == (try fit.score(design.x)))

        let unseen = try Table(names: ["a", "b"], columns: [.numeric([1, 2]), .categorical(CategoricalColumn(values: ["east", "south"]))])
        #expect(throws: TabularError.unseenLevel(column: "b", level: "south", known: Self.levels)) {
            try DesignBuilder.apply(loaded.encoding, to: unseen, requireResponse: false)
        }

        // A one-hot index with a treatment encoding (edited file) is refused with a message.
        var edited = file
        edited.encoding = try DesignBuilder.fit(try Formula.parse("~ a + C(b)"), on: table).0
        edited.fit.terms = edited.encoding.termNames
        edited.fit.similarity?.columns = [1, 2, 3]
        edited.fit.similarity?.features = ["a", "b[north]", "b[west]"]
        edited.fit.similarity?.means.removeLast()
        edited.fit.similarity?.scales.removeLast()
        edited.fit.similarity?.centroid.removeLast()
        edited.fit.similarity?.seeds = []
        edited.fit.similarity?.k = nil
        #expect(throws: ModelError.invalidModelFile("m.json: the similarity index says its features are one-hot coded, but the design encoding is not (was it edited?)")) {
            try LookalikeModelFile.load(bytes: try edited.encoded(), path: "m.json")
        }
        // A file written before one-hot coding (no "coding", treatment encoding) still loads and scores as fitted.
        let (oldEncoding, oldDesign) = try DesignBuilder.fit(try Formula.parse("~ a + C(b)"), on: table)
        let oldFit = try model.fit(x: oldDesign.x, termNames: oldEncoding.termNames, interceptIndex: oldEncoding.interceptIndex, seeds: seeds)
        let legacy = LookalikeModelFile(encoding: oldEncoding, seedColumn: "s", model: model, fit: oldFit, manifest: manifest)
        let text = String(decoding: try legacy.encoded(), as: UTF8.self)
        let stripped = text.replacingOccurrences(of: "\"coding\" : \"treatment\",", with: "")
        #expect(stripped != text)
        let legacyLoaded = try LookalikeModelFile.load(bytes: Array(stripped.utf8), path: "old.json")
        #expect(legacyLoaded.fit.similarity?.coding == nil)
        #expect(legacyLoaded.fit.similarity?.features == ["b[north]", "b[west]", "a"])  // patsy order, reference dropped
        #expect(try legacyLoaded.fit.score(oldDesign.x) == (try oldFit.score(oldDesign.x)))
    }
}
