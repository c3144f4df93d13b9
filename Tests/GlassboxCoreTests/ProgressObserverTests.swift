import Synchronization
import Testing
@testable import GlassboxCore

@Suite struct ProgressObserverTests {
    /// Collects every update the observer receives.
    final class Recorder: Sendable {
        let updates = Mutex<[ProgressUpdate]>([])
        var observer: ProgressObserver { ProgressObserver { update in self.updates.withLock { $0.append(update) } } }
        var all: [ProgressUpdate] { updates.withLock { $0 } }
    }

    @Test func startAdvanceFinishReportInOrder() {
        let recorder = Recorder()
        let counter = recorder.observer.start("fit", total: nil, unit: "iterations")
        counter.advance()
        counter.advance(by: 2)
        counter.finish()
        counter.finish()
        counter.advance()
        #expect(recorder.all.map(\.completed) == [0, 1, 3, 3])
        #expect(recorder.all.map(\.finished) == [false, false, false, true])
        #expect(recorder.all.allSatisfy { $0.task == "fit" && $0.total == nil && $0.unit == "iterations" })
    }

    @Test func concurrentAdvancesAreCountedOnceAndMonotonic() {
        let recorder = Recorder()
        let counter = recorder.observer.start("work", total: 500, unit: "tasks")
        _ = Parallel.map((0..<500).map { $0..<($0 + 1) }) { _ in counter.advance() }
        counter.finish()
        let counts = recorder.all.map(\.completed)
        #expect(counts.count == 502)
        #expect(counts == counts.sorted())
        #expect(counts.last == 500 && recorder.all.last?.finished == true)
    }

    @Test func finishAfterAnEarlyExitCarriesTheTrueCount() {
        let recorder = Recorder()
        let counter = recorder.observer.start("work", total: 10, unit: "tasks")
        counter.advance(by: 4)
        counter.finish()
        #expect(recorder.all.last == ProgressUpdate(task: "work", completed: 4, total: 10, unit: "tasks", finished: true))
    }
}
