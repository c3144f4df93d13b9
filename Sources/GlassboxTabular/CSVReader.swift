import Dispatch
import GlassboxCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A strict, streaming, multi-core CSV reader (RFC 4180) that infers column types over the whole file.
///
/// **Format.** Quoted fields with `""` escapes, embedded delimiters and line breaks; LF, CRLF and
/// lone-CR line endings, mixed; a leading UTF-8 BOM is skipped; the last line may lack a newline;
/// blank lines are skipped (as pandas' `skip_blank_lines`) but still count for line numbers.
/// The first record is the header: an empty name becomes `Unnamed: <index>` and repeated names
/// become `name.1`, `name.2`… (pandas' conventions), each with a warning.
///
/// **Types.** A field equal to one of ``CSVOptions/missingTokens`` is missing. A column is numeric
/// when every non-missing field is a decimal number (see `FastFloat`; parsed correctly rounded, the
/// same double as `strtod`), otherwise categorical with the exact field texts as levels sorted by
/// UTF-8 bytes; an all-missing column is numeric. A number beyond the double range in a numeric
/// column is an error.
///
/// **Streaming and merging.** The input is read with `read(2)` in blocks of
/// ``CSVOptions/blockSize`` bytes (never loaded or mapped whole) by a reader thread that runs ahead
/// of the parser through a small ring of buffers (`CSVBlockPipeline`). Each block's bytes are fed,
/// in file order, to SHA-256 (swift-crypto's, which uses the CPU's SHA extensions, see
/// `SHA256Hasher`) as one more task of the block's parallel parse (`CSVLaneHasher`), so hashing
/// overlaps parsing without a third busy thread competing for the cores. Each block is cut after line
/// breaks into as many chunks as there are cores (×2, for balance) that are parsed concurrently;
/// if any chunk meets a quote (a quoted field could hide a line break at a cut) the block is
/// re-parsed as one chunk, and later blocks containing `"` are not cut. Chunk results
/// (`CSVChunkResult`: rows, relative line counts, column-major numbers or chunk-local text levels)
/// are merged strictly in file order by `CSVAccumulator`, so the result does not depend on the
/// block size or core count — the same merge serves a later sharded reader.
///
/// **Small inputs** (in-memory bytes, regular files under 1 MiB) take the same steps on the caller's
/// thread: no reader or hasher thread, chunks parsed and columns merged in a loop (`CSVThreading`).
/// The result, digest and errors are the same; starting threads would cost more than the parse.
///
/// **Hot path.** A numeric column's unquoted field is parsed in the same pass that finds its end,
/// eight digits at a time (`FastFloat.scan(_:from:end:integerPowers:into:)`), and stored straight
/// into its column; quoted, missing and text fields take the general `CSVScanner` path.
///
/// **Columns that turn to text late.** A block in which a numeric column meets a non-number is
/// re-parsed with that column as text, and so are all later blocks. Rows of earlier blocks were
/// kept only as numbers, so when this happens after the first block the reader makes a second pass
/// over the file that extracts the text of just those columns (all other columns are skipped).
/// Typical files pay nothing for this; a file whose text shows up late is read twice.
///
/// **Reading some columns.** With ``CSVOptions/columns`` only the named columns are parsed, merged
/// and returned (in file order); the other fields are stepped over (never parsed or stored), so an
/// audit of three columns of a wide file costs little more than scanning its bytes. The result for
/// each column read is exactly that of a whole-file read.
///
/// **Errors** are ``TabularError`` values carrying the 1-based physical line (header = line 1,
/// embedded line breaks count).
public enum CSVReader {
    /// Reads the CSV file at `path`. `progress` hears of the bytes read, one block (16 MB) at a time.
    public static func read(path: String, options: CSVOptions = CSVOptions(), progress: ProgressObserver? = nil) throws -> CSVReadResult {
        var source = try CSVFileSource(path: path)
        defer { source.close() }
        return try read(source: &source, options: options, progress: progress)
    }

