import GlassboxExplain
import GlassboxCore
import GlassboxModels
import GlassboxSimulation
import GlassboxTabular
import Testing

@Suite("Surrogates and proxies")
struct SurrogateAndProxyTests {
    static func plantedTable(n: Int) -> Table {
        var g = SeededGenerator(seed: 21)
        var a = [Double](), b = [Double](), c = [Double](), linear = [Double](), tree = [Double](), text = [String?]()
        for _ in 0..<n {
            let u = Double(g.nextInt(below: 10)), v = Double(g.nextInt(below: 5)), w = g.nextNormal()
            a.append(u); b.append(v); c.append(w)
            linear.append(1 / (1 + exp(-(0.5 + 0.3 * u - 0.8 * v + 0.2 * w))))
            tree.append(u <= 4 ? (v <= 1 ? 1.0 : 3.0) : (v <= 3 ? 7.0 : 11.0))
            text.append(["x", "y"][g.nextInt(below: 2)])
        }
        return try! Table(names: ["a", "b", "c", "linear", "tree", "text"],
                          columns: [.numeric(a), .numeric(b), .numeric(c), .numeric(linear), .numeric(tree), .categorical(CategoricalColumn(values: text))])
    }

    @Test("a planted linear probability score is recovered on the logit scale with R² > 0.99")
    func linearSurrogate() throws {
        let r = try Surrogate.fit(table: Self.plantedTable(n: 2_000), score: "linear", formula: "~ a + b + c", options: .init(seed: 3))
        #expect(r.logitScale)
        #expect(r.linear.holdout.r2 > 0.99 && r.linear.holdout.r2ScoreScale > 0.99)
        let coef = Dictionary(uniqueKeysWithValues: r.linear.coefficients.map { ($0.term, $0.estimate ?? .nan) })
        #expect(abs(coef["a"]! - 0.3) < 1e-6 && abs(coef["b"]! + 0.8) < 1e-6 && abs(coef["(Intercept)"]! - 0.5) < 1e-6)
        #expect(r.linear.drivers.first?.feature == "b")
        #expect(r.linear.holdout.topAgreement > 0.95)
    }

    @Test("a planted depth-2 tree is recovered exactly")
    func treeSurrogate() throws {
        let r = try Surrogate.fit(table: Self.plantedTable(n: 2_000), score: "tree", formula: "~ a + b + c", options: .init(seed: 3, maxDepth: 4))
        #expect(!r.logitScale)
        #expect(r.tree.holdout.r2 == 1)
        #expect(r.tree.rules.map(\.prediction).sorted() == [1, 3, 7, 11])
        #expect(r.tree.rules.first?.conditions == ["a <= 4.5", "b <= 1.5"])
        #expect(r.tree.drivers.last?.feature == "c" && r.tree.drivers.last?.importance == 0)
    }

    @Test("bad input: text score, score used as a feature, formula with an outcome")
    func badSurrogateInput() {
        let table = Self.plantedTable(n: 100)
        #expect(throws: ExplainError.scoreNotNumeric("text")) { try Surrogate.fit(table: table, score: "text", formula: "~ a") }
        #expect(throws: ExplainError.self) { try Surrogate.fit(table: table, score: "tree", formula: "~ a + tree") }
        #expect(throws: ExplainError.self) { try Surrogate.fit(table: table, score: "tree", formula: "tree ~ a") }
    }

    @Test("proxy detection finds the planted county → race proxy in simulated voter data")
    func plantedProxy() throws {
        let table = VoterFileSimulator(rows: 20_000, seed: 5).generate()
        let scorer = try ExplainTestData.fit("voted_2024 ~ age + C(county) + income + voted_2022", on: table)
        let data = try ExplainData.forModel(scorer.encoding, table: table, weights: nil, withOutcome: false, extraColumns: ["race"])
        let report = try ProxyDetection.run(scorer: scorer, data: data, protected: ["race"], options: .init(seed: 1, proxyRepeats: 2))
        let race = try #require(report.attributes.first)
        let strong = race.levels.filter(\.strong)
        #expect(!strong.isEmpty)
        for level in strong { #expect(level.carriers.first?.feature == "county", "\(level.level): \(level.carriers.map(\.feature))") }
        #expect(race.flags.contains { $0.contains("Strong proxy") && $0.contains("county") })
        #expect(throws: ExplainError.self) { try ProxyDetection.run(scorer: scorer, data: data, protected: ["county"]) }
    }
}

#if canImport(Glibc)
import Glibc
#endif
