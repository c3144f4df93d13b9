import GlassboxCore

/// Renders a ``Table`` as RFC 4180 CSV bytes (the caller writes them to disk atomically).
///
/// Format (RFC 4180, <https://www.rfc-editor.org/rfc/rfc4180>):
/// - one header line with the column names, then one line per row, each ended by `\n`;
/// - a field is quoted when it contains the delimiter, a double quote, CR or LF, and quotes inside
///   it are doubled (`a"b` → `"a""b"`); the header follows the same rule;
/// - a text field (level or column name) that a spreadsheet would run as a formula (it starts with
///   `=`, `+`, `-`, `@`, tab or CR and is not a plain number) gets a leading `'` (OWASP's rule for
///   CSV injection); numbers are never prefixed;
/// - a missing value (`NaN` or categorical code `-1`) is an empty field, except that a row that would
///   be entirely empty (one column, missing value) is written `""` so that it is not a blank line;
///   an empty-string level is written like a missing value, as pandas does;
/// - an integral number with |x| < 2⁵³ is written without a fractional part (`2006`, `-3`, `0`;
///   negative zero as `-0`), as pandas/R users expect; every other number is written in Swift's
///   shortest round-trip form (`0.1`, `1e-05`, `1e+16`, `inf`), so `Double(String)` gives back
///   exactly the same value.
///
/// Complexity: O(rows × columns). Rows are rendered in contiguous chunks on all cores and the chunk
/// buffers are concatenated in order, so the output does not depend on the number of threads.
package enum CSVWriter {
    /// CSV bytes for `table`.
    /// - Parameters:
    ///   - table: the data to write.
    ///   - columns: the columns to write, in this order (`nil` = all columns in table order). A name
    ///     the table does not have is a programming error (check with ``Table/hasColumn(_:)``).
    ///   - delimiter: the field separator byte (`,` by default; `\t` for TSV).
    ///   - header: whether to write the header line (a file written in chunks has it only once).
    package static func render(_ table: Table, columns: [String]? = nil, delimiter: UInt8 = UInt8(ascii: ","),
                               header writesHeader: Bool = true) -> [UInt8] {
        let names = columns ?? table.columnNames
        let selected: [Column] = names.map { name in
            guard let i = table.index(ofColumn: name) else {
                preconditionFailure("CSVWriter: no column named '\(name)'")
            }
            return table.columns[i]
        }
        var out: [UInt8] = []
        if writesHeader {
            for (j, name) in names.enumerated() {
                if j > 0 { out.append(delimiter) }
                appendField(name, to: &out, delimiter: delimiter)
            }
            out.append(UInt8(ascii: "\n"))
        }
        guard table.rowCount > 0, !selected.isEmpty else { return out }

        // Categorical levels are encoded (and quoted if needed) once, not once per cell.
        let cells: [Cells] = selected.map { column in
            switch column {
            case .numeric(let values):
                return .numeric(values)
            case .categorical(let c):
                var bytes: [UInt8] = []
                var starts = [0]
                starts.reserveCapacity(c.levels.count + 1)
                for level in c.levels {
                    appendField(level, to: &bytes, delimiter: delimiter)
                    starts.append(bytes.count)
                }
                return .categorical(codes: c.codes, levelBytes: bytes, levelStarts: starts)
            }
        }
        let ranges = Parallel.chunks(count: table.rowCount, minimumChunk: 32_768)
        let parts = Parallel.map(ranges) { rows in
            withCellPointers(cells[...]) { pointers in
                renderRows(rows, cells: pointers, delimiter: delimiter)
            }
        }
        let header = out
        let total = header.count + parts.reduce(0) { $0 + $1.count }
        return [UInt8](unsafeUninitializedCapacity: total) { buffer, initialized in
            header.withUnsafeBufferPointer { h in
                if let start = h.baseAddress { buffer.baseAddress!.initialize(from: start, count: h.count) }
            }
            var offset = header.count
            for part in parts {
                (buffer.baseAddress! + offset).initialize(from: part.start, count: part.count)
                offset += part.count
            }
            initialized = offset
        }
    }

    /// Appends the bytes of one text field (a column name or a level) to `out`:
    /// ``Escaping/csvCell(_:delimiter:)`` — formula-injection neutralised, quoted per RFC 4180.
    private static func appendField(_ text: String, to out: inout [UInt8], delimiter: UInt8) {
        out.append(contentsOf: Escaping.csvCell(text, delimiter: delimiter).utf8)
    }

    /// A column prepared for rendering: categorical levels as their encoded field bytes,
    /// level `k` at `levelBytes[levelStarts[k]..<levelStarts[k + 1]]`.
    private enum Cells: Sendable {
        case numeric([Double])
        case categorical(codes: [Int32], levelBytes: [UInt8], levelStarts: [Int])
    }

    /// A column seen through raw pointers, so the per-cell loop does no reference counting.
    private enum CellPointer {
        case numeric(UnsafeBufferPointer<Double>)
        case categorical(UnsafeBufferPointer<Int32>, UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<Int>)

        /// Most bytes one cell can take: a shortest-form double is at most 24 characters
        /// (`-2.2250738585072014e-308`), a level at most its longest encoding.
        var maximumWidth: Int {
            switch self {
            case .numeric: 24
            case .categorical(_, _, let starts): zip(starts.dropFirst(), starts).map { $0 - $1 }.max() ?? 0
            }
        }
    }

    /// Calls `body` with pointers to every column's storage, valid for the duration of the call
    /// (nested `withUnsafeBufferPointer` scopes, one per column).
    private static func withCellPointers<R>(
        _ cells: ArraySlice<Cells>, _ acquired: [CellPointer] = [], _ body: ([CellPointer]) -> R
    ) -> R {
        guard let first = cells.first else { return body(acquired) }
        let rest = cells.dropFirst()
        switch first {
        case .numeric(let values):
            return values.withUnsafeBufferPointer { v in
                withCellPointers(rest, acquired + [.numeric(v)], body)
            }
        case .categorical(let codes, let bytes, let starts):
            return codes.withUnsafeBufferPointer { c in
                bytes.withUnsafeBufferPointer { b in
                    starts.withUnsafeBufferPointer { s in
                        withCellPointers(rest, acquired + [.categorical(c, b, s)], body)
                    }
                }
            }
        }
    }

    private static func renderRows(_ rows: Range<Int>, cells: [CellPointer], delimiter: UInt8) -> CSVByteSink {
        let maximumRow = cells.reduce(3) { $0 + $1.maximumWidth + 1 }
        var sink = CSVByteSink(capacity: max(4_096, rows.count * cells.count * 6))
        let quote = UInt8(ascii: "\"")
        for i in rows {
            sink.reserve(maximumRow)
            let rowStart = sink.count
            for j in cells.indices {
                if j > 0 { sink.appendUnchecked(delimiter) }
                switch cells[j] {
                case .numeric(let values):
                    appendNumber(values[i], to: &sink)
                case .categorical(let codes, let bytes, let starts):
                    let code = Int(codes[i])
                    if code >= 0 {
                        sink.appendUnchecked(UnsafeBufferPointer(rebasing: bytes[starts[code]..<starts[code + 1]]))
                    }
                }
            }
            // A lone empty field would be a blank line, which readers skip: write it as "" instead
            // (Python's csv module does the same).
            if sink.count == rowStart {
                sink.appendUnchecked(quote)
                sink.appendUnchecked(quote)
            }
            sink.appendUnchecked(UInt8(ascii: "\n"))
        }
        return sink
    }

    /// Appends `x` in the format described on ``CSVWriter``; `NaN` appends nothing (missing).
    /// The sink must have room for 24 bytes.
    @inline(__always)
    private static func appendNumber(_ x: Double, to sink: inout CSVByteSink) {
        if x.isNaN { return }
        // 2^53: beyond it not every integer is representable, so fall back to the shortest form.
        if x.magnitude < 9_007_199_254_740_992, x == x.rounded(.towardZero) {
            if x == 0 {
                if x.sign == .minus { sink.appendUnchecked(UInt8(ascii: "-")) }
                sink.appendUnchecked(UInt8(ascii: "0"))
                return
            }
            appendInteger(Int64(x), to: &sink)
            return
        }
        if appendShortDecimal(x, to: &sink) { return }
        // Double's TextOutputStreamable conformance formats into a stack buffer and hands it to
        // `_writeASCII`, which CSVByteSink implements: no String is created per cell.
        x.write(to: &sink)
    }

    /// Fast path for values with at most 6 decimals and 0.001 ≤ |x| < 10⁹ (rounded data: incomes,
    /// scores, weights). For the smallest k with m = round(|x|·10ᵏ) and m / 10ᵏ == |x|, the digits of
    /// m with a point k places from the right parse back to x exactly (both the division and
    /// `Double(String)` round the real number m/10ᵏ to nearest), and no shorter decimal does, so the
    /// text equals Swift's shortest form. Returns false (writing nothing) when no k ≤ 6 fits.
    @inline(__always)
    private static func appendShortDecimal(_ x: Double, to sink: inout CSVByteSink) -> Bool {
        let a = x.magnitude
        guard a >= 0.001, a < 1e9 else { return false }
        var scale = 10.0
        var power: UInt64 = 10
        for k in 1...6 {
            let m = (a * scale).rounded()
            if m / scale == a {
                if x < 0 { sink.appendUnchecked(UInt8(ascii: "-")) }
                let mantissa = UInt64(m)
                appendInteger(Int64(mantissa / power), to: &sink)
                sink.appendUnchecked(UInt8(ascii: "."))
                var fraction = mantissa % power
                var p = sink.end + k
                for _ in 0..<k {
                    p -= 1
                    p.pointee = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: fraction % 10)
                    fraction /= 10
                }
                sink.count += k
                return true
            }
            scale *= 10
            power &*= 10
        }
        return false
    }

    /// Appends the decimal digits of `value` (|value| < 2⁵³, at most 16 digits and a sign).
    @inline(__always)
    private static func appendInteger(_ value: Int64, to sink: inout CSVByteSink) {
        if value < 0 { sink.appendUnchecked(UInt8(ascii: "-")) }
        var v = value.magnitude
        var digits = 1
        var bound: UInt64 = 10
        while v >= bound && digits < 19 {
            digits += 1
            bound &*= 10
        }
        let end = sink.end + digits
        var p = end
        repeat {
            p -= 1
            p.pointee = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: v % 10)
            v /= 10
        } while v > 0
        sink.count += digits
    }
}

