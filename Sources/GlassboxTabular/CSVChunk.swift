/// How the reader treats one column while parsing a chunk.
enum CSVColumnMode: UInt8, Sendable {
    /// Parse as a number; a field that is not a number marks the column for text.
    case numeric
    /// Keep the exact text, interned per chunk.
    case text
    /// Step over without parsing or storing: a column left out by ``CSVOptions/columns``, or any
    /// column but the late text ones in the reader's second pass.
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
    /// Column-major values: column j's `rows` values start at `values + j * stride`; numbers
    /// (NaN = missing) or text codes into `levels` stored as doubles (-1 = missing). The memory
    /// belongs to the ``CSVColumnBuffer`` the chunk was parsed into and is valid until it is reused.
    var values: UnsafeMutablePointer<Double>?
    var stride = 0
    var levels: [[String]] = []
    /// A structural error: line relative to the chunk start (terminators before it) and message.
    var error: (line: Int, message: String)?
    /// Columns in numeric mode that met a non-number.
    var failedNumeric: [Int] = []
    /// Whether the chunk held a quoted field.
    var sawQuote = false
    /// First out-of-range number per numeric column: (column, relative line, text).
    var overflow: [(column: Int, line: Int, text: String)] = []

    /// Column `j`'s values.
    func column(_ j: Int) -> UnsafeBufferPointer<Double> {
        UnsafeBufferPointer(start: values.map { $0 + j &* stride }, count: rows)
    }
}

/// Reusable output memory for one chunk lane, so steady-state parsing allocates nothing and
/// re-touches only pages that are already resident.
final class CSVColumnBuffer: @unchecked Sendable {
    private(set) var pointer: UnsafeMutablePointer<Double>?
    private(set) var capacity = 0

    init() {}

    deinit { pointer?.deallocate() }

    /// Memory for at least `count` doubles (contents not preserved).
    func reserve(_ count: Int) -> UnsafeMutablePointer<Double> {
        if let p = pointer, capacity >= count { return p }
        pointer?.deallocate()
        let p = UnsafeMutablePointer<Double>.allocate(capacity: count)
        pointer = p
        capacity = count
        return p
    }

    /// Replaces the memory by `p` (of `count` doubles), freeing the old one.
    func adopt(_ p: UnsafeMutablePointer<Double>, count: Int) {
        pointer?.deallocate()
        pointer = p
        capacity = count
    }
}

/// Parses whole records of one chunk; see ``CSVChunkResult``.
struct CSVChunkParser {
    let names: [String]
    let modes: [CSVColumnMode]
    let delimiter: UInt8
    let missing: [[UInt8]]
    let missingMaxLength: Int
    let special: UnsafePointer<UInt8>
    /// Whether the number fast path is safe: no missing token reads as a number and the delimiter
    /// cannot be part of one.
    let fastNumbers: Bool

    init(names: [String], modes: [CSVColumnMode], delimiter: UInt8, missing: [[UInt8]], missingMaxLength: Int,
         special: UnsafePointer<UInt8>) {
        self.names = names
        self.modes = modes
        self.delimiter = delimiter
        self.missing = missing
        self.missingMaxLength = missingMaxLength
        self.special = special
        let numberBytes = Array("0123456789+-.eE".utf8)
        fastNumbers = !numberBytes.contains(delimiter)
            && !missing.contains { token in token.withUnsafeBytes { FastFloat.parse($0) } != .notANumber }
    }

