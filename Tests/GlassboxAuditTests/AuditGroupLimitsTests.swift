import Foundation
import Testing
import GlassboxTestSupport
import GlassboxCore
@testable import GlassboxAudit
import GlassboxModels
import GlassboxTabular

/// The bounds of an audit's groups (docs/metrics.md, "How many groups"; docs/design/bounded-audit.md §2): at most
/// 65,535 labels per attribute and 2²⁰ intersection cells present, refused with an error naming the attribute, the
/// count and the limit.
@Suite("audit group limits")
struct AuditGroupLimitsTests {
    /// `n` rows whose attributes have the given codes (labels `l0`, `l1`, … of each attribute's largest code).
    static func data(_ codes: [(name: String, codes: [Int32])]) -> AuditData {
        let n = codes[0].codes.count
        let attributes = codes.map { name, codes in
            GroupAttribute(name: name, levels: (0...(codes.max() ?? 0)).map { "l\($0)" }, codes: codes)
        }
        return AuditData(scores: (0..<n).map { Double($0 % 100) / 100 }, outcomes: (0..<n).map { Double($0 % 2) }, weights: nil, attributes: attributes)
    }

    static func error(_ body: () throws -> Void) -> AuditError? {
        do { try body() } catch { return error as? AuditError }
        return nil
    }