/// A growable byte buffer that Swift's number formatting can write into without building a
/// `String`. It owns its memory; it is handed from one rendering chunk to the final copy, never shared.
private final class CSVByteSink: TextOutputStream, @unchecked Sendable {
    private(set) var start: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    var count = 0

    init(capacity: Int) {
        self.capacity = max(64, capacity)
        start = .allocate(capacity: self.capacity)
    }

    deinit { start.deallocate() }

    /// One past the last written byte.
    var end: UnsafeMutablePointer<UInt8> { start + count }

    /// Makes room for `extra` more bytes (the `appendUnchecked` calls that follow rely on it).
    @inline(__always)
    func reserve(_ extra: Int) {
        if count + extra > capacity { grow(to: count + extra) }
    }

    private func grow(to needed: Int) {
        let newCapacity = max(needed, capacity * 2)
        let newStart = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newStart.initialize(from: start, count: count)
        start.deallocate()
        start = newStart
        capacity = newCapacity
    }

    @inline(__always)
    func appendUnchecked(_ byte: UInt8) {
        start[count] = byte
        count += 1
    }

    @inline(__always)
    func appendUnchecked(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress else { return }
        (start + count).initialize(from: base, count: bytes.count)
        count += bytes.count
    }

    func write(_ string: String) {
        var string = string
        string.withUTF8 { bytes in
            reserve(bytes.count)
            appendUnchecked(bytes)
        }
    }

    /// Called by the standard library's floating-point `write(to:)` with ASCII digits; when this hook
    /// is not used, `write(_:)` above receives the same text, so the output is identical either way.
    func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) {
        reserve(buffer.count)
        appendUnchecked(buffer)
    }
}