    /// Parses `base[start..<end]` into `buffer`. When `final` is false the last, possibly cut,
    /// record is left unconsumed (`consumed` tells where it starts).
    ///
    /// Hot path: a numeric-mode field that is an unquoted number followed by the delimiter or a
    /// line break is parsed in the same pass that finds its end (``FastFloat/scan(_:from:end:into:)``)
    /// and stored straight into its column; every other field (quoted, missing, text, errors, a
    /// cut record) goes through ``CSVScanner`` from the same position, so both paths agree.
    func parse(base: UnsafePointer<UInt8>, start: Int, end: Int, final: Bool, buffer: CSVColumnBuffer) -> CSVChunkResult {
        let columnCount = names.count
        var result = CSVChunkResult()
        var scanner = CSVScanner(base: base, start: start, end: end, final: final, delimiter: delimiter, special: special)
        defer { scanner.release() }
        // Every record but a final unterminated one takes at least `columnCount` bytes (delimiters
        // plus a terminator), so this capacity is rarely exceeded; untouched pages cost nothing.
        var capacityRows = max(16, (end - start) / max(1, columnCount) + 2)
        var values = buffer.reserve(capacityRows * columnCount)
        let modeFlags = UnsafeMutablePointer<CSVColumnMode>.allocate(capacity: max(1, columnCount))
        defer { modeFlags.deallocate() }
        modeFlags.initialize(from: modes, count: columnCount)
        // skipRun[f]: how many skipped columns start at f and end at a delimiter (the last column ends
        // at a line break, so it never counts); a run of two or more is stepped over word by word.
        let skipRun = UnsafeMutablePointer<Int>.allocate(capacity: columnCount + 1)
        defer { skipRun.deallocate() }
        skipRun.initialize(repeating: 0, count: columnCount + 1)
        if columnCount >= 2 {
            for f in stride(from: columnCount - 2, through: 0, by: -1) where modes[f] == .skip { skipRun[f] = skipRun[f + 1] + 1 }
        }
        var state = SlowState(columnCount: columnCount)
        let tables = FastFloat.Tables()
        let fast = fastNumbers
        let delimiter = self.delimiter
        let lf = CSVScanner.lf
        let cr = CSVScanner.cr
        let ones: UInt64 = 0x0101_0101_0101_0101
        let delimiterBytes = ones &* UInt64(delimiter), lfBytes = ones &* UInt64(lf)
        let crBytes = ones &* UInt64(cr), quoteBytes = ones &* UInt64(CSVScanner.quote)
        var rows = 0

        records: while scanner.pos < end {
            let recordStart = scanner.pos
            let recordLine = scanner.line
            let first = base[recordStart]
            if first == lf || first == cr {
                // Blank line: skipped, as pandas does (skip_blank_lines=True); it still counts as a line.
                if scanner.consumeTerminator(at: recordStart) { continue }
                break
            }
            if rows == capacityRows {
                let newCapacity = 2 * capacityRows
                let bigger = UnsafeMutablePointer<Double>.allocate(capacity: newCapacity * columnCount)
                for j in 0..<columnCount {
                    (bigger + j * newCapacity).update(from: values + j * capacityRows, count: rows)
                }
                buffer.adopt(bigger, count: newCapacity * columnCount)
                values = bigger
                capacityRows = newCapacity
            }
            let out = values + rows
            var f = 0
            // The position lives in a register on the fast path and is synced with the scanner
            // only around general-path calls.
            var pos = recordStart
            fields: while true {
                if f < columnCount && skipRun[f] >= 2 {
                    // Several skipped fields in a row: count their delimiters eight bytes at a time, up
                    // to the first line break, CR or quote (those fields go the per-field way below).
                    var remaining = skipRun[f], i = pos, fieldStart = pos, passed = 0
                    while i &+ 8 <= end {
                        let word = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
                        let delimiters = exactZeroBytes(word ^ delimiterBytes)
                        let stops = exactZeroBytes(word ^ lfBytes) | exactZeroBytes(word ^ crBytes) | exactZeroBytes(word ^ quoteBytes)
                        let usable = stops == 0 ? delimiters : delimiters & ((stops & (0 &- stops)) &- 1)
                        let count = usable.nonzeroBitCount
                        if count >= remaining {
                            var bits = usable
                            for _ in 1..<remaining { bits &= bits &- 1 }
                            fieldStart = i &+ (bits.trailingZeroBitCount &>> 3) &+ 1
                            passed &+= remaining
                            remaining = 0
                            break
                        }
                        if count > 0 {
                            passed &+= count
                            remaining &-= count
                            fieldStart = i &+ ((63 &- usable.leadingZeroBitCount) &>> 3) &+ 1
                        }
                        if stops != 0 { break }
                        i &+= 8
                    }
                    f &+= passed
                    pos = fieldStart
                    if remaining == 0 { continue fields }
                }
                // Where a fast path found the field's end (a delimiter or line break), else -1.
                var stop = -1
                if fast && f < columnCount && modeFlags[f] == .numeric {
                    var number = FastFloat.Decimal()
                    let i = FastFloat.scan(base, from: pos, end: end, integerPowers: tables.integerPowers, into: &number)
                    if i >= 0 && i < end {
                        let c = base[i]
                        if c == delimiter || c == lf || (c == cr && i &+ 1 < end),
                           case .value(let v) = FastFloat.value(of: number, text: base, end: i, tables: tables) {
                            out[f &* capacityRows] = v
                            stop = i
                        }
                    }
                } else if f < columnCount && modeFlags[f] != .numeric {
                    // Unquoted text ending at a delimiter or line break: interned from the input
                    // bytes (a skipped column's field is only stepped over).
                    var i = pos
                    // Eight bytes at a time while they hold no delimiter, CR, LF or quote (SWAR:
                    // a byte equal to one of them becomes a zero byte of `word ^ pattern`).
                    while i &+ 8 <= end {
                        let word = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
                        let hits = zeroBytes(word ^ delimiterBytes) | zeroBytes(word ^ lfBytes)
                            | zeroBytes(word ^ crBytes) | zeroBytes(word ^ quoteBytes)
                        if hits != 0 {
                            i &+= hits.trailingZeroBitCount &>> 3
                            break
                        }
                        i &+= 8
                    }
                    while i < end && special[Int(base[i])] == 0 { i &+= 1 }
                    if i < end {
                        let c = base[i]
                        if c == delimiter || c == lf || (c == cr && i &+ 1 < end) {
                            if modeFlags[f] == .text {
                                guard let code = textCode(base + pos, i &- pos, column: f, line: recordLine, state: &state) else {
                                    break records
                                }
                                out[f &* capacityRows] = code
                            }
                            stop = i
                        }
                    }
                }
                if stop >= 0 {
                    f &+= 1
                    let c = base[stop]
                    if c == delimiter {
                        pos = stop &+ 1
                        continue fields
                    }
                    pos = c == lf || base[stop &+ 1] != lf ? stop &+ 1 : stop &+ 2
                    scanner.line &+= 1
                    break fields
                }
                scanner.pos = pos
                let fieldEnd = scanner.nextFieldOutOfLine()
                pos = scanner.pos
                if fieldEnd == .incomplete {
                    scanner.pos = recordStart
                    scanner.line = recordLine
                    break records
                }
                if fieldEnd == .error {
                    state.error = (scanner.errorLine, scanner.errorMessage)
                    break records
                }
                if f < columnCount && !store(scanner.field, scanner.fieldLength, column: f, into: out + f &* capacityRows,
                                             line: recordLine, state: &state) {
                    break records
                }
                f += 1
                if fieldEnd == .delimiter { continue }
                break
            }
            scanner.pos = pos
            if f != columnCount {
                state.error = (recordLine, "expected \(columnCount) fields but found \(f)")
                break records
            }
            rows += 1
        }

        result.rows = rows
        result.lines = scanner.line
        result.sawQuote = scanner.sawQuote
        result.consumed = scanner.pos - start
        if let error = state.error { result.error = error }
        result.overflow = state.overflow
        result.failedNumeric = (0..<columnCount).filter { state.failed[$0] }
        result.values = values
        result.stride = capacityRows
        result.levels = (0..<columnCount).map { state.tables[$0].levels }
        state.release()
        return result
    }

