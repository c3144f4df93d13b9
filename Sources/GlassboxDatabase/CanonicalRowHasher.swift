import GlassboxCore

/// The SHA-256 of rows as read, over their canonical CSV encoding — the bytes PostgreSQL's
/// `COPY … TO STDOUT WITH (FORMAT csv, HEADER)` writes: a header line, then one line per row ending in
/// LF, fields separated by commas; a NULL is an empty field; a value is quoted (`"` doubled) when it is
/// empty or contains a comma, quote, CR or LF, or is `\.`. Numbers are written as the database gives
/// them in text (SQLite: an integer in decimal, a real in Swift's shortest round-trip form).
struct CanonicalRowHasher {
    private var hasher = SHA256Hasher()
    private var line: [UInt8] = []
    private var fieldsInLine = 0
    private(set) var byteCount = 0

    mutating func appendNull() { separate() }

    mutating func append(_ text: String) {
        separate()
        let bytes = Array(text.utf8)
        let needsQuotes = bytes.isEmpty || text == "\\." || bytes.contains { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }
        guard needsQuotes else { line += bytes; return }
        line.append(34)
        for b in bytes {
            if b == 34 { line.append(34) }
            line.append(b)
        }
        line.append(34)
    }

    /// A number written as it is (never quoted).
    mutating func appendPlain(_ text: String) {
        separate()
        line += Array(text.utf8)
    }

    mutating func endRow() {
        line.append(10)
        feed(line)
        line.removeAll(keepingCapacity: true)
        fieldsInLine = 0
    }

    /// Bytes received already encoded (a COPY row), hashed as they are.
    mutating func feed(_ bytes: [UInt8]) {
        byteCount += bytes.count
        bytes.withUnsafeBytes { hasher.update($0) }
    }

    mutating func feed(_ bytes: UnsafeRawBufferPointer) {
        byteCount += bytes.count
        hasher.update(bytes)
    }

    mutating func finalizeHex() -> String { hasher.finalizeHex() }

    private mutating func separate() {
        if fieldsInLine > 0 { line.append(44) }
        fieldsInLine += 1
    }
}
