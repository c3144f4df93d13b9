import Foundation
import Testing
import GlassboxCore
@testable import GlassboxModels
import GlassboxTabular

/// What a distributed fit's state may claim (docs/scale.md §2, "What a state may claim"): a doctored state
/// claiming more design columns than `train` fits, or matrices beyond the memory budget, is refused before
/// any p × p matrix is allocated.
@Suite("distributed fit states: claimed design size")
struct FitStateLimitsTests {
    static let source = LogisticFitState.Source(commandLine: [], dataName: "-", dataSHA256: String(repeating: "0", count: 64))
    /// 600 rows: g cycles through a, b, c; t alternates in runs of three; y is a seeded coin.
    static let csv: String = {
        var generator = SeededGenerator(seed: 7)
        return "y,g,t\n" + (0..<600).map { i in "\(generator.next() % 2),\(["a", "b", "c"][i % 3]),\((i / 3) % 2)\n" }.joined()
    }()

    static var table: Table { get throws { try CSVReader.read(bytes: Array(csv.utf8)).table } }

    /// `encoding` (of `y ~ g`, g a categorical with levels a, b, c) with `levels` levels of g instead (so `levels` design columns,
    /// the intercept included): the
    /// encoding the design builder would learn from data with that many, valid (``DesignEncoding/validate(fullCoding:)``).
    static func doctored(_ encoding: DesignEncoding, levels: Int) -> DesignEncoding {
        var e = encoding
        let names = (0..<levels).map { "l" + String(repeating: "0", count: 6 - String($0).count) + String($0) }
        e.factors[0].levels = names
        e.factors[0].reference = names[0]
        e.columns = [[]] + (1..<levels).map { [DesignPart(factor: 0, level: $0)] }
        e.termNames = ["(Intercept)"] + names.dropFirst().map { "g[\($0)]" }
        e.termSources = [encoding.termSources[0]] + .init(repeating: encoding.termSources[1], count: levels - 1)
        return e
    }

    /// The logistic state after its levels pass over ``table`` (it asks for the summary pass).
    static func logisticState() throws -> LogisticFitState {
        let state = try LogisticFitState(training: LogisticTraining(formula: "y ~ g"), source: source)
        let partial = try LogisticPartial.compute(state: state, stateSHA256: "", table: try table)
        return try state.merging([("all", partial)], provenance: Provenance(commandLine: [], data: nil, blas: "")).state
    }

    /// The uplift state of `learner` after its levels pass over ``table`` (treatment t, 1 against 0).
    static func upliftState(_ learner: UpliftLearner) throws -> UpliftFitState {
        let state = try UpliftFitState(formula: "y ~ g", treatment: UpliftTreatment(column: "t", treated: ["1"], control: "0"),
                                       model: UpliftModel(learner: learner), source: source)
        let partial = try UpliftPartial.compute(state: state, stateSHA256: "", table: try table)
        return try state.merging([("all", partial)], provenance: Provenance(commandLine: [], data: nil, blas: "")).state
    }

    /// `state` with its encoding, and every component's, replaced by one of `levels` levels of g.
    static func doctored(_ state: UpliftFitState, levels: Int) -> UpliftFitState {
        var edited = state
        edited.encoding = doctored(state.encoding!, levels: levels)
        for k in edited.components.indices { edited.components[k].encoding = edited.encoding }
        return edited
    }

    static func message(_ body: () throws -> Void) -> String {
        do { try body() } catch { return "\(error)" }
        return "no error"
    }

