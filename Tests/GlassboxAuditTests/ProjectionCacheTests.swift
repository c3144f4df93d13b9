import Foundation
import Testing
import GlassboxTestSupport
import GlassboxCore
import GlassboxTabular
@testable import GlassboxAudit

/// The projection cache of a streamed audit (``ProjectionCache``, docs/scale.md §5): the rows a streamed read
/// leaves in the cache are the whole-file read's, value for value, with labels first seen in later chunks
/// recoded to the sorted union; the cache has no name, is gone after success and after an error mid-read;
/// a `$TMPDIR` too small for its estimate is refused before anything is written.
@Suite("projection cache of a streamed audit")
struct ProjectionCacheTests {
    /// A seeded CSV of `rows` rows: score (3 decimals, blank every 97th row), outcome y (NA every 89th), weight w
    /// (blank every 101st), race (text; "Asian" only after row 3,000, blank every 53rd), county (numbers; 12
    /// only after row 4,000) and a column the audit does not read. With `badLine`, that line of the file (the
    /// header is line 1) has an extra field.
    static func csv(rows: Int, badLine: Int? = nil) -> String {
        var generator = SeededGenerator(seed: 42)
        var lines = ["score,y,w,race,county,note"]
        let races = ["white", "Black", "Latino"]
        for i in 0..<rows {
            let score = i % 97 == 5 ? "" : String(format: "%.3f", Double(generator.next() % 1000) / 1000)
            let y = i % 89 == 3 ? "NA" : "\(generator.next() % 2)"
            let w = i % 101 == 7 ? "" : String(format: "%.2f", 0.5 + Double(generator.next() % 150) / 100)
            let race = i % 53 == 1 ? "" : i > 3_000 && i % 4 == 0 ? "Asian" : races[Int(generator.next() % 3)]
            let county = i > 4_000 && i % 5 == 0 ? 12 : 1 + Int(generator.next() % 11)
            lines.append("\(score),\(y),\(w),\(race),\(county),n\(i % 7)" + (lines.count + 1 == badLine ? ",extra" : ""))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A fresh directory for one test's files and caches.
    static func scratchDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("glassbox-projection-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static let columns: Set<String> = ["score", "y", "w", "race", "county"]

    static func reader(_ path: String, chunkBytes: Int, cache: TemporaryDirectory, groupRows: Int) -> StreamingAuditReader {
        var reader = StreamingAuditReader(path: path, options: CSVOptions(), chunkBytes: chunkBytes, columns: columns, temporaryDirectory: cache)
        reader.cacheGroupRows = groupRows
        return reader
    }

    @Test("streamed rows are the whole-file rows (labels first seen late recoded to the sorted union) and audit to the same bytes",
          arguments: [(3_000, 1_000), (20_000, 7), (1 << 20, ProjectionCache.defaultGroupRows)])
    func sameRows(chunkBytes: Int, groupRows: Int) throws {
        let directory = try Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/voters.csv"
        try Self.csv(rows: 6_000).write(toFile: path, atomically: true, encoding: .utf8)
        let whole = try AuditData.from(table: try CSVReader.read(path: path).table, scoreColumn: "score", outcome: .column("y"),
                                       groups: ["race", "county"], weights: "w")
        let projected = try Self.reader(path, chunkBytes: chunkBytes, cache: TemporaryDirectory(path: directory), groupRows: groupRows)
            .auditData(model: nil, scoreColumn: "score", outcome: .column("y"), groups: ["race", "county"], weights: "w").data
        let cache = projected.cache
        #expect(cache.rows == whole.rowsUsed && cache.weighted && cache.attributes == 2)
        #expect(projected.rowsUsed == whole.rowsUsed && projected.attributeLabels == whole.attributeLabels)
        let streamed = projected.loaded()
        #expect(streamed.scores.map(\.bitPattern) == whole.scores.map(\.bitPattern))
        #expect(streamed.outcomes == whole.outcomes)
        #expect(streamed.weights == whole.weights)
        #expect(streamed.attributes == whole.attributes)
        #expect(streamed.rowsRead == whole.rowsRead && streamed.missingByColumn == whole.missingByColumn)
        #expect(streamed.scoreName == whole.scoreName && streamed.outcomeName == whole.outcomeName)
        // The file's first labels are not the first sorted ones: only the final recoding puts them in place.
        #expect(whole.attributes[0].levels == ["Asian", "Black", "Latino", "white", GroupAttribute.missingLabel])
        #expect(whole.attributes[0].codes.first != 0 && whole.attributes[1].levels.contains("12"), "\(whole.attributes[1].levels)")
        var config = AuditConfiguration()
        config.intersect = true
        config.decision = .top(0.3)
        config.bootstrap = 20
        let render = { (data: AuditData) in try BiasAudit.run(data, configuration: config).json(manifest: nil).rendered() }
        #expect(try render(streamed) == render(whole))
    }

    @Test("the cache is nameless while in use and gone, with its descriptor and mapping, after the audit data goes")
    func goneAfterSuccess() throws {
        let directory = try Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/voters.csv"
        try Self.csv(rows: 3_000).write(toFile: path, atomically: true, encoding: .utf8)
        let cacheDirectory = directory + "/tmp"
        try FileManager.default.createDirectory(atPath: cacheDirectory, withIntermediateDirectories: true)
        do {
            let data = try Self.reader(path, chunkBytes: 4_000, cache: TemporaryDirectory(path: cacheDirectory), groupRows: 500)
                .auditData(model: nil, scoreColumn: "score", outcome: .column("y"), groups: ["race"], weights: nil).data
            #expect(data.cache.rows > 0)
            #expect(ProcessHandles.count(under: cacheDirectory) == (0, 1), "only the mapping holds the file")
            #expect(try FileManager.default.contentsOfDirectory(atPath: cacheDirectory).isEmpty)
            _ = try BiasAudit.run(data.loaded(), configuration: AuditConfiguration())
        }
        #expect(ProcessHandles.count(under: cacheDirectory) == (0, 0))
        #expect(try FileManager.default.contentsOfDirectory(atPath: cacheDirectory).isEmpty)
    }

    @Test("a malformed row at line 40,000 (tiny chunks) fails the read and leaves no cache, descriptor or mapping")
    func goneAfterError() throws {
        let directory = try Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/voters.csv"
        try Self.csv(rows: 50_000, badLine: 40_000).write(toFile: path, atomically: true, encoding: .utf8)
        let cacheDirectory = directory + "/tmp"
        try FileManager.default.createDirectory(atPath: cacheDirectory, withIntermediateDirectories: true)
        // While the chunks are read, the cache is open (written through its descriptor) but has no name.
        let seen = LockedValue<(open: Bool, named: Bool)>((false, false))
        let progress = ProgressObserver { _ in
            let open = ProcessHandles.count(under: cacheDirectory).descriptors > 0
            let named = !((try? FileManager.default.contentsOfDirectory(atPath: cacheDirectory).isEmpty) ?? true)
            seen.withLock { $0 = ($0.open || open, $0.named || named) }
        }
        #expect(throws: TabularError.self) {
            _ = try Self.reader(path, chunkBytes: 3_000, cache: TemporaryDirectory(path: cacheDirectory), groupRows: 1_000)
                .auditData(model: nil, scoreColumn: "score", outcome: .column("y"), groups: ["race", "county"], weights: "w", progress: progress)
        }
        #expect(seen.withLock { $0.open && !$0.named })
        #expect(ProcessHandles.count(under: cacheDirectory) == (0, 0))
        #expect(try FileManager.default.contentsOfDirectory(atPath: cacheDirectory).isEmpty)
    }

    @Test("a temporary directory with less free space than the cache's estimate is refused before the cache is created")
    func tooSmall() throws {
        let directory = try Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/voters.csv"
        try Self.csv(rows: 5_000).write(toFile: path, atomically: true, encoding: .utf8)
        let created = LockedValue(false)
        let small = TemporaryDirectory(path: directory + "/tmp") { created.withLock { $0 = true }; return 10_000 }
        // Unweighted, two attributes: 8 + 1 + 4 · 2 = 17 bytes per row; the rows are extrapolated from the first chunk.
        do {
            _ = try Self.reader(path, chunkBytes: 8_000, cache: small, groupRows: 1_000)
                .auditData(model: nil, scoreColumn: "score", outcome: .column("y"), groups: ["race", "county"], weights: nil)
            Issue.record("a 10 kB temporary directory was accepted")
        } catch let GlassboxCoreError.temporarySpace(at, purpose, needed, available) {
            #expect(at == directory + "/tmp" && available == 10_000)
            let rows = Int(needed / 17)
            #expect(needed % 17 == 0 && rows > 4_500 && rows < 5_500, "estimated \(rows) rows for 5,000")
            #expect(purpose == "the streamed audit's projection cache (about \(rows) rows × 17 bytes)")
        }
        #expect(created.withLock { $0 }, "the free space was asked for")
        // Room enough: the same read goes through.
        let roomy = TemporaryDirectory(path: directory) { 1 << 40 }
        let data = try Self.reader(path, chunkBytes: 8_000, cache: roomy, groupRows: 1_000)
            .auditData(model: nil, scoreColumn: "score", outcome: .column("y"), groups: ["race", "county"], weights: nil).data
        #expect(data.rowsUsed > 4_500)
    }
}
