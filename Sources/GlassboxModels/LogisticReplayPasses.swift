import GlassboxLinearAlgebra

/// The data passes of a distributed fit, answered from the merged answers recorded in its state, in
/// order; a pass not yet made is thrown as ``LogisticPassNeeded`` (the next state's request). Because the
/// fit algorithm is deterministic, replaying it over the same answers asks for the same passes with the
/// same coefficients, bit for bit; a recorded request that differs means the state was edited.
struct LogisticReplayPasses: LogisticDataPasses {
    let history: [LogisticFitState.Answer]
    let responseName: String
    let weightsName: String?
    private var next = 0

    init(history: [LogisticFitState.Answer], responseName: String, weightsName: String?) {
        self.history = history
        self.responseName = responseName
        self.weightsName = weightsName
    }

    private mutating func answer(to request: LogisticPassRequest) throws -> LogisticFitState.Answer {
        guard next < history.count else { throw LogisticPassNeeded(request: request) }
        let recorded = history[next]
        guard recorded.request == request else {
            throw ModelError.invalidFitState("the state's pass \(next + 1) answers another request than the fit asks for (was the state edited?)")
        }
        next += 1
        return recorded
    }

    mutating func summary() throws -> LogisticDataSummary {
        guard let s = try answer(to: LogisticPassRequest(kind: .summary)).summary else { throw ModelError.invalidFitState("a summary pass holds no summary") }
        if let weightsName, s.positiveRows == 0 { throw ModelError.allWeightsZero(name: weightsName) }
        return try LogisticDataSummary(s)
    }

    mutating func evaluate(beta: [Double], kept: [Int]) throws -> LogisticEvaluation {
        let request = LogisticPassRequest(kind: .evaluate, kept: kept, beta: beta)
        guard let e = try answer(to: request).evaluation else { throw ModelError.invalidFitState("an evaluation pass holds no evaluation") }
        return try e.evaluation(k: kept.count, in: "the state")
    }

    mutating func meat(beta: [Double], kept: [Int], covariance: CovarianceType, bread: Matrix) throws -> LogisticMeat {
        let request = LogisticPassRequest(kind: .meat, kept: kept, beta: beta, covariance: covariance,
                                          bread: covariance == .hc2 || covariance == .hc3 ? bread.storage : nil)
        let k = kept.count
        guard let m = try answer(to: request).meat, m.count == k * k else { throw ModelError.invalidFitState("a meat pass holds no meat of \(k) columns") }
        return LogisticMeat(matrix: Matrix(rows: k, columns: k, columnMajor: m), clusterCount: history[next - 1].clusterCount)
    }
}