    /// Reads CSV text held in memory (the same code path as files, used by tests).
    public static func read(bytes: [UInt8], options: CSVOptions = CSVOptions()) throws -> CSVReadResult {
        var source = CSVMemorySource(bytes: bytes)
        return try read(source: &source, options: options)
    }

    static func read<Source: CSVByteSource>(source: inout Source, options: CSVOptions,
                                            threading: CSVThreading = .automatic,
                                            progress: ProgressObserver? = nil) throws -> CSVReadResult {
        precondition(![UInt8(ascii: "\""), 10, 13].contains(options.delimiter), "invalid CSV delimiter")
        let singleThreaded = threading.isSingleThreaded(for: source, blockSize: max(4096, options.blockSize))
        var pass = CSVPass(options: options, name: source.name, sizeHint: source.sizeHint,
                           stableSize: source.stableSize, singleThreaded: singleThreaded)
        let fileName = source.name.split(separator: "/").last.map(String.init) ?? source.name
        do {
            let counter = progress?.start("reading \(fileName)", total: source.sizeHint, unit: "bytes")
            defer { counter?.finish() }
            try pass.run(&source, hashing: true, progress: counter)
        }
        guard pass.rows > 0 else {
            throw TabularError.file(path: source.name, message: "has a header but no data rows")
        }
        // Out-of-range numbers matter only in columns that stayed numeric.
        if let bad = pass.overflow.filter({ pass.accumulators[$0.column].mode == .numeric }).min(by: { $0.line < $1.line }) {
            throw TabularError.csv(line: bad.line, message: "column '\(pass.names[bad.column])': value '\(bad.text)' is outside the range of a double")
        }
        var accumulators = pass.accumulators
        if !pass.lateText.isEmpty {
            try source.rewind()
            var second = CSVPass(options: options, name: source.name, sizeHint: nil,
                                 stableSize: source.stableSize, singleThreaded: singleThreaded)
            second.fixedModes = pass.accumulators.indices.map { pass.lateText.contains($0) ? .text : .skip }
            let counter = progress?.start("re-reading text columns of \(fileName)", total: source.sizeHint, unit: "bytes")
            defer { counter?.finish() }
            try second.run(&source, hashing: false, progress: counter)
            for j in pass.lateText { accumulators[j] = second.accumulators[j] }
        }
        let kept = pass.names.indices.filter { pass.selected[$0] }
        // With no column read (an empty ``CSVOptions/columns``) the table still has the file's rows.
        let table = kept.isEmpty ? Table(rowCount: pass.rows)
            : try Table(names: kept.map { pass.names[$0] }, columns: kept.map { accumulators[$0].finish() })
        return CSVReadResult(table: table, warnings: pass.warnings, sha256: pass.sha256, byteCount: pass.byteCount)
    }
}

/// One streaming pass over the input; see ``CSVReader`` for the design.
struct CSVPass {
    let options: CSVOptions
    let name: String
    let sizeHint: Int?
    /// The input's size when known up front (sizes the single-threaded path's one block).
    let stableSize: Int?
    /// Whether this pass runs on the caller's thread only (see `CSVThreading`).
    let singleThreaded: Bool
    /// Modes for a second pass (set before ``run(_:hashing:)``); the header then only gives the count.
    var fixedModes: [CSVColumnMode]?
    /// Per header column, whether it is read (``CSVOptions/columns``); set with the header.
    var selected: [Bool] = []

    var names: [String] = []
    var warnings: [String] = []
    var accumulators: [CSVAccumulator] = []
    var rows = 0
    var byteCount = 0
    var sha256 = ""
    /// Columns that became text after the first block (need the second pass).
    var lateText: [Int] = []
    /// First out-of-range number per column, with absolute line.
    var overflow: [(column: Int, line: Int, text: String)] = []
    /// Output memory per part, two sets used by alternate blocks (a block's results are merged while
    /// the next block is parsed into the other set), reused block after block.
    var partBuffers: [[CSVColumnBuffer]] = [[], []]

