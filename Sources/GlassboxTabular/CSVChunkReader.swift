import GlassboxCore
#if canImport(Glibc)
import Glibc
#endif

/// Reads a CSV file as a sequence of tables of whole records, each about `chunkBytes` long, so a file
/// larger than memory can be processed chunk by chunk (streamed fits, docs/scale.md §3). A chunk is cut
/// after a line break outside quotes and parsed with the header by ``CSVReader/read(bytes:options:)``, so
/// each value is parsed exactly as a whole-file read parses it; a column's kind (numeric or text) is
/// decided per chunk. Line numbers in a chunk's parse errors count from the chunk's first record.
package enum CSVChunkReader {
    /// Calls `body` with each chunk's table (in file order) and the chunk's byte count, and returns the
    /// SHA-256 of the whole file and its size.
    package static func forEachChunk(path: String, options: CSVOptions, chunkBytes: Int,
                                     _ body: (Table, Int) throws -> Void) throws -> (sha256: String, bytes: Int) {
        guard let file = fopen(path, "rb") else { throw GlassboxCoreError.noSuchFile(path: path) }
        defer { fclose(file) }
        var hasher = SHA256Hasher()
        var total = 0
        var pending = [UInt8]()
        var header: [UInt8]?
        var buffer = [UInt8](repeating: 0, count: max(4_096, chunkBytes))
        var atEnd = false
        while !atEnd {
            let n = fread(&buffer, 1, buffer.count, file)
            if n > 0 {
                buffer.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
                pending.append(contentsOf: buffer[0..<n])
                total += n
            }
            if n < buffer.count {
                if ferror(file) != 0 { throw GlassboxCoreError.io(path: path, operation: "read", message: String(cString: strerror(errno))) }
                atEnd = true
            }
            if header == nil {
                guard let end = lastRecordEnd(pending, first: true) ?? (atEnd ? pending.count : nil) else {
                    if pending.count > options.maximumRecordBytes + buffer.count {
                        throw TabularError.file(path: path, message: "has a header longer than \(options.maximumRecordBytes) bytes")
                    }
                    continue
                }
                header = Array(pending[0..<end])
                if header?.last != 10 { header?.append(10) }
                pending.removeFirst(end)
            }
            let cut = atEnd ? pending.count : lastRecordEnd(pending, first: false)
            guard let cut, cut > 0 else {
                if pending.count > options.maximumRecordBytes + buffer.count {
                    throw TabularError.file(path: path, message: "has a record longer than \(options.maximumRecordBytes) bytes (no line break outside quotes)")
                }
                continue
            }
            if atEnd && pending.allSatisfy({ $0 == 10 || $0 == 13 }) { break }
            let records = header! + pending[0..<cut]
            pending.removeFirst(cut)
            let table = try CSVReader.read(bytes: records, options: options).table
            try body(table, cut)
        }
        return (hasher.finalizeHex(), total)
    }

    /// The index just past the last (or, with `first`, the first) line feed outside quotes, or nil.
    static func lastRecordEnd(_ bytes: [UInt8], first: Bool) -> Int? {
        var inQuotes = false
        var end: Int?
        for (i, b) in bytes.enumerated() {
            if b == UInt8(ascii: "\"") { inQuotes.toggle() } else if b == 10 && !inQuotes {
                end = i + 1
                if first { return end }
            }
        }
        return end
    }
}
