import Testing
@testable import GlassboxCore

/// Issue 16 item 2 ("bytes/rows, passes, iterations with ETA"): a pass reading a file in chunks counts the
/// chunks' rows beside their bytes, and its line shows both, keeping the rate and ETA of the bytes.
@Suite struct ProgressRowsTests {
    @Test func aCounterCarriesTheRowsOfTheChunksAdvanced() {
        let recorder = ProgressObserverTests.Recorder()
        let counter = recorder.observer.start("levels pass", total: 300, unit: "bytes")
        counter.advance(by: 100, rows: 7)
        counter.advance(by: 150, rows: 11)
        counter.advance(by: 50)  // the header's bytes: no rows
        counter.finish()
        #expect(recorder.all.map(\.completed) == [0, 100, 250, 300, 300])
        #expect(recorder.all.map(\.rows) == [nil, 7, 18, 18, 18])
        #expect(recorder.all.last == ProgressUpdate(task: "levels pass", completed: 300, total: 300, unit: "bytes", finished: true, rows: 18))
    }

    @Test func aByteLineShowsTheRowsAfterTheBytesWithTheRateAndETAOfTheBytes() {
        var renderer = ProgressLineRenderer()
        let size = 4_000_000_000
        #expect(renderer.render(ProgressUpdate(task: "design pass", completed: 0, total: size, unit: "bytes", finished: false), now: 10, columns: nil)
                == "\rdesign pass  [░░░░░░░░░░░░░░░░░░░░]    0%  0/4.0G bytes  --/s  ETA --")
        #expect(renderer.render(ProgressUpdate(task: "design pass", completed: 1_000_000_000, total: size, unit: "bytes", finished: false,
                                               rows: 15_300_000), now: 14, columns: nil)
                == "\rdesign pass  [█████░░░░░░░░░░░░░░░]   25%  1.0G/4.0G bytes, 15.3M rows  250.0M/s  ETA 0:12")
        #expect(renderer.render(ProgressUpdate(task: "design pass", completed: size, total: size, unit: "bytes", finished: true,
                                               rows: 61_200_000), now: 26, columns: nil)
                == "\rdesign pass  [████████████████████]  100%  4.0G/4.0G bytes, 61.2M rows  250.0M/s  ETA 0:00\n")
        // Without a known size: the count, the rows, the rate and the time elapsed.
        #expect(ProgressFormat.line(task: "scoring", completed: 2_000_000, total: nil, unit: "bytes", elapsed: 2, rows: 9_999)
                == "scoring  2.0M bytes, 9999 rows  1.0M/s  elapsed 0:02  ETA --")
    }
}