    /// What the general (non-fast) field path accumulates for a chunk.
    struct SlowState {
        var failed: [Bool]
        var overflowSeen: [Bool]
        /// Per-column level tables (used by text columns only); freed by ``release()``.
        let tables: UnsafeMutablePointer<CSVLevelTable>
        let columnCount: Int
        var overflow: [(column: Int, line: Int, text: String)] = []
        var error: (line: Int, message: String)?

        init(columnCount: Int) {
            self.columnCount = columnCount
            failed = [Bool](repeating: false, count: columnCount)
            overflowSeen = failed
            tables = .allocate(capacity: max(1, columnCount))
            for j in 0..<columnCount { (tables + j).initialize(to: CSVLevelTable()) }
        }

        func release() {
            for j in 0..<columnCount { tables[j].release() }
            tables.deinitialize(count: columnCount)
            tables.deallocate()
        }
    }

    /// The code of text field `p[0..<n]` in column `f` (−1 = missing), interned per chunk by
    /// ``CSVLevelTable``: only bytes seen for the first time are checked (missing token, NUL,
    /// UTF-8), which gives the same result as checking every field. Nil after recording an error.
    @inline(__always)
    private func textCode(_ p: UnsafePointer<UInt8>, _ n: Int, column f: Int, line: Int, state: inout SlowState) -> Double? {
        let h = CSVLevelTable.hash(p, n)
        if let code = state.tables[f].find(p, n, hash: h) { return Double(code) }
        return newTextCode(p, n, hash: h, column: f, line: line, state: &state)
    }

