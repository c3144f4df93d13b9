import Testing
@testable import GlassboxCore
@testable import GlassboxTabular

/// Threaded passes hash each block in a parse lane (`CSVLaneHasher`): the digest must still be the
/// SHA-256 of the whole input, whatever path a block takes (header still incomplete, split into
/// chunks, re-parsed as one chunk after a quote, re-parsed when a column turns to text).
@Suite struct CSVLaneHasherTests {
    static func digest(_ bytes: [UInt8]) -> String {
        var hasher = SHA256Hasher()
        bytes.withUnsafeBytes { hasher.update($0) }
        return hasher.finalizeHex()
    }

    static func read(_ bytes: [UInt8], blockSize: Int, _ threading: CSVThreading) throws -> CSVReadResult {
        var source = CSVMemorySource(bytes: bytes)
        return try CSVReader.read(source: &source, options: CSVOptions(blockSize: blockSize), threading: threading)
    }

    /// Rows of numbers (with `lateText` in one field of row `textRow`, and a quoted field in row
    /// `quoteRow`, when given) under a header of `columns` names.
    static func csv(columns: Int, rows: Int, textRow: Int? = nil, quoteRow: Int? = nil) -> [UInt8] {
        var out = Array((0..<columns).map { "column_\($0)" }.joined(separator: ",").utf8)
        out.append(10)
        var rng = SeededGenerator(seed: 15)
        for r in 0..<rows {
            for c in 0..<columns {
                if c > 0 { out.append(UInt8(ascii: ",")) }
                if r == textRow && c == 1 {
                    out += Array("lateText".utf8)
                } else if r == quoteRow && c == 2 {
                    out += Array("\"1.5\"".utf8)
                } else {
                    out += Array(String(Double(rng.next() % 2_000_001) / 1_000 - 1_000).utf8)
                }
            }
            out.append(10)
        }
        return out
    }

    @Test func headerLongerThanABlockIsHashedBeforeItsBlocksAreReleased() throws {
        let bytes = Self.csv(columns: 700, rows: 30)
        #expect(bytes.count > 3 * 4096)
        let threaded = try Self.read(bytes, blockSize: 4096, .threaded)
        #expect(threaded.sha256 == Self.digest(bytes))
        #expect(threaded.table.rowCount == 30)
        #expect(try Self.read(bytes, blockSize: 4096, .singleThreaded).sha256 == threaded.sha256)
    }

    @Test func blocksSplitIntoChunksAreHashedOnceInOrder() throws {
        let bytes = Self.csv(columns: 12, rows: 60_000)
        #expect(bytes.count > 4 << 20)
        let threaded = try Self.read(bytes, blockSize: 1_500_000, .threaded)
        #expect(threaded.sha256 == Self.digest(bytes))
        #expect(threaded.byteCount == bytes.count)
        let single = try Self.read(bytes, blockSize: 1_500_000, .singleThreaded)
        #expect(identical(threaded.table, single.table))
    }

    @Test func reparsedBlocksAreHashedOnce() throws {
        // A quote voids the block's split (re-parsed as one chunk); a column turning to text in a
        // later block re-parses that block and makes a second, unhashed pass.
        let bytes = Self.csv(columns: 12, rows: 60_000, textRow: 45_000, quoteRow: 20_000)
        let threaded = try Self.read(bytes, blockSize: 1_500_000, .threaded)
        #expect(threaded.sha256 == Self.digest(bytes))
        #expect(threaded.table.columnNames.count == 12)
        let single = try Self.read(bytes, blockSize: 1_500_000, .singleThreaded)
        #expect(identical(threaded.table, single.table))
        #expect(single.sha256 == threaded.sha256)
    }
}
