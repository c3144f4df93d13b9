import GlassboxCore
import GlassboxLinearAlgebra

/// Reports each data pass of a fit as its own progress task (unit ``ProgressLineRenderer/passUnit``), for
/// fits whose passes are long (a streamed fit reads its whole design cache per pass, docs/scale.md §3):
///
///     IRLS pass 1: summary at β = 0
///     IRLS iteration 3: pass 5, deviance 123456.7
///     IRLS covariance: pass 9
///
/// The iteration is the Newton iteration the pass belongs to (step-halving and the polishing step add
/// passes); the deviance is that of the last pass made, the fit's current estimate. The renderer gives a
/// pass's ETA from the previous pass's duration.
final class LogisticPassReporter: Sendable {
    private let observer: ProgressObserver
    private let state = LockedValue<(passes: Int, iterationsDone: Int, deviance: Double?)>((0, 0, nil))

    init(observer: ProgressObserver) {
        self.observer = observer
    }

    /// The observer to give the Newton iterations: it records their count instead of drawing it.
    var iterations: ProgressObserver {
        ProgressObserver { [state] update in state.withLock { $0.iterationsDone = update.completed } }
    }

    /// Runs one pass as the task `label(pass number, current iteration, current deviance)`.
    func pass<T>(_ label: (Int, Int, Double?) -> String, deviance: (T) -> Double?, _ body: () throws -> T) rethrows -> T {
        let (number, iteration, current) = state.withLock { s in
            s.passes += 1
            return (s.passes, s.iterationsDone + 1, s.deviance)
        }
        let counter = observer.start(label(number, iteration, current), total: nil, unit: ProgressLineRenderer.passUnit)
        defer { counter.finish() }
        let result = try body()
        if let d = deviance(result) { state.withLock { $0.deviance = d } }
        return result
    }
}

/// ``LogisticDataPasses`` that report each pass through a ``LogisticPassReporter`` and are answered by `base`.
struct LogisticReportedPasses<Base: LogisticDataPasses>: LogisticDataPasses {
    var base: Base
    let reporter: LogisticPassReporter

    mutating func summary() throws -> LogisticDataSummary {
        try reporter.pass({ pass, _, _ in "IRLS pass \(pass): summary at β = 0" }, deviance: { $0.atZero.deviance }) { try base.summary() }
    }

    mutating func evaluate(beta: [Double], kept: [Int]) throws -> LogisticEvaluation {
        try reporter.pass({ pass, iteration, deviance in
            "IRLS iteration \(iteration): pass \(pass)" + (deviance.map { ", deviance " + ProgressFormat.oneDecimal($0) } ?? "")
        }, deviance: { $0.deviance }) { try base.evaluate(beta: beta, kept: kept) }
    }

    mutating func meat(beta: [Double], kept: [Int], covariance: CovarianceType, bread: Matrix) throws -> LogisticMeat {
        try reporter.pass({ pass, _, _ in "IRLS covariance: pass \(pass)" }, deviance: { _ in nil }) {
            try base.meat(beta: beta, kept: kept, covariance: covariance, bread: bread)
        }
    }
}
