import Foundation
import Testing
import GlassboxCore
@testable import GlassboxTabular

/// Reading reports the bytes read, block by block, and ends with the whole file; a late text column's
/// second pass is reported as its own task. The table is the same with and without an observer.
@Suite struct CSVProgressTests {
    final class Recorder: Sendable {
        let updates = LockedValue<[ProgressUpdate]>([])
        var observer: ProgressObserver { ProgressObserver { update in self.updates.withLock { $0.append(update) } } }
        var all: [ProgressUpdate] { updates.withLock { $0 } }
    }

    /// Reads `text` from a temporary file in 4 kB blocks with a recording observer; also returns the file's name.
    func readRecorded(_ text: String) throws -> (result: CSVReadResult, updates: [ProgressUpdate], name: String, plain: CSVReadResult) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("csv-progress-\(UUID().uuidString).csv").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let recorder = Recorder()
        var options = CSVOptions()
        options.blockSize = 4096
        let result = try CSVReader.read(path: path, options: options, progress: recorder.observer)
        let plain = try CSVReader.read(path: path, options: options)
        return (result, recorder.all, URL(fileURLWithPath: path).lastPathComponent, plain)
    }

    @Test func bytesReadAreReportedBlockByBlock() throws {
        var text = "a,b\n"
        for i in 0..<3_000 { text += "\(i),\(Double(i) / 7)\n" }
        let (shown, updates, name, plain) = try readRecorded(text)
        #expect(identical(shown.table, plain.table) && shown.sha256 == plain.sha256)
        #expect(updates.allSatisfy { $0.task == "reading \(name)" && $0.unit == "bytes" && $0.total == text.utf8.count })
        #expect(updates.first?.completed == 0)
        #expect(updates.last?.finished == true && updates.last?.completed == text.utf8.count)
        #expect(updates.count > 10, "one update per 4 kB block")
        #expect(zip(updates, updates.dropFirst()).allSatisfy { $0.completed <= $1.completed })
    }

    @Test func aLateTextColumnIsReadAgainUnderItsOwnTask() throws {
        var text = "x,g\n"
        for i in 0..<2_000 { text += "\(i),\(i % 3)\n" }
        text += "5,late\n"
        let (result, updates, name, _) = try readRecorded(text)
        guard case .categorical = try result.table.column(named: "g") else {
            Issue.record("g should have turned to text")
            return
        }
        let tasks = updates.filter(\.finished).map(\.task)
        #expect(tasks == ["reading \(name)", "re-reading text columns of \(name)"])
        #expect(updates.filter(\.finished).allSatisfy { $0.completed == text.utf8.count })
    }
}
