import Testing
@testable import GlassboxCore

/// The progress display's lines, rendered from updates with a fake clock (the times are passed in): the
/// read passes' bytes with rate and ETA, the data passes of a streamed fit with an ETA from the previous
/// pass, redraw throttling and terminal escaping. No timing is measured.
@Suite struct ProgressLineRendererTests {
    func update(_ task: String, _ completed: Int, _ total: Int?, _ unit: String, finished: Bool = false) -> ProgressUpdate {
        ProgressUpdate(task: task, completed: completed, total: total, unit: unit, finished: finished)
    }

    @Test func readPassShowsBytesRateAndETAFromTheFileSize() {
        var renderer = ProgressLineRenderer()
        let size = 4_000_000_000
        #expect(renderer.render(update("levels pass", 0, size, "bytes"), now: 10, columns: nil)
                == "\rlevels pass  [░░░░░░░░░░░░░░░░░░░░]    0%  0/4.0G bytes  --/s  ETA --")
        // 1 GB in 4 s: 250 MB/s, 3 GB left → 12 s.
        #expect(renderer.render(update("levels pass", 1_000_000_000, size, "bytes"), now: 14, columns: nil)
                == "\rlevels pass  [█████░░░░░░░░░░░░░░░]   25%  1.0G/4.0G bytes  250.0M/s  ETA 0:12")
        // Throttled: less than 0.1 s since the last line.
        #expect(renderer.render(update("levels pass", 1_100_000_000, size, "bytes"), now: 14.05, columns: nil) == nil)
        #expect(renderer.render(update("levels pass", size, size, "bytes", finished: true), now: 26, columns: nil)
                == "\rlevels pass  [████████████████████]  100%  4.0G/4.0G bytes  250.0M/s  ETA 0:00\n")
    }

    @Test func passesShowElapsedAndAnETAFromThePreviousPassThenTheirDuration() {
        var renderer = ProgressLineRenderer()
        let unit = ProgressLineRenderer.passUnit
        #expect(renderer.render(update("IRLS pass 1: summary at β = 0", 0, nil, unit), now: 100, columns: nil)
                == "\rIRLS pass 1: summary at β = 0  elapsed 0:00  ETA --")
        #expect(renderer.render(update("IRLS pass 1: summary at β = 0", 0, nil, unit, finished: true), now: 141, columns: nil)
                == "\rIRLS pass 1: summary at β = 0  done in 0:41" + String(repeating: " ", count: 8) + "\n")
        let task = "IRLS iteration 1: pass 2, deviance 138629436.1"
        #expect(renderer.render(update(task, 0, nil, unit), now: 141, columns: nil) == "\r\(task)  elapsed 0:00  ETA 0:41")
        #expect(renderer.render(update(task, 0, nil, unit, finished: true), now: 180, columns: nil) == "\r\(task)  done in 0:39" + String(repeating: " ", count: 10) + "\n")
        // The next pass's estimate is the last pass's 39 s; overdue shows 0:00.
        #expect(renderer.render(update("IRLS iteration 2: pass 3, deviance 120000000.0", 0, nil, unit), now: 180, columns: nil)
                == "\rIRLS iteration 2: pass 3, deviance 120000000.0  elapsed 0:00  ETA 0:39")
        #expect(ProgressFormat.passLine(task: "t", elapsed: 50, previous: 39, finished: false) == "t  elapsed 0:50  ETA 0:00")
    }

    @Test func aNewTaskEndsAnOpenLineAndNamesAreEscapedAndCut() {
        var renderer = ProgressLineRenderer()
        _ = renderer.render(update("reading a.csv", 0, 100, "bytes"), now: 0, columns: nil)
        let next = renderer.render(update("reading \u{1B}[31mb.csv", 0, nil, "bytes"), now: 1, columns: 30)
        #expect(next?.hasPrefix("\n\r") == true)
        #expect(next?.contains("\u{1B}") == false)
        #expect(next.map { $0.count <= 2 + 29 } == true)
        #expect(renderer.clear() != nil)
        #expect(renderer.clear() == nil)
    }
}