    init(options: CSVOptions, name: String, sizeHint: Int?, stableSize: Int? = nil, singleThreaded: Bool = false) {
        self.options = options
        self.name = name
        self.sizeHint = sizeHint
        self.stableSize = stableSize
        self.singleThreaded = singleThreaded
    }

    mutating func run<Source: CSVByteSource>(_ source: inout Source, hashing: Bool, progress: ProgressCounter? = nil) throws {
        var blockSize = max(4096, options.blockSize)
        if singleThreaded, let size = stableSize {
            // One block just larger than the input (so it is also the last), not the full block
            // size: the result does not depend on the block size, and the slot stays small.
            blockSize = min(blockSize, max(4096, size + 1))
        }
        // Threaded passes hash each block as one task of its parse (`CSVLaneHasher`); the
        // single-threaded pipeline hashes inline.
        let laneHasher = hashing && !singleThreaded ? CSVLaneHasher() : nil
        let pipeline = CSVBlockPipeline(source: source, blockSize: blockSize, headroom: min(1 << 20, blockSize),
                                        hashing: hashing && laneHasher == nil, threaded: !singleThreaded)
        defer {
            pipeline.finish()
            source = pipeline.source
        }
        let special = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        defer { special.deallocate() }
        special.initialize(repeating: 0, count: 256)
        for c in [options.delimiter, 10, 13, UInt8(ascii: "\"")] { special[Int(c)] = 1 }
        let missing = options.missingTokens.map { Array($0.utf8) }
        let missingMaxLength = missing.map(\.count).max() ?? -1

        // The unfinished record at the end of a block, carried into the next one.
        var carryCapacity = 4096
        var carryBytes = UnsafeMutablePointer<UInt8>.allocate(capacity: carryCapacity)
        defer { carryBytes.deallocate() }
        // Holds carry + block when the carry does not fit in the slot's headroom (a huge record).
        var joinedCapacity = 0
        var joined: UnsafeMutablePointer<UInt8>?
        defer { joined?.deallocate() }

        var carry = 0                // carried bytes, placed just before the block's fresh bytes
        var linesBefore = 0          // line terminators before the buffer start
        var headerDone = false
        var atFileStart = true
        var modes: [CSVColumnMode] = []
        var parser: CSVChunkParser?
        var reserved = false
        var quotesSeen = false       // once a block had quotes, blocks are checked before splitting
        // The previous block's results, counted but not yet appended to the accumulators: they are
        // merged during this block's parse (one barrier per block, merge work fills the parse's tail).
        var pending: [CSVChunkResult] = []
        var bufferSet = 0

        while let block = try pipeline.next() {
            let fresh = block.count
            let eof = block.isLast
            laneHasher?.enqueue(UnsafeRawBufferPointer(start: block.data, count: fresh))
            byteCount += fresh
            let total = carry + fresh
            let buffer: UnsafeMutablePointer<UInt8>
            if carry <= pipeline.headroom {
                buffer = block.data - carry
                buffer.update(from: carryBytes, count: carry)
            } else {
                if joinedCapacity < total {
                    joined?.deallocate()
                    joinedCapacity = max(total, 2 * joinedCapacity)
                    joined = .allocate(capacity: joinedCapacity)
                }
                buffer = joined!
                buffer.update(from: carryBytes, count: carry)
                (buffer + carry).update(from: block.data, count: fresh)
            }
            var offset = 0

            if !headerDone {
                if atFileStart && total >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF { offset = 3 }
                if atFileStart && total == 0 { throw TabularError.file(path: name, message: "file is empty") }
                if atFileStart, let format = CSVPass.binaryFormat(UnsafePointer(buffer), count: total) {
                    throw TabularError.file(path: name, message: "looks like \(format.what), not CSV text; \(format.advice)")
                }
                atFileStart = false
                switch try parseHeader(buffer, start: offset, end: total, final: eof, special: special) {
                case .incomplete:
                    let pending = total - offset
                    if memchr(buffer + offset, 0, pending) != nil {
                        throw TabularError.csv(line: 1, message: "the header contains a NUL byte: this is a binary file, not CSV text")
                    }
                    if pending > options.maximumRecordBytes {
                        throw TabularError.csv(line: 1, message: "the header is longer than \(options.maximumRecordBytes) bytes and has not ended: this is not a CSV header (line breaks must be LF, CRLF or CR)")
                    }
                    // Keep everything after a BOM for the next block.
                    keepCarry(buffer + offset, total - offset, &carryBytes, &carryCapacity, &carry)
                    laneHasher?.flush()
                    pipeline.release(block)
                    continue
                case let .done(end, lines, fields):
                    offset = end
                    linesBefore = lines
                    headerDone = true
                    try setHeader(fields)
                    try selectColumns()
                    modes = fixedModes ?? selected.map { $0 ? .numeric : .skip }
                    accumulators = modes.map { CSVAccumulator(mode: $0) }
                }
            }

            // Parse this block, re-parsing when a numeric column turns out to hold text.
            var results: [CSVChunkResult]
            var parts: [(start: Int, end: Int, final: Bool)]
            var merging = pending
            pending = []
            while true {
                if parser == nil || parser!.modes != modes {
                    parser = CSVChunkParser(names: names, modes: modes, delimiter: options.delimiter, missing: missing,
                                            missingMaxLength: missingMaxLength, special: UnsafePointer(special))
                }
                parts = splitIntoParts(buffer, start: offset, end: total, final: eof, checkQuotes: quotesSeen)
                results = parseParts(parser!, buffer: UnsafePointer(buffer), parts: parts, set: bufferSet, merging: merging,
                                     hasher: laneHasher)
                merging = []
                if parts.count > 1 && results.contains(where: { $0.sawQuote || $0.error != nil }) {
                    // A cut may lie inside a quoted field (or an error needs the exact first
                    // line): parse the block as one chunk, and look for quotes first from now on.
                    quotesSeen = true
                    parts = [(offset, total, eof)]
                    results = parseParts(parser!, buffer: UnsafePointer(buffer), parts: parts, set: bufferSet, merging: [])
                }
                var line = linesBefore
                for r in results {
                    if let error = r.error { throw TabularError.csv(line: line + error.line + 1, message: error.message) }
                    line += r.lines
                }
                let failed = Set(results.flatMap(\.failedNumeric))
                if failed.isEmpty { break }
                for j in failed.sorted() {
                    modes[j] = .text
                    accumulators[j].becomeText(afterRows: rows)
                    if rows > 0 { lateText.append(j) }
                }
            }

            // Merge in file order.
            var consumedEnd = offset
            for (part, r) in zip(parts, results) {
                for o in r.overflow { overflow.append((o.column, linesBefore + o.line + 1, o.text)) }
                rows += r.rows
                linesBefore += r.lines
                consumedEnd = part.start + r.consumed
            }
            if !reserved, rows > 0, let size = sizeHint, consumedEnd > 0, !eof {
                // Pre-size the columns from the bytes-per-row seen so far, to avoid regrowth copies.
                reserved = true
                let estimate = Int(Double(size) / Double(byteCount) * Double(rows) * 1.02) + 1024
                for j in accumulators.indices where accumulators[j].mode == .numeric {
                    accumulators[j].reserveNumbers(estimate)
                }
            }
            pending = results
            bufferSet ^= 1
            if let limit = options.maximumTableBytes, UInt64(rows) &* UInt64(max(1, selectedCount)) &* 8 > limit {
                throw TabularError.file(path: name, message: "the table read so far (\(rows) rows × \(selectedCount) columns × 8 bytes) needs more than \(MemoryLimit.format(limit)) of memory, \(options.maximumTableBytesSource); use a machine with more memory or split the input")
            }
            if total - consumedEnd > options.maximumRecordBytes {
                throw TabularError.csv(line: linesBefore + 1, message: "a record is longer than \(options.maximumRecordBytes) bytes and has not ended: an unclosed quote, or not CSV text")
            }
            keepCarry(buffer + consumedEnd, total - consumedEnd, &carryBytes, &carryCapacity, &carry)
            laneHasher?.flush()
            pipeline.release(block)
            progress?.advance(by: fresh)
        }
        if !headerDone { throw TabularError.file(path: name, message: "file is empty (no header row)") }
        mergeColumns(pending)
        let pipelineDigest = pipeline.finish()
        sha256 = hashing ? laneHasher?.finalizeHex() ?? pipelineDigest : ""
    }

