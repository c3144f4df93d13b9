import Testing
@testable import GlassboxTabular

/// Issue 13: inputs that never end, binary files, and wide headers.
@Suite struct CSVInputBoundsTests {
    func error(_ bytes: [UInt8], _ options: CSVOptions = CSVOptions()) -> String? {
        do {
            _ = try CSVReader.read(bytes: bytes, options: options)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func compressedAndBinaryFormatsAreNamed() {
        let cases: [([UInt8], String)] = [
            ([0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0, 3, 0x4B], "looks like a gzip-compressed file, not CSV text; decompress it first (gunzip)"),
            ([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00, 0x00, 0x04], "looks like an xz-compressed file, not CSV text; decompress it first (unxz)"),
            ([0x28, 0xB5, 0x2F, 0xFD, 0x24, 0x05], "looks like a zstd-compressed file, not CSV text; decompress it first (unzstd)"),
            (Array("BZh91AY&SY".utf8) + [0x12, 0x34], "looks like a bzip2-compressed file, not CSV text; decompress it first (bunzip2)"),
            ([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00], "looks like a zip archive (or an Excel .xlsx workbook), not CSV text; extract the CSV file from it first, or export the sheet as CSV"),
            ([0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C, 0, 4], "looks like a 7z archive, not CSV text; extract the CSV file from it first"),
            ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0], "looks like an Excel .xls workbook (or another Office file), not CSV text; export the sheet as CSV first"),
            (Array("PAR1".utf8) + [0x15, 0x04, 0x15], "looks like a Parquet file, not CSV text; export it as CSV first"),
        ]
        for (bytes, message) in cases {
            #expect(error(bytes) == "<bytes>: " + message)
        }
        // Headers that merely start like a magic number are CSV.
        #expect(error(Array("BZh,PAR1,PK\n1,2,3\n".utf8)) == nil)
        #expect(error(Array("PAR1,x\n1,2\n".utf8)) == nil)
    }

    /// A header that never ends (`/dev/zero` through a pipe, a binary file, one huge line) stops at
    /// the first NUL or after `maximumRecordBytes`, instead of growing without bound.
    @Test func unendingHeadersAndRecordsStop() {
        var options = CSVOptions()
        options.blockSize = 4096
        options.maximumRecordBytes = 10_000
        #expect(error([UInt8](repeating: 0, count: 50_000), options) == "line 1: the header contains a NUL byte: this is a binary file, not CSV text")
        #expect(error([UInt8](repeating: UInt8(ascii: "a"), count: 50_000), options)
                == "line 1: the header is longer than 10000 bytes and has not ended: this is not a CSV header (line breaks must be LF, CRLF or CR)")
        let record = Array("a,b\n1,2\n3,\"".utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: 50_000)
        #expect(error(record, options) == "line 3: a record is longer than 10000 bytes and has not ended: an unclosed quote, or not CSV text")
        // Long records under the limit are fine.
        options.maximumRecordBytes = 100_000
        #expect(error(record + Array("\"\n".utf8), options) == nil)
    }

    /// Devices never end: the library refuses them too (the CLI checks first, exit 66).
    @Test func devicesAreRefused() {
        for device in ["/dev/zero", "/dev/urandom"] {
            #expect(throws: TabularError.file(path: device, message: "is a character device, not a file; give a regular file, or a pipe")) {
                _ = try CSVReader.read(path: device)
            }
        }
    }

    /// Inputs of unknown size are bounded by ``CSVOptions/maximumTableBytes`` while they are read.
    @Test func tableLimitStopsEndlessInput() {
        var options = CSVOptions()
        options.blockSize = 4096
        options.maximumTableBytes = 80_000
        options.maximumTableBytesSource = "the test limit"
        var text = "a,b\n"
        for i in 0..<20_000 { text += "\(i),\(i)\n" }
        let message = error(Array(text.utf8), options)
        #expect(message?.hasPrefix("<bytes>: the table read so far (") == true, "\(message ?? "no error")")
        #expect(message?.hasSuffix("needs more than 80.0 kB of memory, the test limit; use a machine with more memory or split the input") == true)
    }

    /// Adding and finding columns is O(1): 200,000 columns (a `describe` once took 42 s, quadratic).
    @Test func wideTablesAreLinear() throws {
        let clock = ContinuousClock()
        let start = clock.now
        var table = Table(rowCount: 1)
        for i in 0..<200_000 { try table.append(name: "c\(i)", column: .numeric([Double(i)])) }
        #expect(table.hasColumn("c199999"))
        #expect(table.index(ofColumn: "c123456") == 123_456)
        #expect(throws: TabularError.duplicateColumn("c5")) { try table.append(name: "c5", column: .numeric([0])) }
        #expect(clock.now - start < .seconds(20))
        var header = (0..<200_000).map { _ in "c" }.joined(separator: ",") + "\n"
        header += (0..<200_000).map { _ in "1" }.joined(separator: ",") + "\n"
        let result = try CSVReader.read(bytes: Array(header.utf8))
        #expect(result.table.columnNames.last == "c.199999")
        #expect(clock.now - start < .seconds(60))
    }
}