    @Test("a logistic state claiming 60,000 design columns is refused on reading, before its encoding is used")
    func logisticColumns() throws {
        var state = try Self.logisticState()
        #expect(state.request?.kind == .summary)
        state.encoding = Self.doctored(state.encoding!, levels: 60_000)
        // The old reader's checks pass: a valid encoding of fewer than 100,000 columns. Its summary pass over an
        // empty partition would have allocated a 60,000 × 60,000 Hessian (28.8 GB).
        try state.encoding!.validate(fullCoding: nil)
        let bytes = try JSONFormat.encode(state)
        let m = Self.message { _ = try LogisticFitState.decode(bytes, name: "--state 'big.json'") }
        #expect(m == "--state 'big.json': its design encoding claims 60000 design columns, more than the 10000 a model can be fitted with "
                + "(the limit of glassbox train, which no state glassbox writes exceeds); use the state file the last merge wrote (was it edited?)")
        // A state built in memory is refused by the partial and the merge themselves, before allocating.
        #expect(Self.message { _ = try LogisticPartial.compute(state: state, stateSHA256: "", table: Table()) }.contains("claims 60000 design columns"))
        // At the limit the state reads back.
        var limit = try Self.logisticState()
        limit.encoding = Self.doctored(limit.encoding!, levels: FitStateLimits.maximumDesignColumns)
        #expect(limit.encoding!.termNames.count == DesignBuilder.maximumFitColumns)
        _ = try LogisticFitState.decode(try JSONFormat.encode(limit), name: "state")
    }

    @Test("a logistic state's own design columns and request are bounded by its encoding")
    func logisticClaims() throws {
        let state = try Self.logisticState()
        let p = state.encoding!.termNames.count
        var edited = state
        edited.designTerms = (0..<(2 * p + 1)).map { "x\($0)" }
        #expect(Self.message { _ = try LogisticFitState.decode(try JSONFormat.encode(edited), name: "s") }
                == "s: \(2 * p + 1) design columns of its own for an encoding of \(p), more than the \(2 * p) a component's design has (was it edited?)")
        edited = state
        edited.request = LogisticPassRequest(kind: .evaluate, kept: Array(0..<200_000), beta: [])
        #expect(Self.message { _ = try LogisticFitState.decode(try JSONFormat.encode(edited), name: "s") }
                == "s: its request keeps 200000 columns that are not ascending design columns of its \(p) (was it edited?)")
        edited.request = LogisticPassRequest(kind: .evaluate, kept: [1, 0], beta: [0, 0])
        #expect(Self.message { _ = try LogisticFitState.decode(try JSONFormat.encode(edited), name: "s") }.contains("not ascending"))
    }

    @Test("a logistic pass whose matrices exceed the memory budget is refused, in a worker and in a merge")
    func logisticMemory() throws {
        var state = try Self.logisticState()
        state.encoding = Self.doctored(state.encoding!, levels: 3_000)
        let decoded = try LogisticFitState.decode(try JSONFormat.encode(state), name: "s")
        let m = Self.message { try decoded.checkPassMemory(name: "--state 's.json'", partials: 0, limit: (10_000_000, "a test budget")) }
        #expect(m.hasPrefix("--state 's.json': computing a partial of its pass needs about "), "\(m)")
        #expect(m.contains(" for a 3000 × 3000 matrix of doubles (and their sums), more than 10.0 MB, a test budget; run it on a machine with more memory, "
                           + "or fit fewer design columns"), "\(m)")
        // A budget the worker's matrices fit, but not those of a merge, which also holds the partial it adds.
        let worker = FitStateLimits.passBytes(components: [3_000], partials: 0)
        let budget = (UInt64(worker) + 1, "a test budget")
        try decoded.checkPassMemory(name: "s", partials: 0, limit: budget)
        #expect(Self.message { try decoded.checkPassMemory(name: "s", partials: 2, limit: budget) }.hasPrefix("s: merging 2 partial(s) of its pass needs about "))
        let twoPartials: Double = 2 * 8 * 3_000 * 3_000
        #expect(FitStateLimits.passBytes(components: [3_000], partials: 2) == worker + twoPartials)
        // Without a known limit only the column cap applies; a finished state or a levels pass sizes nothing.
        try decoded.checkPassMemory(name: "s", partials: 100, limit: nil)
        var done = decoded
        done.status = LogisticFitState.done
        done.request = nil
        try done.checkPassMemory(name: "s", partials: 1, limit: (1, "a test budget"))
    }

    @Test("the bytes of a pass follow the documented rule")
    func passBytes() {
        // 8·((1 + N)·(Σ p_c² + E·p²) + (W + 3)·m² + W·4096·m)
        let twoComponents: Double = 8 * (4 * (100 + 400) + 5 * 400 + 2 * 4096 * 20)
        #expect(FitStateLimits.passBytes(components: [10, 20], partials: 3, workers: 2) == twoComponents)
        let effects: Double = 8 * (4 * 900 + 4 * 900 + 4096 * 30)
        #expect(FitStateLimits.passBytes(components: [], effectMatrices: 4, effectColumns: 30, partials: 0, workers: 1) == effects)
        #expect(FitStateLimits.passBytes(components: [], partials: 5, workers: 8) == 0)
    }

    @Test("an uplift state claiming 60,000 design columns is refused on reading", arguments: [UpliftLearner.twoModel, .xLearner])
    func upliftColumns(_ learner: UpliftLearner) throws {
        let state = try Self.upliftState(learner)
        #expect(state.request == .components && state.components.count == 2)
        _ = try UpliftFitState.decode(try JSONFormat.encode(state), name: "s")
        let edited = Self.doctored(state, levels: 60_000)
        let bytes = try JSONFormat.encode(edited)
        let m = Self.message { _ = try UpliftFitState.decode(bytes, name: "--state 'big.json'") }
        #expect(m.hasPrefix("--state 'big.json': its design encoding claims 60000 design columns, more than the 10000"), "\(m)")
        #expect(Self.message { _ = try UpliftPartial.compute(state: edited, stateSHA256: "", table: Table()) }.contains("claims 60000 design columns"))
    }

    @Test("an uplift pass holds every active component's matrices: the budget counts them all", arguments: [UpliftLearner.twoModel, .xLearner])
    func upliftMemory(_ learner: UpliftLearner) throws {
        let state = try UpliftFitState.decode(try JSONFormat.encode(Self.doctored(try Self.upliftState(learner), levels: 2_000)), name: "s")
        #expect(state.passComponents.columns == [2_000, 2_000])
        let m = Self.message { try state.checkPassMemory(name: "s", partials: 0, limit: (10_000_000, "a test budget")) }
        #expect(m.contains("s: computing a partial of its pass needs about ") && m.contains(" for 2 component matrices of up to 2000 × 2000 of doubles"), "\(m)")
        let one = FitStateLimits.passBytes(components: [2_000], partials: 0)
        let second: Double = 8 * 2_000 * 2_000
        #expect(FitStateLimits.passBytes(components: [2_000, 2_000], partials: 0) == one + second)
        #expect(Self.message { try state.checkPassMemory(name: "s", partials: 0, limit: (UInt64(one), "a test budget")) }.contains("more than"))
    }

    @Test("the X-learner's effect pass counts its two Gram sums per treated arm")
    func effectPass() throws {
        var state = try Self.upliftState(.xLearner)
        for _ in 0..<30 where !state.needsEffects {
            let digest = SHA256.hexDigest(of: try JSONFormat.encode(state))
            let partial = try UpliftPartial.compute(state: state, stateSHA256: digest, table: try Self.table)
            state = try state.merging([("all", partial)], provenance: Provenance(commandLine: [], data: nil, blas: "")).state
        }
        #expect(state.needsEffects)
        let p = state.encoding!.termNames.count
        #expect(state.passComponents.columns.isEmpty && state.passComponents.effectMatrices == 2 && state.passComponents.effectColumns == p)
        let m = Self.message { try state.checkPassMemory(name: "s", partials: 1, limit: (1_000, "a test budget")) }
        #expect(m.hasPrefix("s: merging 1 partial(s) of its pass needs about ") && m.contains("2 component matrices of up to \(p) × \(p)"), "\(m)")
        // A worker also holds the two outcome models it replays (a p × p covariance each); a merge does not.
        let sums = FitStateLimits.passBytes(components: [], effectMatrices: 2, effectColumns: p, partials: 0)
        let worker = sums + 2 * 8 * Double(p * p)
        #expect(state.passBytes(partials: 0) == worker)
        #expect(state.passBytes(partials: 7) == FitStateLimits.passBytes(components: [], effectMatrices: 2, effectColumns: p, partials: 1))
        try state.checkPassMemory(name: "s", partials: 0, limit: (UInt64(worker), "a test budget"))
        #expect(Self.message { try state.checkPassMemory(name: "s", partials: 0, limit: (UInt64(worker) - 1, "a test budget")) }
                .hasPrefix("s: computing a partial of its pass needs about "))
        // Once the partition is read: its design and the copies of its rows, 4 arrays of its 600 rows of p columns at most.
        let copies = 8 * 600 * Double(p) * 4
        try state.checkPartitionMemory(name: "s", rows: 600, limit: (UInt64(worker + copies), "a test budget"))
        let r = Self.message { try state.checkPartitionMemory(name: "s", rows: 600, limit: (UInt64(worker + copies) - 1, "a test budget")) }
        #expect(r.hasPrefix("s: this partition's 600 rows of \(p) design columns make its design and one component's copy of its rows (with the S-learner's interaction columns) or the X-learner's copies of control's and one arm's rows besides the pass's sums: about "), "\(r)")
        #expect(r.hasSuffix(", a test budget; split the data into more partitions, or run it on a machine with more memory"), "\(r)")
        try state.checkPartitionMemory(name: "s", rows: 600, limit: nil)
        // The outcome models' pass copies rows too, and is checked against its own sums (no replayed models).
        let before = try Self.upliftState(.xLearner)
        #expect(!before.needsEffects && !before.passComponents.columns.isEmpty)
        let outcomeSums = before.passBytes(partials: 0)
        try before.checkPartitionMemory(name: "s", rows: 600, limit: (UInt64(outcomeSums + copies), "a test budget"))
        #expect(Self.message { try before.checkPartitionMemory(name: "s", rows: 600, limit: (UInt64(outcomeSums + copies) - 1, "a test budget")) }
                .hasPrefix("s: this partition's 600 rows of "))
        // A logistic worker holds its design: 8·n·p bytes.
        let logistic = try Self.logisticState()
        #expect(logistic.request?.kind == .summary)
        let lp = try #require(logistic.passComponents.max())
        let logisticSums = FitStateLimits.passBytes(components: logistic.passComponents, partials: 0)
        try logistic.checkPartitionMemory(name: "l", rows: 600, limit: (UInt64(logisticSums + 8 * 600 * Double(lp)), "a test budget"))
        #expect(Self.message { try logistic.checkPartitionMemory(name: "l", rows: 600, limit: (UInt64(logisticSums + 8 * 600 * Double(lp)) - 1, "a test budget")) }
                .hasPrefix("l: this partition's 600 rows of \(lp) design columns make its design besides the pass's sums: about "))
    }

    @Test("a partial whose matrices are not of the state's size is refused before it is added")
    func partialSizes() throws {
        let state = try Self.logisticState()
        let p = state.encoding!.termNames.count
        let digest = SHA256.hexDigest(of: try JSONFormat.encode(state))
        var partial = try LogisticPartial.compute(state: state, stateSHA256: digest, table: try Self.table)
        let provenance = Provenance(commandLine: [], data: nil, blas: "")
        _ = try state.merging([("p.json", partial)], provenance: provenance)
        partial.summary!.atZero.hessian = .init(repeating: 0, count: (p + 1) * (p + 1))
        #expect(Self.message { _ = try state.merging([("p.json", partial)], provenance: provenance) }
                == "p.json: an evaluation has \(p) gradient and \((p + 1) * (p + 1)) Hessian entries for \(p) columns")
        partial.summary!.largest.append(1)
        #expect(Self.message { _ = try state.merging([("p.json", partial)], provenance: provenance) } == "p.json holds no summary of \(p) design columns")
    }
}
