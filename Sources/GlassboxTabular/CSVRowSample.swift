import GlassboxCore
#if canImport(Glibc)
import Glibc
#endif

/// A seeded uniform sample of a CSV file's data rows, drawn in one streaming pass (reservoir sampling,
/// Vitter's Algorithm R: row i ≥ n replaces a random slot j = U{0…i} when j < n), so a file larger than
/// memory can be explained on n rows. The sampled records are kept as their bytes and returned in file
/// order after the header: parsing ``bytes`` gives exactly the table of a file that holds only those rows.
///
/// Reference: J. S. Vitter, "Random sampling with a reservoir", ACM TOMS 11(1), 1985.
package struct CSVRowSample: Sendable {
    /// The header record, then the sampled records in file order.
    package var bytes: [UInt8]
    /// Rows sampled (min(n, rowsInFile)).
    package var rowCount: Int
    /// Data rows in the file (records after the header; blank lines are not rows).
    package var rowsInFile: Int
    /// Lower-case hex SHA-256 of the whole file.
    package var sha256: String
    /// Size of the file in bytes.
    package var byteCount: Int

    /// Draws `count` rows of the file at `path` with a generator seeded by `seed`; a record is cut at a line
    /// break outside double quotes (LF, CRLF or a lone CR, as ``CSVReader`` reads them).
    /// The sampled records are held in memory: once their bytes exceed `maximumSampleBytes` the draw stops.
    /// - Throws: ``GlassboxCoreError/noSuchFile(path:)``, a read error, ``TabularError/file(path:message:)``
    ///   for a record longer than `maximumRecordBytes`, or ``TooLarge`` past `maximumSampleBytes`.
    package static func draw(path: String, count: Int, seed: UInt64, maximumRecordBytes: Int = 64 << 20,
                             maximumSampleBytes: Int = .max, progress: ProgressObserver? = nil) throws -> CSVRowSample {
        precondition(count > 0, "count must be positive")
        guard let file = fopen(path, "rb") else { throw GlassboxCoreError.noSuchFile(path: path) }
        defer { fclose(file) }
        var info = stat()
        let counter = progress?.start("sampling rows", total: fstat(fileno(file), &info) == 0 ? Int(info.st_size) : nil, unit: "bytes")
        var hasher = SHA256Hasher()
        var generator = SeededGenerator(seed: seed)
        var header: [UInt8]?
        var slots = [(row: Int, record: [UInt8])]()
        var rows = 0, total = 0, keptBytes = 0, reportedRows = 0
        var pending = [UInt8](), scanned = 0, inQuotes = false
        var block = [UInt8](repeating: 0, count: 1 << 20)

        func take(_ record: ArraySlice<UInt8>) throws {
            if record.allSatisfy({ $0 == 10 || $0 == 13 }) { return }
            var bytes = Array(record)
            if bytes.last != 10 { bytes.append(10) }
            guard header != nil else { header = bytes; return }
            if rows < count {
                slots.append((rows, bytes))
                keptBytes += bytes.count
            } else {
                let j = generator.nextInt(below: rows + 1)
                if j < count {
                    keptBytes += bytes.count - slots[j].record.count
                    slots[j] = (rows, bytes)
                }
            }
            rows += 1
            if keptBytes > maximumSampleBytes { throw TooLarge(path: path, count: count, maximumSampleBytes: maximumSampleBytes) }
        }

        while true {
            let n = fread(&block, 1, block.count, file)
            if n > 0 {
                block.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
                pending.append(contentsOf: block[0..<n])
                total += n
            }
            var start = 0, i = scanned
            let atEnd = n < block.count
            while i < pending.count {
                let b = pending[i]
                if b == UInt8(ascii: "\"") {
                    inQuotes.toggle()
                } else if !inQuotes && (b == 10 || b == 13) {
                    // A lone CR ends a record as in CSVReader; CRLF ends it at the LF. A CR last in the block
                    // waits for the next byte.
                    if b == 13 && i + 1 == pending.count && !atEnd { break }
                    if b == 10 || i + 1 == pending.count || pending[i + 1] != 10 {
                        try take(pending[start...i])
                        start = i + 1
                    }
                }
                i += 1
            }
            pending.removeFirst(start)
            scanned = i - start
            counter?.advance(by: n, rows: rows - reportedRows)
            reportedRows = rows
            if pending.count > maximumRecordBytes {
                throw TabularError.file(path: path, message: "has a record longer than \(maximumRecordBytes) bytes (no line break outside quotes)")
            }
            if n < block.count {
                if ferror(file) != 0 { throw GlassboxCoreError.io(path: path, operation: "read", message: String(cString: strerror(errno))) }
                break
            }
        }
        if !pending.isEmpty { try take(pending[...]) }
        counter?.advance(by: 0, rows: rows - reportedRows)
        counter?.finish()
        slots.sort { $0.row < $1.row }
        var bytes = header ?? []
        for slot in slots { bytes += slot.record }
        return CSVRowSample(bytes: bytes, rowCount: slots.count, rowsInFile: rows, sha256: hasher.finalizeHex(), byteCount: total)
    }

    /// The records of a sample of `count` rows of `path` hold more than `maximumSampleBytes` bytes.
    package struct TooLarge: Error, CustomStringConvertible {
        package var path: String
        package var count: Int
        package var maximumSampleBytes: Int
        package var description: String {
            "'\(path)': the records of a sample of \(count) rows hold more than \(maximumSampleBytes) bytes (maximumSampleBytes); draw fewer rows"
        }
    }
}