    /// Marks the header columns to read (``CSVOptions/columns``), or throws for a requested name the
    /// header lacks, with the same error a table lookup gives.
    mutating func selectColumns() throws {
        guard let wanted = options.columns else {
            selected = [Bool](repeating: true, count: names.count)
            return
        }
        if let absent = wanted.subtracting(names).min() {
            throw TabularError.unknownColumn(absent, available: names)
        }
        selected = names.map { wanted.contains($0) }
    }

    /// Number of columns the table will hold.
    var selectedCount: Int { selected.lazy.filter { $0 }.count }

    /// Appends every part's columns to the accumulators, the columns read spread over the cores
    /// (each accumulator is touched by one lane only; skipped columns take no lane's time).
    mutating func mergeColumns(_ results: [CSVChunkResult]) {
        let active = accumulators.indices.filter { accumulators[$0].mode != .skip }
        if singleThreaded {
            for j in active {
                for r in results { accumulators[j].append(r, column: j) }
            }
            return
        }
        let lanes = min(active.count, Parallel.workerCount)
        accumulators.withUnsafeMutableBufferPointer { accumulators in
            let target = SendableAccumulators(base: accumulators.baseAddress!)
            let sendable = SendableResults(results: results)
            DispatchQueue.concurrentPerform(iterations: lanes) { lane in
                CSVPass.merge(sendable.results, columns: active, lane: lane, of: lanes, into: target)
            }
        }
    }