    @inline(never)
    private func newTextCode(_ p: UnsafePointer<UInt8>, _ n: Int, hash h: UInt64, column f: Int, line: Int,
                             state: inout SlowState) -> Double? {
        if isMissing(p, n) { return Double(state.tables[f].add(p, n, hash: h, level: false)) }
        let bytes = UnsafeBufferPointer(start: p, count: n)
        if bytes.contains(0) {
            state.error = (line, "column '\(names[f])' contains a NUL byte")
            return nil
        }
        if String(validating: bytes, as: UTF8.self) == nil {
            state.error = (line, "column '\(names[f])' contains invalid UTF-8")
            return nil
        }
        return Double(state.tables[f].add(p, n, hash: h, level: true))
    }

    /// Stores field `f` (bytes `p[0..<n]`, already unquoted) at `slot` by its column's mode; returns
    /// false after recording an error. Out of line: only fields the fast path declined come here.
    @inline(never)
    private func store(_ p: UnsafePointer<UInt8>, _ n: Int, column f: Int, into slot: UnsafeMutablePointer<Double>,
                       line recordLine: Int, state: inout SlowState) -> Bool {
        switch modes[f] {
        case .numeric:
            if isMissing(p, n) {
                slot.pointee = .nan
                return true
            }
            switch FastFloat.parse(p, count: n, tables: FastFloat.Tables()) {
            case .value(let v): slot.pointee = v
            case .notANumber:
                slot.pointee = .nan
                state.failed[f] = true
            case .outOfRange:
                slot.pointee = .nan
                if !state.overflowSeen[f] {
                    state.overflowSeen[f] = true
                    let text = String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
                    state.overflow.append((f, recordLine, text))
                }
            }
        case .text:
            guard let code = textCode(p, n, column: f, line: recordLine, state: &state) else { return false }
            slot.pointee = code
        case .skip:
            break
        }
        return true
    }

    /// The high bit of every byte of `x` that is zero set, others clear, up to the first zero byte
    /// (bytes above it may be flagged falsely by the borrow, so only the lowest flag is exact).
    @inline(__always)
    private func zeroBytes(_ x: UInt64) -> UInt64 {
        (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
    }

    /// The high bit of exactly the zero bytes of `x` (no borrow between bytes, unlike ``zeroBytes(_:)``),
    /// so every flagged byte can be counted.
    @inline(__always)
    private func exactZeroBytes(_ x: UInt64) -> UInt64 {
        let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        return ~(((x & low) &+ low) | x | low)
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
