/// How the reader treats one column while parsing a chunk.
enum CSVColumnMode: UInt8, Sendable {
    /// Parse as a number; a field that is not a number marks the column for text.
    case numeric
    /// Keep the exact text, interned per chunk.
    case text
    /// Ignore (used by the second pass, which only re-reads late text columns).
    case skip
}

/// The result of parsing one chunk (a run of whole records) of a CSV file.
///
/// Chunks are independent: line numbers and row counts are relative to the chunk, and text columns
/// carry chunk-local level lists. ``CSVAccumulator`` merges chunk results in file order, which is
/// what lets a block be split across cores today and a file be sharded across machines later.
struct CSVChunkResult: @unchecked Sendable {
    /// Complete records parsed.
    var rows = 0
    /// Line terminators consumed (physical lines, including embedded ones and skipped blank lines).
    var lines = 0
    /// Bytes consumed from the chunk start (stops before an incomplete last record).
    var consumed = 0
    /// Per column: numeric values (NaN = missing), or text codes into `levels` (-1 = missing).
    var numbers: [[Double]] = []
    var codes: [[Int32]] = []
    var levels: [[String]] = []
    /// A structural error: line relative to the chunk start (terminators before it) and message.
    var error: (line: Int, message: String)?
    /// Columns in numeric mode that met a non-number.
    var failedNumeric: [Int] = []
    /// First out-of-range number per numeric column: (column, relative line, text).
    var overflow: [(column: Int, line: Int, text: String)] = []
}

/// Parses whole records of one chunk; see ``CSVChunkResult``.
struct CSVChunkParser {
    let names: [String]
    let modes: [CSVColumnMode]
    let delimiter: UInt8
    let missing: [[UInt8]]
    let missingMaxLength: Int
    let special: UnsafePointer<UInt8>

    /// Parses `base[start..<end]`. When `final` is false the last, possibly cut, record is left
    /// unconsumed (`consumed` tells where it starts).
    func parse(base: UnsafePointer<UInt8>, start: Int, end: Int, final: Bool) -> CSVChunkResult {
        let columnCount = names.count
        var result = CSVChunkResult()
        var scanner = CSVScanner(base: base, start: start, end: end, final: final, delimiter: delimiter, special: special)
        defer { scanner.release() }
        // Row-major staging buffer (values, or text codes stored as doubles), transposed at the end.
        var capacityRows = max(64, min(1 << 16, (end - start) / max(1, 2 * columnCount)))
        var values = UnsafeMutablePointer<Double>.allocate(capacity: capacityRows * columnCount)
        defer { values.deallocate() }
        var failed = [Bool](repeating: false, count: columnCount)
        var overflowSeen = [Bool](repeating: false, count: columnCount)
        var interned = [[String: Int32]](repeating: [:], count: columnCount)
        var levels = [[String]](repeating: [], count: columnCount)
        let table = FastFloat.table
        var rows = 0

        records: while scanner.pos < end {
            let recordStart = scanner.pos
            let recordLine = scanner.line
            let first = base[recordStart]
            if first == CSVScanner.lf || first == CSVScanner.cr {
                // Blank line: skipped, as pandas does (skip_blank_lines=True); it still counts as a line.
                if scanner.consumeTerminator(at: recordStart) { continue }
                break
            }
            if rows == capacityRows {
                let bigger = UnsafeMutablePointer<Double>.allocate(capacity: 2 * capacityRows * columnCount)
                bigger.update(from: values, count: capacityRows * columnCount)
                values.deallocate()
                values = bigger
                capacityRows *= 2
            }
            let row = values + rows * columnCount
            var f = 0
            while true {
                let end = scanner.nextField()
                if end == .incomplete {
                    scanner.pos = recordStart
                    scanner.line = recordLine
                    break records
                }
                if end == .error {
                    result.error = (scanner.errorLine, scanner.errorMessage)
                    break records
                }
                if f < columnCount {
                    let p = scanner.field
                    let n = scanner.fieldLength
                    switch modes[f] {
                    case .numeric:
                        if isMissing(p, n) {
                            row[f] = .nan
                        } else {
                            switch FastFloat.parse(p, count: n, table: table) {
                            case .value(let v): row[f] = v
                            case .notANumber:
                                row[f] = .nan
                                failed[f] = true
                            case .outOfRange:
                                row[f] = .nan
                                if !overflowSeen[f] {
                                    overflowSeen[f] = true
                                    let text = String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
                                    result.overflow.append((f, recordLine, text))
                                }
                            }
                        }
                    case .text:
                        if isMissing(p, n) {
                            row[f] = -1
                        } else {
                            let buffer = UnsafeBufferPointer(start: p, count: n)
                            if buffer.contains(0) {
                                result.error = (recordLine, "column '\(names[f])' contains a NUL byte")
                                break records
                            }
                            guard let s = String(validating: buffer, as: UTF8.self) else {
                                result.error = (recordLine, "column '\(names[f])' contains invalid UTF-8")
                                break records
                            }
                            if let code = interned[f][s] {
                                row[f] = Double(code)
                            } else {
                                let code = Int32(levels[f].count)
                                interned[f][s] = code
                                levels[f].append(s)
                                row[f] = Double(code)
                            }
                        }
                    case .skip:
                        break
                    }
                }
                f += 1
                if end == .delimiter { continue }
                break
            }
            if f != columnCount {
                result.error = (recordLine, "expected \(columnCount) fields but found \(f)")
                break records
            }
            rows += 1
        }

        result.rows = rows
        result.lines = scanner.line
        result.consumed = scanner.pos - start
        result.failedNumeric = (0..<columnCount).filter { failed[$0] }
        result.numbers = [[Double]](repeating: [], count: columnCount)
        result.codes = [[Int32]](repeating: [], count: columnCount)
        for j in 0..<columnCount {
            switch modes[j] {
            case .numeric:
                result.numbers[j] = [Double](unsafeUninitializedCapacity: rows) { out, count in
                    var p = values + j
                    for i in 0..<rows {
                        out[i] = p.pointee
                        p += columnCount
                    }
                    count = rows
                }
            case .text:
                result.codes[j] = [Int32](unsafeUninitializedCapacity: rows) { out, count in
                    for i in 0..<rows { out[i] = Int32(values[i * columnCount + j]) }
                    count = rows
                }
            case .skip:
                break
            }
        }
        result.levels = levels
        return result
    }

    /// Whether the field's bytes equal one of the missing-value tokens.
    @inline(__always)
    private func isMissing(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        if n > missingMaxLength { return false }
        for token in missing where token.count == n {
            if n == 0 { return true }
            var same = true
            for k in 0..<n where token[k] != p[k] {
                same = false
                break
            }
            if same { return true }
        }
        return false
    }
}
