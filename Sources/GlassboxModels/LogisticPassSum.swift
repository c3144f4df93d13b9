import GlassboxCore
import GlassboxLinearAlgebra

/// The running sum of one data pass (summary, evaluation or meat) of a distributed logistic fit: the partials of
/// the pass are added one at a time, in partition order, each checked against the state's column count before
/// its numbers are added (docs/scale.md §2), so a merge holds this sum and the partial being added — not every
/// partial of the pass at once. ``answer()`` gives the merged answer the fit's replay reads.
///
/// The additions are those of a merge over every partial at once, in the same order (each sum starts at zero
/// and adds partition 0, 1, …), so the answer is bit for bit the same whichever way the partials arrive.
struct LogisticPassSum: Sendable {
    let request: LogisticPassRequest
    /// The design's columns (p) and the request's kept columns (k).
    let p: Int, k: Int
    private(set) var count = 0
    private var evaluation: LogisticEvaluation
    private var summary: LogisticPartial.Summary?
    private var meat: [Double]
    private var clusterIndex = [String: Int]()
    private var clusterScores = [[Double]]()

    /// An empty sum of the pass `request` over a design of `p` columns.
    init(request: LogisticPassRequest, p: Int) {
        self.request = request
        self.p = p
        k = request.kept?.count ?? p
        let n = request.kind == .summary ? p : k
        evaluation = LogisticEvaluation(deviance: 0, gradient: .init(repeating: 0, count: request.kind == .levels || request.kind == .meat ? 0 : n),
                                        hessian: Matrix(rows: request.kind == .levels || request.kind == .meat ? 0 : n,
                                                        columns: request.kind == .levels || request.kind == .meat ? 0 : n),
                                        extremeCount: 0, extremeEta: 0)
        meat = request.kind == .meat && request.covariance != .cluster ? .init(repeating: 0, count: k * k) : []
    }

    /// Checks `part` (read from `name`) against the pass, the design's size and the counts added so far, without
    /// adding it.
    /// - Throws: ``ModelError/invalidFitState(_:)`` naming `name` when the partial lacks the pass's sums, they
    ///   have another size, or a count would leave its range.
    func check(_ part: LogisticPartial, name: String) throws {
        switch request.kind {
        case .levels:
            throw ModelError.invalidFitState("\(name): the levels pass is not a data pass")
        case .summary:
            guard let s = part.summary, s.largest.count == p, s.constant.count == p, s.first.count == (s.rows > 0 ? p : 0), s.rows >= 0 else {
                throw ModelError.invalidFitState("\(name) holds no summary of \(p) design columns")
            }
            _ = try ModelError.addingRowCount(s.positiveRows, to: ModelError.addingRowCount(s.rows, to: 0, in: name), in: name)
            let e = try s.atZero.evaluation(k: p, in: name)
            _ = try ModelError.addingRowCount(e.extremeCount, to: evaluation.extremeCount, in: name)
            if let t = summary, s.rows > 0 {
                _ = try ModelError.addingRowCount(s.rows, to: t.rows, in: name)
                _ = try ModelError.addingRowCount(s.positiveRows, to: t.positiveRows, in: name)
            }
        case .evaluate:
            guard let wire = part.evaluation else { throw ModelError.invalidFitState("\(name) holds no evaluation") }
            let e = try wire.evaluation(k: k, in: name)
            _ = try ModelError.addingRowCount(e.extremeCount, to: evaluation.extremeCount, in: name)
        case .meat where request.covariance == .cluster:
            guard let c = part.clusters, c.keys.count == c.scores.count, c.scores.allSatisfy({ $0.count == k }) else {
                throw ModelError.invalidFitState("\(name) holds no cluster scores of \(k) columns")
            }
        case .meat:
            guard let m = part.meat, m.count == k * k else { throw ModelError.invalidFitState("\(name) holds no meat of \(k) columns") }
        }
    }

    /// Checks `part` (``check(_:name:)``), then adds it: a refused partial leaves the sum as it was.
    mutating func add(_ part: LogisticPartial, name: String) throws {
        try check(part, name: name)
        switch request.kind {
        case .levels:
            break
        case .summary:
            guard let s = part.summary else { break }
            if s.rows > 0 {
                if var t = summary {
                    summary = nil  // uniquely referenced while updated
                    for j in 0..<p {
                        t.constant[j] = t.constant[j] && s.constant[j] && t.first[j] == s.first[j]
                        t.largest[j] = max(t.largest[j], s.largest[j])
                    }
                    t.rows += s.rows
                    t.totalWeight += s.totalWeight
                    t.positiveWeight += s.positiveWeight
                    t.positiveRows += s.positiveRows
                    t.seenZero = t.seenZero || s.seenZero
                    t.seenOne = t.seenOne || s.seenOne
                    summary = t
                } else {
                    // The first partition with rows: its summary without its evaluation (summed below).
                    var first = s
                    first.atZero = LogisticPartial.Evaluation(deviance: 0, gradient: [], hessian: [], extremeCount: 0, extremeEta: 0)
                    summary = first
                }
            }
            evaluation.add(try s.atZero.evaluation(k: p, in: name))
        case .evaluate:
            guard let wire = part.evaluation else { break }
            evaluation.add(try wire.evaluation(k: k, in: name))
        case .meat where request.covariance == .cluster:
            guard let c = part.clusters else { break }
            for (key, s) in zip(c.keys, c.scores) {
                if let g = clusterIndex[key] {
                    for j in 0..<k { clusterScores[g][j] += s[j] }
                } else {
                    clusterIndex[key] = clusterScores.count
                    clusterScores.append(s)
                }
            }
        case .meat:
            guard let m = part.meat else { break }
            for i in 0..<(k * k) { meat[i] += m[i] }
        }
        count += 1
    }

    /// The merged answer of the partials added (at least one).
    /// - Throws: ``ModelError/noObservations`` for a summary without rows; ``ModelError/tooFewClusters(column:count:)``
    ///   for a cluster meat of fewer than two clusters (`clusterColumn` names it).
    func answer(clusterColumn: String?) throws -> LogisticFitState.Answer {
        guard count > 0 else { throw ModelError.invalidFitState("no partials to merge") }
        var answer = LogisticFitState.Answer(request: request)
        var sum = evaluation
        switch request.kind {
        case .levels:
            break
        case .summary:
            guard var t = summary else { throw ModelError.noObservations }
            sum.hessian.symmetrizeFromUpper()
            t.atZero = LogisticPartial.Evaluation(sum)
            answer.summary = t
        case .evaluate:
            sum.hessian.symmetrizeFromUpper()
            answer.evaluation = LogisticPartial.Evaluation(sum)
        case .meat where request.covariance == .cluster:
            let g = clusterScores.count
            if g < 2 { throw ModelError.tooFewClusters(column: clusterColumn ?? "cluster", count: g) }
            var matrix = Matrix(rows: g, columns: k)
            for (row, s) in clusterScores.enumerated() { for j in 0..<k { matrix[row, j] = s[j] } }
            answer.meat = try matrix.weightedGram(weights: nil).storage
            answer.clusterCount = g
        case .meat:
            var matrix = Matrix(rows: k, columns: k, columnMajor: meat)
            matrix.symmetrizeFromUpper()
            answer.meat = matrix.storage
        }
        return answer
    }
}
