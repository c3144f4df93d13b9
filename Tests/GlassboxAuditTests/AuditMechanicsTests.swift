import Testing
import GlassboxCore
import GlassboxTabular
@testable import GlassboxAudit

/// The building blocks: binomial draws, --top ties, intersections, (missing), weights, sweep, calibration.
@Suite("audit mechanics")
struct AuditMechanicsTests {
    @Test("binomial draws have the right mean and variance", arguments: [(30, 0.2), (1000, 0.3), (200_000, 0.7), (50, 0.01)])
    func binomial(_ c: (Int, Double)) {
        var rng = SeededGenerator(seed: 3)
        let draws = 20_000
        var sum = 0.0, sq = 0.0
        for _ in 0..<draws {
            let x = Double(rng.nextBinomial(n: c.0, p: c.1))
            #expect(x >= 0 && x <= Double(c.0))
            sum += x; sq += x * x
        }
        let mean = sum / Double(draws), variance = sq / Double(draws) - mean * mean
        let np = Double(c.0) * c.1, v = np * (1 - c.1)
        #expect(abs(mean - np) < 5 * (v / Double(draws)).squareRoot(), "mean \(mean) vs \(np)")
        #expect(abs(variance / v - 1) < 0.05, "variance \(variance) vs \(v)")
    }

    @Test("multinomial draws keep the total and zero cells stay zero")
    func multinomial() {
        var rng = SeededGenerator(seed: 1)
        for _ in 0..<100 {
            let x = rng.nextMultinomial(n: 1000, weights: [10, 0, 500, 490])
            #expect(x.reduce(0, +) == 1000 && x[1] == 0)
        }
    }

    @Test("--top selects k = round(f·n) rows, ties at the cut in file order")
    func topTies() throws {
        let scores = [0.9, 0.5, 0.5, 0.2, 0.5, 0.8, 0.5, 0.1]
        let d = try Decisions.resolve(.top(0.5), scores: scores)   // k = 4: 0.9, 0.8, then two of the four 0.5s
        let chosen = scores.indices.filter { d.isPositive(scores[$0], row: $0) }
        #expect(chosen == [0, 1, 2, 5])
        #expect(d.tiedAtCut == 4 && d.tiedSelected == 2)
        let none = try Decisions.resolve(.top(0), scores: scores)
        #expect(!scores.indices.contains { none.isPositive(scores[$0], row: $0) })
        #expect(throws: AuditError.self) { try Decisions.resolve(.top(1.5), scores: scores) }
    }

    @Test("intersections, the (missing) group and numeric group labels")
    func intersections() throws {
        let csv = "s,y,race,sex,age\n0.9,1,A,F,30\n0.2,0,A,M,40\n0.7,1,B,F,30\n0.4,0,,M,40\n0.6,1,B,,30\n0.1,0,A,F,\n"
        let table = try CSVReader.read(bytes: Array(csv.utf8)).table
        let data = try AuditData.from(table: table, scoreColumn: "s", outcome: "y", groups: ["race", "sex", "age"])
        #expect(data.attributes[0].levels == ["A", "B", "(missing)"])
        #expect(data.attributes[2].levels == ["30", "40", "(missing)"])
        let both = try GroupAttribute.intersection(of: Array(data.attributes[0...1]))
        #expect(both.name == "race:sex")
        #expect(both.levels == ["A:F", "A:M", "B:F", "B:(missing)", "(missing):M"])
        #expect(both.codes == [0, 1, 2, 4, 3, 0])
    }

    @Test("weights enter every rate; integer weights equal repeated rows")
    func weights() throws {
        let base = "s,y,g,w\n0.9,1,A,2\n0.2,0,A,1\n0.7,0,A,3\n0.4,1,B,1\n0.6,1,B,2\n0.1,0,B,1\n"
        var repeated = "s,y,g\n"
        for line in base.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",")
            for _ in 0..<Int(f[3])! { repeated += "\(f[0]),\(f[1]),\(f[2])\n" }
        }
        var config = AuditConfiguration()
        config.bootstrap = 0
        config.minGroupSize = 0
        let weighted = try BiasAudit.run(AuditData.from(table: CSVReader.read(bytes: Array(base.utf8)).table, scoreColumn: "s",
                                                        outcome: "y", groups: ["g"], weights: "w"), configuration: config)
        let plain = try BiasAudit.run(AuditData.from(table: CSVReader.read(bytes: Array(repeated.utf8)).table, scoreColumn: "s",
                                                     outcome: "y", groups: ["g"]), configuration: config)
        for (a, b) in zip(weighted.attributes[0].groups, plain.attributes[0].groups) {
            #expect(a.rates == b.rates)
            #expect(a.auc == b.auc)
            #expect(a.disparities.mapValues(\.ratio) == b.disparities.mapValues(\.ratio))
        }
        #expect(weighted.attributes[0].sweep == plain.attributes[0].sweep)
    }

    @Test("threshold sweep equals direct counting")
    func sweep() throws {
        var rng = SeededGenerator(seed: 5)
        let n = 2000
        let scores = (0..<n).map { _ in (rng.nextUniform() * 100).rounded() / 100 }
        let y = scores.map { rng.nextUniform() < $0 ? 1.0 : 0.0 }
        let labels: [String?] = (0..<n).map { $0 % 3 == 0 ? "a" : "b" }
        let attribute = GroupAttribute(name: "g", column: .categorical(.init(values: labels)), rows: Array(0..<n))
        let data = AuditData(scores: scores, outcomes: y, weights: nil, attributes: [attribute])
        let t = ThresholdSweep.thresholds(scores: scores, points: 101)
        let curves = ThresholdSweep.curves(data, attribute: attribute, thresholds: t, include: [true, true])
        for (g, curve) in curves.enumerated() {
            let rows = (0..<n).filter { attribute.codes[$0] == g }
            for j in stride(from: 0, to: t.count, by: 7) {
                let sel = rows.filter { scores[$0] >= t[j] }
                let pos = rows.filter { y[$0] == 1 }
                let tp = sel.filter { y[$0] == 1 }.count
                #expect(curve.selectionRate[j]! == Double(sel.count) / Double(rows.count))
                #expect(curve.tpr[j]! == Double(tp) / Double(pos.count))
                #expect(curve.fpr[j]! == Double(sel.count - tp) / Double(rows.count - pos.count))
            }
        }
    }

    @Test("calibration: perfectly calibrated scores give slope ≈ 1 and in-the-large ≈ 0")
    func calibration() {
        var rng = SeededGenerator(seed: 9)
        let n = 200_000
        let s = (0..<n).map { _ in 0.05 + 0.9 * rng.nextUniform() }
        let y = s.map { rng.nextUniform() < $0 ? 1.0 : 0.0 }
        let c = Calibration.compute(scores: s, outcomes: y, weights: nil, bins: 10)
        #expect(c.bins.count == 10 && c.bins.allSatisfy { $0.n == n / 10 })
        #expect(abs(c.inTheLarge) < 0.01)
        #expect(abs(c.slope! - 1) < 0.05)
        for b in c.bins { #expect(abs(b.observedRate - b.meanScore) < 0.02) }
    }
}
