import Testing
import GlassboxCore
@testable import GlassboxAudit

/// `--top` by radix selection over lanes (`Decisions.top(_:lanes:)`, bounded-audit step 2c) against the
/// sort-based resolver it replaced (`SortedTopOracle`).
@Suite("Top selection")
struct TopSelectionTests {
    /// Equal decisions, and the cut's bits too (`==` does not tell −0 from +0).
    private func expectOracleEqual(_ f: Double, _ scores: [Double], lanes: [[Double]],
                                   sourceLocation: SourceLocation = #_sourceLocation) throws {
        let oracle = try SortedTopOracle.resolve(f, scores: scores)
        let got = try Decisions.top(f, lanes: lanes)
        #expect(got.decisions == oracle, "f \(f) n \(scores.count) lanes \(lanes.count)", sourceLocation: sourceLocation)
        #expect(got.decisions.cut.bitPattern == oracle.cut.bitPattern, "cut \(got.decisions.cut) vs \(oracle.cut)",
                sourceLocation: sourceLocation)
        #expect(got.selectionPasses <= 4, sourceLocation: sourceLocation)
        #expect(got.passes == (oracle.lastTiedRow < 0 ? 0 : got.selectionPasses + 2), sourceLocation: sourceLocation)
        #expect(try Decisions.resolve(.top(f), scores: scores) == got.decisions, sourceLocation: sourceLocation)
    }

    /// `scores` cut into consecutive lanes of random sizes (empty lanes included).
    private func randomLanes(_ scores: [Double], using rng: inout SeededGenerator) -> [[Double]] {
        var lanes = [[Double]](), start = 0
        while start < scores.count {
            let size = Int.random(in: 0...max(1, scores.count / 3), using: &rng)
            lanes.append(Array(scores[start..<min(scores.count, start + size)]))
            start += size
        }
        if Bool.random(using: &rng) { lanes.insert([], at: Int.random(in: 0...lanes.count, using: &rng)) }
        return lanes
    }

    @Test("equal to the sort on heavy ties, ±0, ±∞, any k and any lanes (seeded)")
    func oracleEqual() throws {
        var rng = SeededGenerator(seed: 20261207)
        let tiedValues: [Double] = [-0.0, 0.0, 0.25, 0.5, -0.5, .infinity, -.infinity, 1, 1e-300, -1e-300, .leastNonzeroMagnitude]
        for trial in 0..<400 {
            let n = trial < 10 ? trial : Int.random(in: 0...(trial % 50 == 0 ? 5000 : 200), using: &rng)
            let scores: [Double] = (0..<n).map { _ in
                switch trial % 4 {
                case 0: tiedValues[Int.random(in: 0..<3, using: &rng)]                         // ±0 and one other value
                case 1: tiedValues.randomElement(using: &rng)!                                 // heavy ties, ±∞
                case 2: Double.random(in: 0..<1, using: &rng)                                  // a model's probabilities
                default: Bool.random(using: &rng) ? tiedValues.randomElement(using: &rng)!
                                                  : Double.random(in: -1e6...1e6, using: &rng)
                }
            }
            var fractions: [Double] = [0, 1, 0.5, Double.random(in: 0...1, using: &rng)]
            if n > 0 { fractions += [1 / Double(n), Double(n - 1) / Double(n)] }
            for f in fractions {
                try expectOracleEqual(f, scores, lanes: [scores])
                try expectOracleEqual(f, scores, lanes: randomLanes(scores, using: &rng))
            }
        }
    }

    @Test("equal to the sort on large n (≥ 100,000) where most scores are ±∞ and ±0 ties (seeded)")
    func largeHeavyTies() throws {
        var rng = SeededGenerator(seed: 20261208)
        let ties: [Double] = [.infinity, -.infinity, 0.0, -0.0]
        for trial in 0..<3 {
            let n = 100_000 + Int.random(in: 0...50_000, using: &rng)
            let scores: [Double] = (0..<n).map { _ in
                switch trial {
                case 0: ties.randomElement(using: &rng)!                                          // only ±∞ and ±0
                case 1: Int.random(in: 0..<100, using: &rng) < 97 ? ties.randomElement(using: &rng)!  // 97 % ties
                                                                  : Double.random(in: -1...1, using: &rng)
                default: Int.random(in: 0..<100, using: &rng) < 90 ? (Bool.random(using: &rng) ? 0.0 : -0.0) // mostly ±0, a few ±∞
                                                                   : (Bool.random(using: &rng) ? .infinity : -.infinity)
                }
            }
            // Fractions at the edges of the +∞ block, inside the ±0 block and at random.
            let plusInfinity = scores.filter { $0 == .infinity }.count
            let aboveZero = scores.filter { $0 > 0 }.count
            var fractions = [0.5, Double.random(in: 0...1, using: &rng), 1 / Double(n), Double(n - 1) / Double(n)]
            fractions += [plusInfinity, plusInfinity + 1, aboveZero + 1, aboveZero + (n - aboveZero) / 2].map { Double($0) / Double(n) }
            for f in fractions {
                try expectOracleEqual(f, scores, lanes: [scores])
                try expectOracleEqual(f, scores, lanes: randomLanes(scores, using: &rng))
            }
        }
    }

    @Test("the cut of a ±0 tie is the zero of the wanted-th tied row in file order")
    func signedZeroCut() throws {
        let scores = [-0.0, 0.0, 0.5, -0.0]
        let first = try Decisions.top(0.5, lanes: [[-0.0], [0.0, 0.5], [-0.0]]).decisions   // k = 2: 0.5, then row 0
        #expect(first.cut.sign == .minus && first.lastTiedRow == 0 && first.tiedAtCut == 3 && first.tiedSelected == 1)
        let second = try Decisions.top(0.75, lanes: [scores]).decisions                      // k = 3: rows 2, 0, 1
        #expect(second.cut.sign == .plus && second.lastTiedRow == 1 && second.tiedSelected == 2)
        #expect(try SortedTopOracle.resolve(0.5, scores: scores).cut.sign == .minus)
        #expect(try SortedTopOracle.resolve(0.75, scores: scores).cut.sign == .plus)
    }

    @Test("k = 0, k = 1, k = n and n = 0")
    func edges() throws {
        let scores = [0.3, 0.9, 0.3, 0.1]
        #expect(try Decisions.top(0, lanes: [scores]).decisions == Decisions(cut: .infinity, lastTiedRow: -1))
        #expect(try Decisions.top(1, lanes: [[Double]]()).decisions == Decisions(cut: .infinity, lastTiedRow: -1))
        #expect(try Decisions.top(1, lanes: [[], []] as [[Double]]).passes == 0)
        let one = try Decisions.top(0.25, lanes: [scores]).decisions
        #expect(one == Decisions(cut: 0.9, lastTiedRow: 1, tiedAtCut: 1, tiedSelected: 1))
        let all = try Decisions.top(1, lanes: [[0.3], [0.9, 0.3], [0.1]]).decisions
        #expect(all == Decisions(cut: 0.1, lastTiedRow: 3, tiedAtCut: 1, tiedSelected: 1))
        #expect(scores.indices.allSatisfy { all.isPositive(scores[$0], row: $0) })
    }

    @Test("the cut takes at most 4 selection passes, even across the whole key range")
    func passBound() throws {
        // −∞ and +∞ share no key prefix, and the adjacent doubles below 1 differ in the last bit only:
        // every 16-bit digit must be histogrammed.
        let scores: [Double] = [-.infinity, 1.0.nextDown.nextDown, 1.0.nextDown, .infinity, 1.0.nextDown.nextDown]
        let result = try Decisions.top(0.6, lanes: [scores])                                   // k = 3: cut at 1⁻⁻
        #expect(result.selectionPasses == 4 && result.passes == 6)
        #expect(result.decisions == (try SortedTopOracle.resolve(0.6, scores: scores)))
        let constant = try Decisions.top(0.5, lanes: [[Double](repeating: 0.7, count: 10)])
        #expect(constant.selectionPasses == 0 && constant.decisions.lastTiedRow == 4)
    }

    @Test("NaN scores and fractions outside [0, 1] are refused")
    func refusals() {
        #expect(throws: AuditError.invalidSetting("top cannot rank a NaN score")) {
            _ = try Decisions.top(0.5, lanes: [[0.1], [.nan, 0.2]])
        }
        #expect(throws: AuditError.invalidSetting("top must be a fraction in [0, 1], got 1.5")) {
            _ = try Decisions.top(1.5, lanes: [[0.1]])
        }
        #expect(throws: AuditError.self) { _ = try Decisions.top(.nan, lanes: [[0.1]]) }
    }
}
