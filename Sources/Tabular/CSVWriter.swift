import GlassboxCore

/// Renders a ``Table`` as RFC 4180 CSV bytes (the caller writes them to disk atomically).
///
/// Format (RFC 4180, <https://www.rfc-editor.org/rfc/rfc4180>):
/// - one header line with the column names, then one line per row, each ended by `\n`;
/// - a field is quoted when it contains the delimiter, a double quote, CR or LF, and quotes inside
///   it are doubled (`a"b` → `"a""b"`); the header follows the same rule;
/// - a missing value (`NaN` or categorical code `-1`) is an empty field;
/// - an integral number with |x| < 2⁵³ is written without a fractional part (`2006`, `-3`, `0`;
///   negative zero as `-0`), as pandas/R users expect; every other number is written in Swift's
///   shortest round-trip form (`0.1`, `1e-05`, `1e+16`, `inf`), so `Double(String)` gives back
///   exactly the same value.
///
/// Complexity: O(rows × columns). Rows are rendered in contiguous chunks on all cores and the chunk
/// buffers are concatenated in order, so the output does not depend on the number of threads.
public enum CSVWriter {
    /// CSV bytes for `table`.
    /// - Parameters:
    ///   - table: the data to write.
    ///   - columns: the columns to write, in this order (`nil` = all columns in table order). A name
    ///     the table does not have is a programming error (check with ``Table/hasColumn(_:)``).
    ///   - delimiter: the field separator byte (`,` by default; `\t` for TSV).
    public static func render(_ table: Table, columns: [String]? = nil, delimiter: UInt8 = UInt8(ascii: ",")) -> [UInt8] {
        let names = columns ?? table.columnNames
        let selected: [Column] = names.map { name in
            guard let i = table.columnNames.firstIndex(of: name) else {
                preconditionFailure("CSVWriter: no column named '\(name)'")
            }
            return table.columns[i]
        }
        var out: [UInt8] = []
        for (j, name) in names.enumerated() {
            if j > 0 { out.append(delimiter) }
            out.append(contentsOf: field(name, delimiter: delimiter))
        }
        out.append(UInt8(ascii: "\n"))
        guard table.rowCount > 0, !selected.isEmpty else { return out }

        // Categorical levels are encoded (and quoted if needed) once, not once per cell.
        let cells: [Cells] = selected.map { column in
            switch column {
            case .numeric(let values): .numeric(values)
            case .categorical(let c): .categorical(codes: c.codes, levels: c.levels.map { field($0, delimiter: delimiter) })
            }
        }
        let ranges = Parallel.chunks(count: table.rowCount, minimumChunk: 32_768)
        let parts = Parallel.map(ranges) { rows in
            renderRows(rows, cells: cells, delimiter: delimiter)
        }
        out.reserveCapacity(out.count + parts.reduce(0) { $0 + $1.count })
        for part in parts { out.append(contentsOf: part) }
        return out
    }

    /// The bytes of one field, quoted per RFC 4180 when it contains the delimiter, `"`, CR or LF.
    static func field(_ text: String, delimiter: UInt8) -> [UInt8] {
        let bytes = Array(text.utf8)
        let quote = UInt8(ascii: "\"")
        let needsQuotes = bytes.contains { $0 == delimiter || $0 == quote || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else { return bytes }
        var quoted: [UInt8] = [quote]
        quoted.reserveCapacity(bytes.count + 4)
        for b in bytes {
            if b == quote { quoted.append(quote) }
            quoted.append(b)
        }
        quoted.append(quote)
        return quoted
    }

    /// A column prepared for rendering.
    private enum Cells: Sendable {
        case numeric([Double])
        case categorical(codes: [Int32], levels: [[UInt8]])
    }

    private static func renderRows(_ rows: Range<Int>, cells: [Cells], delimiter: UInt8) -> [UInt8] {
        var sink = ByteSink()
        sink.bytes.reserveCapacity(rows.count * cells.count * 8)
        for i in rows {
            for j in cells.indices {
                if j > 0 { sink.bytes.append(delimiter) }
                switch cells[j] {
                case .numeric(let values):
                    appendNumber(values[i], to: &sink)
                case .categorical(let codes, let levels):
                    let code = codes[i]
                    if code >= 0 { sink.bytes.append(contentsOf: levels[Int(code)]) }
                }
            }
            sink.bytes.append(UInt8(ascii: "\n"))
        }
        return sink.bytes
    }

    /// Appends `x` in the format described on ``CSVWriter``; `NaN` appends nothing (missing).
    @inline(__always)
    static func appendNumber(_ x: Double, to sink: inout ByteSink) {
        if x.isNaN { return }
        // 2^53: beyond it not every integer is representable, so fall back to the shortest form.
        if x.magnitude < 9_007_199_254_740_992, x == x.rounded(.towardZero) {
            if x == 0 {
                if x.sign == .minus { sink.bytes.append(UInt8(ascii: "-")) }
                sink.bytes.append(UInt8(ascii: "0"))
                return
            }
            appendInteger(Int64(x), to: &sink.bytes)
            return
        }
        // Double's TextOutputStreamable conformance formats into a stack buffer and hands it to
        // `_writeASCII`, which ByteSink implements: no String is created per cell.
        x.write(to: &sink)
    }

    @inline(__always)
    static func appendInteger(_ value: Int64, to bytes: inout [UInt8]) {
        var v = value.magnitude
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var digits: (UInt64, UInt64) = (0, 0) // up to 16 decimal digits (|v| < 2^53), 8 per word
        var count = 0
        withUnsafeMutableBytes(of: &digits) { raw in
            repeat {
                raw[count] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: v % 10)
                v /= 10
                count += 1
            } while v > 0
            for k in stride(from: count - 1, through: 0, by: -1) { bytes.append(raw[k]) }
        }
    }
}

/// A byte buffer that Swift's number formatting can write into without building a `String`.
struct ByteSink: TextOutputStream {
    var bytes: [UInt8] = []

    mutating func write(_ string: String) { bytes.append(contentsOf: string.utf8) }

    /// Called by the standard library's floating-point `write(to:)` with ASCII digits; when this hook
    /// is not used, `write(_:)` above receives the same text, so the output is identical either way.
    mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: buffer) }
}