    @Test("an attribute of 65,536 labels is refused by the bias and targeting audits and the partial reader; 65,535 pass the check")
    func labels() throws {
        let over = Self.data([("id", (0..<65_536).map(Int32.init))])
        let expected = AuditError.tooManyLabels(attribute: "id", count: 65_536, limit: 65_535)
        #expect(Self.error { _ = try BiasAudit.run(over, configuration: AuditConfiguration()) } == expected)
        #expect(expected.description == "group column 'id' has 65536 distinct labels (a missing value counted as one), more than the 65535 an audit "
                + "reports per attribute; group its rare values together or audit a coarser column (is it an id?)")
        try GroupAttribute.checkLabelCounts(Self.data([("id", (0..<65_535).map(Int32.init))]).attributes)
        // A partial claiming more labels is refused before its labels are united with the others'.
        let partial = AuditPartial(over, weightColumn: nil)
        #expect(Self.error { _ = try AuditPartial.merged([partial]) }
                == .badPartial(part: 0, message: "attribute 'id' has 65536 labels, more than the 65535 an audit reports per attribute"))
        // A targeting audit of the same groups.
        var rows = "u,t,y,id\n"
        for i in 0..<65_536 { rows += "\(Double(i % 7) / 7),\(i % 2),\(i / 2 % 2),g\(i)\n" }
        let table = try CSVReader.read(bytes: Array(rows.utf8)).table
        #expect(Self.error { _ = try table.targetingAudit(upliftColumn: "u", treatment: UpliftTreatment(column: "t", treated: ["1"], control: "0"), outcome: "y", groups: ["id"]) }
                == .tooManyLabels(attribute: "id", count: 65_536, limit: 65_535))
        // A worker's partial of the same table is refused as the merge would refuse it.
        var audit = "s,y,id\n"
        for i in 0..<65_536 { audit += "\(Double(i % 7) / 7),\(i % 2),g\(i)\n" }
        let auditTable = try CSVReader.read(bytes: Array(audit.utf8)).table
        #expect(Self.error { _ = try auditTable.auditPartial(scoreColumn: "s", outcome: .column("y"), groups: ["id"]) }
                == .tooManyLabels(attribute: "id", count: 65_536, limit: 65_535))
        // A lookalike audience's composition audit.
        #expect(Self.error { _ = try CompositionAudit.run(attributes: over.attributes, seeds: (0..<65_536).map { $0 % 9 == 0 },
                                                          audience: (0..<65_536).map { $0 % 5 == 0 }, settings: AuditConfiguration()) }
                == .tooManyLabels(attribute: "id", count: 65_536, limit: 65_535))
    }

    /// A CSV of `rows` rows, each its own `id` label (`g0`, `g1`, …).
    static func distinctIDs(rows: Int) -> String {
        var text = "s,y,id\n"
        text.reserveCapacity(rows * 16)
        for i in 0..<rows { text += "0.\(i % 10),\(i % 2),g\(i)\n" }
        return text
    }

    @Test("a streamed audit stops at the chunk where the union of an attribute's labels crosses 65,535, naming that union; the cache is gone")
    func streamedLabels() throws {
        let directory = try ProjectionCacheTests.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/ids.csv"
        try Self.distinctIDs(rows: 100_000).write(toFile: path, atomically: true, encoding: .utf8)
        let cacheDirectory = directory + "/tmp"
        try FileManager.default.createDirectory(atPath: cacheDirectory, withIntermediateDirectories: true)
        // Rows of the chunks read and added before the refusal (the counter advances after a chunk is added).
        let rowsAdded = LockedValue(0)
        let progress = ProgressObserver { update in if let rows = update.rows { rowsAdded.withLock { $0 = max($0, rows) } } }
        let reader = StreamingAuditReader(path: path, options: CSVOptions(), chunkBytes: 20_000, columns: ["s", "y", "id"],
                                          temporaryDirectory: TemporaryDirectory(path: cacheDirectory))
        do {
            _ = try reader.auditData(model: nil, scoreColumn: "s", outcome: .column("y"), groups: ["id"], weights: nil, progress: progress)
            Issue.record("100,000 distinct labels were read")
        } catch let AuditError.tooManyLabels(attribute, count, limit) {
            let added = rowsAdded.withLock { $0 }
            #expect(attribute == "id" && limit == 65_535)
            // Every row its own label: the union when refused is the rows of the chunks added plus the refused chunk's,
            // and the chunks after it (more than 30,000 rows of ~1,400-row chunks) were never read.
            #expect(added > 0 && added <= 65_535 && count > 65_535, "refused at \(count) labels after \(added) rows")
            #expect(count - added < 2_000 && count < 100_000, "refused at \(count) labels after \(added) rows")
        }
        #expect(ProcessHandles.count(under: cacheDirectory) == (0, 0))
        #expect(try FileManager.default.contentsOfDirectory(atPath: cacheDirectory).isEmpty)
        // A single chunk of the whole file: its own labels are counted against the cap before any is added.
        let oneChunk = StreamingAuditReader(path: path, options: CSVOptions(), chunkBytes: 1 << 22, columns: ["s", "y", "id"],
                                            temporaryDirectory: TemporaryDirectory(path: cacheDirectory))
        #expect(Self.error { _ = try oneChunk.auditData(model: nil, scoreColumn: "s", outcome: .column("y"), groups: ["id"], weights: nil) }
                == .tooManyLabels(attribute: "id", count: 100_000, limit: 65_535))
        // 65,535 labels, in tiny chunks, pass.
        try Self.distinctIDs(rows: 65_535).write(toFile: path, atomically: true, encoding: .utf8)
        let limit = try reader.auditData(model: nil, scoreColumn: "s", outcome: .column("y"), groups: ["id"], weights: nil).data
        #expect(limit.attributeLabels[0].levels.count == 65_535)
    }

    @Test("merging partials checks each attribute's union of labels as each partial is added: refused at the partial that crosses the cap")
    func mergedLabels() throws {
        func partial(_ prefix: String, _ n: Int) -> AuditPartial {
            let data = AuditData(scores: (0..<n).map { Double($0 % 10) / 10 }, outcomes: (0..<n).map { Double($0 % 2) }, weights: nil,
                                 attributes: [GroupAttribute(name: "id", levels: (0..<n).map { "\(prefix)\($0)" }.sorted(by: CategoricalColumn.precedes),
                                                             codes: (0..<n).map(Int32.init))])
            return AuditPartial(data, weightColumn: nil)
        }
        let a = partial("a", 40_000), b = partial("b", 40_000), c = partial("c", 10_000)
        // Each partial is within the cap; a and b together are not, and c's labels are not counted.
        #expect(Self.error { _ = try AuditPartial.merged([a, b, c]) } == .tooManyLabels(attribute: "id", count: 80_000, limit: 65_535))
        // Labels shared by the partials count once.
        #expect(try AuditPartial.merged([a, a, c]).attributeLabels[0].levels.count == 50_000)
    }

    @Test("an intersection of 2^20 + 1 cells present is refused; the limit itself is not")
    func cells() throws {
        let n = (1 << 20) + 1
        // a = i mod 1025, b = i div 1025: every row its own cell.
        let over = Self.data([("a", (0..<n).map { Int32($0 % 1_025) }), ("b", (0..<n).map { Int32($0 / 1_025) })])
        var config = AuditConfiguration()
        config.intersect = true
        #expect(Self.error { _ = try BiasAudit.run(over, configuration: config) } == .tooManyCells(attribute: "a:b", count: n, limit: 1 << 20))
        #expect(AuditError.tooManyCells(attribute: "a:b", count: n, limit: 1 << 20).description
                == "the intersection 'a:b' has 1048577 groups present, more than the 1048576 an audit reports; intersect fewer or coarser columns, or audit without intersect")
        // The targeting audit's intersection of the same groups.
        let targeting = TargetingData(uplift: over.scores, outcomes: over.outcomes, treatment: (0..<n).map { Double($0 % 2) }, attributes: over.attributes,
                                      rowsRead: n)
        #expect(Self.error { _ = try TargetingAudit.run(targeting, configuration: config) } == .tooManyCells(attribute: "a:b", count: n, limit: 1 << 20))
        let limit = Self.data([("a", (0..<(n - 1)).map { Int32($0 % 1_025) }), ("b", (0..<(n - 1)).map { Int32($0 / 1_025) })])
        #expect(try GroupAttribute.intersection(of: limit.attributes).levels.count == 1 << 20)
    }

    @Test("intersections are built one attribute at a time: the cells and labels of every combination present, in the components' order")
    func intersectionOrder() throws {
        var generator = SeededGenerator(seed: 5)
        let n = 500
        let parts = [("a", 4), ("b", 3), ("c", 5)].map { name, levels in
            GroupAttribute(name: name, levels: (0..<levels).map { "\(name)\($0)" }, codes: (0..<n).map { _ in Int32(generator.next() % UInt64(levels)) })
        }
        let built = try GroupAttribute.intersection(of: parts)
        // Oracle: the distinct code tuples present, sorted lexicographically.
        let tuples = (0..<n).map { i in parts.map { Int($0.codes[i]) } }
        let present = Set(tuples.map { $0.map(String.init).joined(separator: ",") })
        let sorted = present.map { $0.split(separator: ",").map { Int($0)! } }.sorted { $0.lexicographicallyPrecedes($1) }
        #expect(built.name == "a:b:c")
        #expect(built.levels == sorted.map { t in zip(parts, t).map { $0.levels[$1] }.joined(separator: ":") })
        #expect((0..<n).allSatisfy { built.levels[Int(built.codes[$0])] == zip(parts, tuples[$0]).map { $0.levels[$1] }.joined(separator: ":") })
        // Five attributes of 65,535 labels: the product of their label counts is beyond Int, the cells present are not.
        let wide = (0..<5).map { k in GroupAttribute(name: "w\(k)", levels: (0..<65_535).map { "v\($0)" }, codes: [0, 65_534, Int32(k)]) }
        let cells = try GroupAttribute.intersection(of: wide)
        #expect(cells.levels == ["v0:v0:v0:v0:v0", "v0:v1:v2:v3:v4", "v65534:v65534:v65534:v65534:v65534"])
        #expect(cells.codes == [0, 2, 1])
        // With a lower limit, the count found is named.
        #expect(Self.error { _ = try GroupAttribute.intersection(of: parts, maximumCells: 10) } == .tooManyCells(attribute: "a:b:c", count: present.count, limit: 10))
    }
}
