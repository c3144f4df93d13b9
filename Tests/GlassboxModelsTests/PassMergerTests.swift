import Foundation
import Testing
import GlassboxCore
import GlassboxLinearAlgebra
@testable import GlassboxModels
import GlassboxTabular

/// A distributed merge adds its partials one at a time (``LogisticPassMerger``, ``UpliftPassMerger``; docs/scale.md
/// §2): the sums are those of merging every partial at once, in the same order, bit for bit, and a merge's memory
/// does not grow with the number of partitions.
@Suite("distributed merges add partials one at a time")
struct PassMergerTests {
    static let source = LogisticFitState.Source(commandLine: [], dataName: "-", dataSHA256: String(repeating: "0", count: 64))
    static let provenance = Provenance(commandLine: [], data: nil, blas: "")

    /// 600 rows: g cycles through a, b, c; x a seeded number; y a seeded coin leaning on x; t a 0/1 treatment in runs
    /// of three; cl one of 30 clusters.
    static let rows: [String] = {
        var generator = SeededGenerator(seed: 11)
        return (0..<600).map { i in
            let x = Double(generator.next() % 1_000) / 250 - 2
            let y = Double(generator.next() % 1_000) / 1_000 < 1 / (1 + exp(-x)) ? 1 : 0
            return "\(y),\(["a", "b", "c"][i % 3]),\(x),\((i / 3) % 2),\(i % 30)"
        }
    }()

    /// The rows cut into `count` blocks of consecutive rows, each a table.
    static func blocks(_ count: Int) throws -> [Table] {
        let size = rows.count / count
        return try (0..<count).map { b in
            let text = "y,g,x,t,cl\n" + rows[(b * size)..<((b + 1) * size)].map { $0 + "\n" }.joined()
            return try CSVReader.read(bytes: Array(text.utf8)).table
        }
    }

    /// A partial as a merge reads it: written and read back.
    static func roundTrip<T: Codable>(_ value: T) throws -> T {
        try JSONFormat.decoder().decode(T.self, from: Data(try JSONFormat.encode(value)))
    }

    /// The merged evaluation as the merge before incremental merging computed it (every partial decoded first, then
    /// `LogisticEvaluation.merged` of the running total and each, the Hessian symmetrised at the end): the oracle
    /// the incremental sums must equal bit for bit.
    static func allAtOnce(_ evaluations: [LogisticPartial.Evaluation], k: Int) -> LogisticEvaluation {
        var sum = LogisticEvaluation(deviance: 0, gradient: .init(repeating: 0, count: k), hessian: Matrix(rows: k, columns: k), extremeCount: 0, extremeEta: 0)
        for e in evaluations {
            let part = LogisticEvaluation(deviance: e.deviance, gradient: e.gradient, hessian: Matrix(rows: k, columns: k, columnMajor: e.hessian),
                                          extremeCount: e.extremeCount, extremeEta: e.extremeEta)
            sum = LogisticEvaluation.merged([sum, part], p: k, symmetrize: false)
        }
        sum.hessian.symmetrizeFromUpper()
        return sum
    }

    static func bits(_ e: LogisticPartial.Evaluation) -> [UInt64] {
        ([e.deviance, e.extremeEta] + e.gradient + e.hessian).map(\.bitPattern) + [UInt64(e.extremeCount)]
    }

    /// Checks the merged `answer` of a pass against the partials folded all at once, as the merge before incremental
    /// merging did: the summed evaluation and row and weight totals (summary), the summed evaluation, the meat summed
    /// entry by entry, or the cluster scores folded by key in the order the keys first occur and their Gram matrix.
    static func expectFolded(_ answer: LogisticFitState.Answer, request: LogisticPassRequest, p: Int, partials: [LogisticPartial]) throws {
        let k = request.kept?.count ?? p
        switch request.kind {
        case .levels:
            break
        case .summary:
            let summaries = partials.compactMap(\.summary)
            let summary = try #require(answer.summary)
            #expect(bits(summary.atZero) == bits(.init(allAtOnce(summaries.map(\.atZero), k: p))))
            #expect(summary.rows == summaries.reduce(0) { $0 + $1.rows })
            #expect(summary.positiveRows == summaries.reduce(0) { $0 + $1.positiveRows })
            #expect(summary.totalWeight.bitPattern == summaries.filter { $0.rows > 0 }.reduce(0.0) { $0 + $1.totalWeight }.bitPattern)
            #expect(summary.positiveWeight.bitPattern == summaries.filter { $0.rows > 0 }.reduce(0.0) { $0 + $1.positiveWeight }.bitPattern)
        case .evaluate:
            #expect(bits(try #require(answer.evaluation)) == bits(.init(allAtOnce(partials.compactMap(\.evaluation), k: k))))
        case .meat where request.covariance == .cluster:
            var order = [String](), scores = [String: [Double]]()
            for c in partials.compactMap(\.clusters) {
                for (key, score) in zip(c.keys, c.scores) {
                    if let sum = scores[key] { scores[key] = zip(sum, score).map { $0 + $1 } } else { order.append(key); scores[key] = score }
                }
            }
            var matrix = Matrix(rows: order.count, columns: k)
            for (row, key) in order.enumerated() { for j in 0..<k { matrix[row, j] = scores[key]![j] } }
            #expect(answer.clusterCount == order.count)
            #expect(try #require(answer.meat).map(\.bitPattern) == (try matrix.weightedGram(weights: nil)).storage.map(\.bitPattern))
        case .meat:
            var sum = [Double](repeating: 0, count: k * k)
            for partial in partials { for i in sum.indices { sum[i] += partial.meat![i] } }
            var matrix = Matrix(rows: k, columns: k, columnMajor: sum)
            matrix.symmetrizeFromUpper()
            #expect(try #require(answer.meat).map(\.bitPattern) == matrix.storage.map(\.bitPattern))
        }
    }

