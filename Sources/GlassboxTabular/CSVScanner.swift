/// Splits RFC 4180 text into fields, one call per field, counting physical lines.
///
/// A line ends at LF, CRLF or a lone CR (all three may mix). Quoted fields may hold delimiters,
/// line breaks and `""` (one quote). When the buffer is not the end of the input (`final == false`),
/// a field that might continue past the buffer is reported as ``FieldEnd/incomplete`` so the caller
/// can retry the record with more bytes.
struct CSVScanner {
    enum FieldEnd { case delimiter, record, input, incomplete, error }

    let base: UnsafePointer<UInt8>
    let end: Int
    let final: Bool
    let delimiter: UInt8
    /// 256 flags: non-zero for the delimiter, CR, LF and `"` (bytes that stop an unquoted field).
    let special: UnsafePointer<UInt8>
    /// Next byte to read.
    var pos: Int
    /// Line terminators passed since the start of the buffer (so the current line is `line + 1` relative).
    var line = 0
    /// The last field's bytes (in the input, or in `scratch` when `""` had to be unescaped).
    var field: UnsafePointer<UInt8>
    var fieldLength = 0
    /// Set with ``FieldEnd/error``: relative line (terminators before it) and message.
    var errorLine = 0
    var errorMessage = ""
    /// Whether a quoted field was met (a chunk cut at a guessed record boundary is then unsafe).
    var sawQuote = false
    private var scratch: UnsafeMutablePointer<UInt8>
    private var scratchCapacity: Int

    init(base: UnsafePointer<UInt8>, start: Int, end: Int, final: Bool, delimiter: UInt8, special: UnsafePointer<UInt8>) {
        self.base = base
        self.end = end
        self.final = final
        self.delimiter = delimiter
        self.special = special
        self.pos = start
        self.field = base
        scratchCapacity = 256
        scratch = .allocate(capacity: scratchCapacity)
    }

    /// Frees the unescape buffer; call once when done.
    func release() { scratch.deallocate() }

    static let quote = UInt8(ascii: "\"")
    static let lf = UInt8(ascii: "\n")
    static let cr = UInt8(ascii: "\r")

    /// Consumes a line terminator at `i` (CR, LF or CRLF). Returns false when a CR ends a non-final
    /// buffer (a LF may follow in the next block).
    @inline(__always)
    mutating func consumeTerminator(at i: Int) -> Bool {
        if base[i] == CSVScanner.lf {
            pos = i + 1
        } else if i + 1 < end {
            pos = base[i + 1] == CSVScanner.lf ? i + 2 : i + 1
        } else if final {
            pos = i + 1
        } else {
            return false
        }
        line += 1
        return true
    }

    /// Reads the next field starting at `pos`.
    @inline(__always)
    mutating func nextField() -> FieldEnd {
        let start = pos
        if start < end && base[start] == CSVScanner.quote { return quotedField() }
        var i = start
        while i < end {
            let c = base[i]
            if special[Int(c)] != 0 {
                field = base + start
                fieldLength = i - start
                if c == delimiter { pos = i + 1; return .delimiter }
                if c == CSVScanner.quote {
                    errorLine = line
                    errorMessage = "a quote character appears inside an unquoted field (quote the whole field and double any embedded quotes)"
                    return .error
                }
                return consumeTerminator(at: i) ? .record : .incomplete
            }
            i += 1
        }
        guard final else { return .incomplete }
        field = base + start
        fieldLength = end - start
        pos = end
        return .input
    }

    /// ``nextField()`` as a call, for callers whose hot path handles most fields itself.
    @inline(never)
    mutating func nextFieldOutOfLine() -> FieldEnd { nextField() }

    private mutating func appendScratch(_ from: Int, _ to: Int, into used: inout Int) {
        let n = to - from
        if used + n > scratchCapacity {
            var capacity = scratchCapacity
            while used + n > capacity { capacity *= 2 }
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
            bigger.update(from: scratch, count: used)
            scratch.deallocate()
            scratch = bigger
            scratchCapacity = capacity
        }
        (scratch + used).update(from: base + from, count: n)
        used += n
    }

    private mutating func quotedField() -> FieldEnd {
        sawQuote = true
        let startLine = line
        let contentStart = pos + 1
        var segment = contentStart
        var i = contentStart
        var escaped = false
        var used = 0
        while true {
            while i < end {
                let c = base[i]
                if c == CSVScanner.quote { break }
                if c == CSVScanner.lf || (c == CSVScanner.cr && !(i + 1 < end && base[i + 1] == CSVScanner.lf)) { line += 1 }
                i += 1
            }
            if i >= end {
                guard final else { return .incomplete }
                errorLine = startLine
                errorMessage = "a quoted field starting on this line is never closed (missing closing quote)"
                return .error
            }
            // base[i] is a quote: either `""` or the closing quote.
            if i + 1 < end && base[i + 1] == CSVScanner.quote {
                appendScratch(segment, i + 1, into: &used)
                escaped = true
                i += 2
                segment = i
                continue
            }
            if i + 1 >= end && !final { return .incomplete }
            break
        }
        if escaped {
            appendScratch(segment, i, into: &used)
            field = UnsafePointer(scratch)
            fieldLength = used
        } else {
            field = base + contentStart
            fieldLength = i - contentStart
        }
        let after = i + 1
        if after >= end {
            pos = end
            return .input
        }
        let c = base[after]
        if c == delimiter { pos = after + 1; return .delimiter }
        if c == CSVScanner.lf || c == CSVScanner.cr { return consumeTerminator(at: after) ? .record : .incomplete }
        errorLine = line
        errorMessage = "unexpected character after the closing quote of a field (a field must be entirely quoted)"
        return .error
    }
}
