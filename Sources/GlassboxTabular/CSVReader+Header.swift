/// Reading only the header, to choose the columns of a projected read (``CSVOptions/columns``).
extension CSVReader {
    /// The column names of the CSV file at `path`, exactly as a read would name the table's columns
    /// (empty names and repeats renamed, see ``CSVReader``), reading no further than the header record.
    ///
    /// Lets a caller that reads some columns only when the file has them (an optional seed or outcome
    /// column) ask for those it has, so the projected read never fails for an absent optional column.
    /// - Throws: the ``TabularError`` a whole read would throw for an empty file, a binary file or a
    ///   malformed header; a file that cannot be opened.
    public static func headerNames(path: String, options: CSVOptions = CSVOptions()) throws -> [String] {
        var source = try CSVFileSource(path: path)
        defer { source.close() }
        return try headerNames(source: &source, options: options)
    }

    /// The header names of CSV text held in memory (see ``headerNames(path:options:)``).
    public static func headerNames(bytes: [UInt8], options: CSVOptions = CSVOptions()) throws -> [String] {
        var source = CSVMemorySource(bytes: bytes)
        return try headerNames(source: &source, options: options)
    }

    static func headerNames<Source: CSVByteSource>(source: inout Source, options: CSVOptions) throws -> [String] {
        var pass = CSVPass(options: options, name: source.name, sizeHint: source.sizeHint)
        let special = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        defer { special.deallocate() }
        special.initialize(repeating: 0, count: 256)
        for c in [options.delimiter, 10, 13, UInt8(ascii: "\"")] { special[Int(c)] = 1 }
        var bytes = [UInt8]()
        let step = 64 << 10
        while true {
            let old = bytes.count
            bytes.append(contentsOf: repeatElement(0, count: step))
            let n = try bytes.withUnsafeMutableBytes { try source.read(into: $0.baseAddress! + old, count: step) }
            bytes.removeLast(step - n)
            let final = n < step
            if bytes.isEmpty { throw TabularError.file(path: source.name, message: "file is empty") }
            if old == 0, let format = CSVPass.binaryFormat(bytes, count: bytes.count) {
                throw TabularError.file(path: source.name, message: "looks like \(format.what), not CSV text; \(format.advice)")
            }
            let bom = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
            let parsed = try bytes.withUnsafeMutableBufferPointer {
                try pass.parseHeader($0.baseAddress!, start: bom, end: $0.count, final: final, special: special)
            }
            if case .done(_, _, let fields) = parsed {
                try pass.setHeader(fields)
                return pass.names
            }
            if final { throw TabularError.file(path: source.name, message: "file is empty (no header row)") }
            if bytes.count > options.maximumRecordBytes {
                throw TabularError.csv(line: 1, message: "the header is longer than \(options.maximumRecordBytes) bytes and has not ended: this is not a CSV header (line breaks must be LF, CRLF or CR)")
            }
        }
    }
}