    /// Appends `results` to the accumulators of every `lanes`-th column of `active` starting at `lane`
    /// (each accumulator is touched by one lane only).
    static func merge(_ results: [CSVChunkResult], columns active: [Int], lane: Int, of lanes: Int, into target: SendableAccumulators) {
        var k = lane
        while k < active.count {
            let j = active[k]
            for r in results { target.base[j].append(r, column: j) }
            k += lanes
        }
    }

    /// Copies the `count` unconsumed bytes at `p` aside for the next block.
    private func keepCarry(_ p: UnsafeMutablePointer<UInt8>, _ count: Int, _ bytes: inout UnsafeMutablePointer<UInt8>,
                           _ capacity: inout Int, _ carry: inout Int) {
        if count > capacity {
            bytes.deallocate()
            capacity = max(count, 2 * capacity)
            bytes = .allocate(capacity: capacity)
        }
        bytes.update(from: p, count: count)
        carry = count
    }

    enum HeaderParse {
        case incomplete
        case done(end: Int, lines: Int, fields: [[UInt8]])
    }

    /// Reads the header record (after any blank lines).
    func parseHeader(_ buffer: UnsafeMutablePointer<UInt8>, start: Int, end: Int, final: Bool,
                     special: UnsafePointer<UInt8>) throws -> HeaderParse {
        var scanner = CSVScanner(base: UnsafePointer(buffer), start: start, end: end, final: final,
                                 delimiter: options.delimiter, special: special)
        defer { scanner.release() }
        while scanner.pos < end && (buffer[scanner.pos] == 10 || buffer[scanner.pos] == 13) {
            if !scanner.consumeTerminator(at: scanner.pos) { return .incomplete }
        }
        if scanner.pos >= end {
            if final { throw TabularError.file(path: name, message: "file is empty (no header row)") }
            return .incomplete
        }
        var fields: [[UInt8]] = []
        while true {
            let result = scanner.nextField()
            switch result {
            case .incomplete: return .incomplete
            case .error: throw TabularError.csv(line: scanner.errorLine + 1, message: scanner.errorMessage)
            default: break
            }
            fields.append(Array(UnsafeBufferPointer(start: scanner.field, count: scanner.fieldLength)))
            if result != .delimiter { break }
        }
        return .done(end: scanner.pos, lines: scanner.line, fields: fields)
    }