    static func message(_ body: () throws -> Void) -> String {
        do { try body() } catch { return "\(error)" }
        return "no error"
    }

    @Test("40 partials added one at a time give every pass's sums of merging them all at once, bit for bit",
          arguments: [CovarianceType.hc3, .cluster])
    func fortyPartials(_ covariance: CovarianceType) throws {
        let tables = try Self.blocks(40)
        let training = LogisticTraining(formula: "y ~ g + x", clusterColumn: covariance == .cluster ? "cl" : nil, covariance: covariance)
        var state = try LogisticFitState(training: training, source: Self.source)
        var model: LogisticModelFile?
        for _ in 0..<40 where model == nil {
            let digest = SHA256.hexDigest(of: try JSONFormat.encode(state))
            let partials = try tables.map { try Self.roundTrip(try LogisticPartial.compute(state: state, stateSHA256: digest, table: $0)) }
            var merger = try LogisticPassMerger(state: state)
            for (i, partial) in partials.enumerated() { try merger.add(partial, name: "part-\(i).json") }
            #expect(merger.count == 40)
            let (next, file) = try merger.finished(provenance: Self.provenance)
            if state.request!.kind == .levels {
                #expect(next.encoding!.termNames == ["(Intercept)", "g[b]", "g[c]", "x"])
            } else {
                try Self.expectFolded(try #require(next.history.last), request: state.request!, p: state.encoding!.termNames.count, partials: partials)
            }
            state = next
            model = file
        }
        #expect(state.status == LogisticFitState.done)
        #expect(state.history.contains { $0.request.kind == .meat })
        // The whole table in one partition: the same model to rounding.
        let whole = try Self.blocks(1)[0]
        var single = try LogisticFitState(training: training, source: Self.source)
        var singleModel: LogisticModelFile?
        for _ in 0..<40 where singleModel == nil {
            let partial = try LogisticPartial.compute(state: single, stateSHA256: SHA256.hexDigest(of: try JSONFormat.encode(single)), table: whole)
            (single, singleModel) = try single.merging([("all", partial)], provenance: Self.provenance)
        }
        let a = try #require(model).coefficients, b = try #require(singleModel).coefficients
        #expect(a.count == b.count)
        for (x, y) in zip(a, b) {
            let (u, v) = (try #require(x.estimate), try #require(y.estimate))
            #expect(abs(u - v) <= 1e-12 * max(1, abs(v)))
            #expect(abs((x.stdError ?? 0) - (y.stdError ?? 0)) <= 1e-12 * max(1, abs(y.stdError ?? 0)))
        }
    }

    @Test("a bad partial in the middle is refused by name before its numbers are added; the sum is unchanged by it")
    func badPartialInTheMiddle() throws {
        let tables = try Self.blocks(40)
        var state = try LogisticFitState(training: LogisticTraining(formula: "y ~ g + x"), source: Self.source)
        state = try state.merging(try tables.enumerated().map { ("p\($0.offset)", try LogisticPartial.compute(state: state, stateSHA256: "", table: $0.element)) },
                                  provenance: Self.provenance).state
        #expect(state.request?.kind == .summary)
        let partials = try tables.map { try LogisticPartial.compute(state: state, stateSHA256: "", table: $0) }
        var merger = try LogisticPassMerger(state: state)
        for i in 0..<20 { try merger.add(partials[i], name: "part-\(i).json") }
        var bad = partials[20]
        bad.summary!.atZero.hessian.append(0)
        #expect(Self.message { try merger.add(bad, name: "part-20.json") } == "part-20.json: an evaluation has 4 gradient and 17 Hessian entries for 4 columns")
        bad = partials[20]
        bad.summary!.rows = DesignLevels.maximumRowCount
        #expect(Self.message { try merger.add(bad, name: "part-20.json") }.hasPrefix("part-20.json: "))
        #expect(merger.count == 20)
        // The refused partials added nothing: the good ones complete the same pass as a merge of all 40.
        for i in 20..<40 { try merger.add(partials[i], name: "part-\(i).json") }
        #expect(try merger.finished(provenance: Self.provenance).state == (try state.merging(partials.enumerated().map { ("p\($0.offset)", $0.element) }, provenance: Self.provenance).state))
    }

    @Test("an uplift pass of 40 partials added one at a time equals merging them all at once, every pass, to the model file",
          arguments: [UpliftLearner.twoModel, .xLearner])
    func upliftForty(_ learner: UpliftLearner) throws {
        let tables = try Self.blocks(40)
        var state = try UpliftFitState(formula: "y ~ g + x", treatment: UpliftTreatment(column: "t", treated: ["1"], control: "0"),
                                       model: UpliftModel(learner: learner), source: Self.source)
        var model: UpliftModelFile?
        var effectPass = false, checkedComponents = 0
        for _ in 0..<40 where model == nil {
            let digest = SHA256.hexDigest(of: try JSONFormat.encode(state))
            let partials = try tables.map { try Self.roundTrip(try UpliftPartial.compute(state: state, stateSHA256: digest, table: $0)) }
            var merger = try UpliftPassMerger(state: state)
            for (i, partial) in partials.enumerated() { try merger.add(partial, name: "part-\(i).json") }
            let (next, file) = try merger.finished(provenance: Self.provenance)
            if state.request == .components {
                // Every active component's answer against its partials folded all at once.
                for k in state.components.indices where state.isActive(k) {
                    let component = state.components[k]
                    try Self.expectFolded(try #require(next.components[k].history.last), request: try #require(component.request),
                                          p: try #require(component.designTermNames).count, partials: partials.compactMap { $0.components?[k] ?? nil })
                    checkedComponents += 1
                }
            }
            if state.needsEffects {
                effectPass = true
                // The effect sums as they were merged before: every partial's added entry by entry, from zero.
                let p = state.encoding!.termNames.count
                for a in next.effectSums!.indices {
                    var folded = [[Double](repeating: 0, count: p * p), .init(repeating: 0, count: p), .init(repeating: 0, count: p * p), .init(repeating: 0, count: p)]
                    for partial in partials {
                        let e = partial.effectSums![a]
                        for (i, part) in [e.treatedGram, e.treatedProduct, e.controlGram, e.controlProduct].enumerated() { folded[i] = zip(folded[i], part).map { $0 + $1 } }
                    }
                    let merged = next.effectSums![a]
                    #expect([merged.treatedGram, merged.treatedProduct, merged.controlGram, merged.controlProduct].map { $0.map(\.bitPattern) }
                            == folded.map { $0.map(\.bitPattern) })
                }
            }
            (state, model) = (next, file)
        }
        #expect(model != nil)
        #expect(effectPass == (learner == .xLearner))
        #expect(checkedComponents >= 4)
    }

    @Test("a merge's memory estimate holds one partial besides its running sums, however many it reads")
    func mergeEstimate() throws {
        var state = try LogisticFitState(training: LogisticTraining(formula: "y ~ g + x"), source: Self.source)
        state = try state.merging([("all", try LogisticPartial.compute(state: state, stateSHA256: "", table: try Self.blocks(1)[0]))], provenance: Self.provenance).state
        let p = 4.0
        let merge = FitStateLimits.passBytes(components: [4], partials: FitStateLimits.partialsHeldByMerge)
        let old = FitStateLimits.passBytes(components: [4], partials: 40)
        #expect(old - merge == 39 * 8 * p * p)
        // A budget the old estimate of 40 partials exceeded, and the merge of one at a time fits.
        let budget = (UInt64(merge), "a test budget")
        try state.checkPassMemory(name: "s", partials: 40, limit: budget)
        try state.checkPassMemory(name: "s", partials: 4_000, limit: budget)
        let m = Self.message { try state.checkPassMemory(name: "s", partials: 40, limit: (UInt64(merge) - 1, "a test budget")) }
        #expect(m.hasPrefix("s: merging 40 partial(s) of its pass needs about "), "\(m)")
        #expect(m.hasSuffix("; run it on a machine with more memory, or fit fewer design columns (group rare levels) or fewer treated values at once"), "\(m)")
        #expect(!m.contains("partitions"))
    }
}
