import Testing
import GlassboxCore
import GlassboxLinearAlgebra
@testable import GlassboxModels

/// The IRLS pass line names the previous pass's deviance; a diverging fit's NaN or huge deviance must not trap.
@Suite struct LogisticPassProgressTests {
    /// Passes whose evaluations return the given deviances in turn.
    struct ScriptedPasses: LogisticDataPasses {
        var deviances: [Double]
        mutating func summary() throws -> LogisticDataSummary { fatalError("not used") }
        mutating func evaluate(beta: [Double], kept: [Int]) throws -> LogisticEvaluation {
            LogisticEvaluation(deviance: deviances.removeFirst(), gradient: [0], hessian: Matrix(rows: 1, columns: 1),
                               extremeCount: 0, extremeEta: 0)
        }
        mutating func meat(beta: [Double], kept: [Int], covariance: CovarianceType, bread: Matrix) throws -> LogisticMeat {
            fatalError("not used")
        }
    }

    @Test func passLinesAfterANaNAndAHugeDevianceDoNotTrap() throws {
        let tasks = LockedValue<[String]>([])
        let observer = ProgressObserver { update in if !update.finished { tasks.withLock { $0.append(update.task) } } }
        var passes = LogisticReportedPasses(base: ScriptedPasses(deviances: [.nan, 1e20, 5]),
                                            reporter: LogisticPassReporter(observer: observer))
        for _ in 0..<3 { _ = try passes.evaluate(beta: [0], kept: [0]) }
        let lines = tasks.withLock { $0 }
        #expect(lines == ["IRLS iteration 1: pass 1", "IRLS iteration 1: pass 2, deviance nan", "IRLS iteration 1: pass 3, deviance 1e+20"])
        var renderer = ProgressLineRenderer()
        for (n, line) in lines.enumerated() {
            let update = ProgressUpdate(task: line, completed: 0, total: nil, unit: ProgressLineRenderer.passUnit, finished: false)
            #expect(renderer.render(update, now: Double(n), columns: nil)?.contains(line) == true)
        }
    }
}
