import Foundation
import Testing
import GlassboxTabular

extension CSVRowSampleTests {
    @Test("records beyond maximumSampleBytes stop the draw; within it the sample is drawn")
    func sampleBytesBound() throws {
        let path = try file("id\n" + (0..<1_000).map { String(1_000 + $0) }.joined(separator: "\n") + "\n")
        defer { unlink(path) }
        #expect(throws: CSVRowSample.TooLarge.self) { try CSVRowSample.draw(path: path, count: 1_000, seed: 1, maximumSampleBytes: 4_000) }
        #expect(try CSVRowSample.draw(path: path, count: 500, seed: 1, maximumSampleBytes: 4_000).rowCount == 500)
    }
}