    /// The compressed, archive or binary format whose magic bytes begin `p[0..<count]`, if any:
    /// such files otherwise fail later with a puzzling "NUL byte in header".
    static func binaryFormat(_ p: UnsafePointer<UInt8>, count: Int) -> (what: String, advice: String)? {
        func starts(_ magic: [UInt8]) -> Bool { count >= magic.count && magic.indices.allSatisfy { p[$0] == magic[$0] } }
        let decompress = "decompress it first"
        if starts([0x1F, 0x8B]) { return ("a gzip-compressed file", decompress + " (gunzip)") }
        if starts([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) { return ("an xz-compressed file", decompress + " (unxz)") }
        if starts([0x28, 0xB5, 0x2F, 0xFD]) { return ("a zstd-compressed file", decompress + " (unzstd)") }
        if count >= 10, starts(Array("BZh".utf8)), (UInt8(ascii: "1")...UInt8(ascii: "9")).contains(p[3]) {
            let next = (4..<10).map { p[$0] }
            if next == [0x31, 0x41, 0x59, 0x26, 0x53, 0x59] || next == [0x17, 0x72, 0x45, 0x38, 0x50, 0x90] {
                return ("a bzip2-compressed file", decompress + " (bunzip2)")
            }
        }
        if starts([0x50, 0x4B, 0x03, 0x04]) || starts([0x50, 0x4B, 0x05, 0x06]) {
            return ("a zip archive (or an Excel .xlsx workbook)", "extract the CSV file from it first, or export the sheet as CSV")
        }
        if starts([0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C]) { return ("a 7z archive", "extract the CSV file from it first") }
        if starts([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            return ("an Excel .xls workbook (or another Office file)", "export the sheet as CSV first")
        }
        if starts(Array("PAR1".utf8)), count > 4, p[4] < 0x20, p[4] != 9, p[4] != 10, p[4] != 13 {
            return ("a Parquet file", "export it as CSV first")
        }
        return nil
    }

    /// Validates the header names, names empty ones and de-duplicates repeats (pandas' rules).
    mutating func setHeader(_ fields: [[UInt8]]) throws {
        var raw: [String] = []
        for (i, bytes) in fields.enumerated() {
            if bytes.contains(0) { throw TabularError.csv(line: 1, message: "header field \(i + 1) contains a NUL byte") }
            guard let s = String(validating: bytes, as: UTF8.self) else {
                throw TabularError.csv(line: 1, message: "header field \(i + 1) contains invalid UTF-8")
            }
            raw.append(s)
        }
        let (unique, renamed) = ColumnNames.uniqued(raw)
        warnings += renamed
        names = unique
    }

    /// Cuts `[start, end)` into chunks that each begin after a line break; the last chunk may end
    /// in a cut record (`final == false`). Small blocks are one chunk. A cut is only a record
    /// boundary when no quoted field spans it, which the caller checks after parsing (any chunk
    /// that met a quote voids the split); with `checkQuotes` a block containing `"` is not split.
    func splitIntoParts(_ buffer: UnsafeMutablePointer<UInt8>, start: Int, end: Int, final: Bool, checkQuotes: Bool)
        -> [(start: Int, end: Int, final: Bool)] {
        let length = end - start
        let wanted = Parallel.workerCount * 2
        if length < (1 << 20) || wanted < 2
            || (checkQuotes && memchr(buffer + start, Int32(UInt8(ascii: "\"")), length) != nil) {
            return [(start, end, final)]
        }
        var cuts = [start]
        for k in 1..<wanted {
            var i = max(cuts.last!, start + k * (length / wanted))
            while i < end && buffer[i] != 10 && buffer[i] != 13 { i += 1 }
            guard i < end else { break }
            if buffer[i] == 13 {
                if i + 1 >= end { break }            // a LF may follow in the next block
                if buffer[i + 1] == 10 { i += 1 }
            }
            if i + 1 < end && i + 1 > cuts.last! { cuts.append(i + 1) }
        }
        var parts: [(start: Int, end: Int, final: Bool)] = []
        for (k, cut) in cuts.enumerated() {
            let isLast = k == cuts.count - 1
            parts.append((cut, isLast ? end : cuts[k + 1], isLast ? final : true))
        }
        return parts
    }

    /// Parses the parts concurrently into buffer set `set` and returns results in part order; the
    /// previous block's `merging` results are appended to the accumulators meanwhile, by further lanes
    /// (they read only those results and the other buffer set, the parse writes only this one), and
    /// `hasher`'s pending block is hashed by the first lane (the longest task, handed out first).
    mutating func parseParts(_ parser: CSVChunkParser, buffer: UnsafePointer<UInt8>,
                             parts: [(start: Int, end: Int, final: Bool)], set: Int,
                             merging: [CSVChunkResult], hasher: CSVLaneHasher? = nil) -> [CSVChunkResult] {
        let box = ResultSlots(count: parts.count)
        let base = SendablePointer(buffer)
        let sendableParser = SendableParser(parser: parser)
        let partsCopy = parts.map { SendablePart(start: $0.start, end: $0.end, final: $0.final) }
        while partBuffers[set].count < parts.count { partBuffers[set].append(CSVColumnBuffer()) }
        if singleThreaded {
            hasher?.flush()
            mergeColumns(merging)
            return parts.indices.map { k in
                parser.parse(base: buffer, start: parts[k].start, end: parts[k].end, final: parts[k].final,
                             buffer: partBuffers[set][k])
            }
        }
        let buffers = partBuffers[set]
        let active = merging.isEmpty ? [] : accumulators.indices.filter { accumulators[$0].mode != .skip }
        // More merge lanes than cores, so that they fill in after whichever parse lane ends first.
        let mergeLanes = min(active.count, 2 * Parallel.workerCount)
        let sendable = SendableResults(results: merging)
        let hashLanes = hasher?.hasPending == true ? 1 : 0
        accumulators.withUnsafeMutableBufferPointer { accumulators in
            let target = SendableAccumulators(base: accumulators.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: hashLanes + partsCopy.count + mergeLanes) { index in
                if index < hashLanes {
                    hasher!.flush()
                    return
                }
                let lane = index - hashLanes
                guard lane < partsCopy.count else {
                    CSVPass.merge(sendable.results, columns: active, lane: lane - partsCopy.count, of: mergeLanes, into: target)
                    return
                }
                let part = partsCopy[lane]
                box.set(lane, sendableParser.parser.parse(base: base.pointer, start: part.start, end: part.end,
                                                          final: part.final, buffer: buffers[lane]))
            }
        }
        return box.values()
    }
}

/// The accumulators of one pass, written concurrently by lanes that each own distinct columns.
struct SendableAccumulators: @unchecked Sendable {
    let base: UnsafeMutablePointer<CSVAccumulator>
}

/// Chunk results shared read-only by the merge lanes.
struct SendableResults: @unchecked Sendable {
    let results: [CSVChunkResult]
}

struct SendablePointer: @unchecked Sendable {
    let pointer: UnsafePointer<UInt8>
    init(_ pointer: UnsafePointer<UInt8>) { self.pointer = pointer }
}

struct SendablePart: Sendable {
    let start: Int
    let end: Int
    let final: Bool
}

/// The parser holds a pointer to the read-only byte-class table; it is shared read-only by lanes.
struct SendableParser: @unchecked Sendable {
    let parser: CSVChunkParser
}

/// Write-once result slots, one per part, each written by exactly one lane.
typealias ResultSlots = WriteOnceSlots<CSVChunkResult>
