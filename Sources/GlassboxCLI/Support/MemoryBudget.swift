import GlassboxCore
#if canImport(Glibc)
import Glibc
#endif

/// Refuses, before reading, a CSV whose table would not fit in memory, so a too-large input gets a
/// clear message instead of the kernel's OOM killer.
///
/// The reader streams the file, but the ``Table`` it builds lives in memory: 8 bytes per numeric
/// field (4 per categorical code). The estimate samples the first 1 MiB: bytes per data row there
/// give the row count, `rows ≈ (fileSize − header) / bytesPerRow`, and the table needs about
/// `rows × columns × 8` bytes. The limit is `MemAvailable` from `/proc/meminfo`, or the environment
/// variable `GLASSBOX_MEMORY_LIMIT_BYTES` when set. Models and reports need more memory on top of
/// the table (the design matrix is another rows × parameters × 8 bytes), so passing this check
/// does not guarantee success; failing it guarantees the run could not succeed.
enum MemoryBudget {
    static let sampleSize = 1 << 20

    struct Estimate {
        var fileSize: UInt64
        var rows: UInt64
        var columns: UInt64
        var tableBytes: UInt64
    }

    /// The memory limit and where it came from, or nil when it cannot be determined (see
    /// `MemoryLimit.current(environment:)`).
    static func limit(environment: [String: String] = currentEnvironment()) -> (bytes: UInt64, source: String)? {
        MemoryLimit.current(environment: environment)
    }

    /// Estimates the in-memory size of the table read from `path` from its size and first block;
    /// nil when the sample holds no complete data row (nothing to extrapolate from).
    static func estimate(path: String, delimiter: UInt8) -> Estimate? {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        let fileSize = UInt64(info.st_size)
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var sample = [UInt8](repeating: 0, count: sampleSize)
        let n = fread(&sample, 1, sampleSize, file)
        // Complete lines in the sample, counted outside quotes; the header's field count is the width.
        var inQuotes = false, lines = 0, columns: UInt64 = 1, headerEnd = -1, lastEnd = -1
        for i in 0..<n {
            let b = sample[i]
            if b == UInt8(ascii: "\"") { inQuotes.toggle(); continue }
            if inQuotes { continue }
            if b == delimiter && headerEnd < 0 { columns += 1 }
            if b == 10 || (b == 13 && (i + 1 >= n || sample[i + 1] != 10)) {
                lines += 1
                lastEnd = i
                if headerEnd < 0 { headerEnd = i }
            }
        }
        let dataRows = lines - 1
        guard headerEnd >= 0, dataRows > 0 else { return nil }
        let bytesPerRow = Double(lastEnd - headerEnd) / Double(dataRows)
        let rows = UInt64((Double(fileSize) - Double(headerEnd + 1)) / bytesPerRow)
        return Estimate(fileSize: fileSize, rows: rows, columns: columns, tableBytes: rows &* columns &* 8)
    }

    /// Throws when the estimated table is larger than the limit; with `columnsRead`, the table of that
    /// many columns (a projected read, ``CSVOptions/columns``), when fewer than the file has; the message ends with `remedy`.
    static func check(path: String, delimiter: UInt8, columnsRead: Int? = nil,
                      remedy: String = "use a machine with more memory or split the file") throws {
        guard let (limit, source) = limit(), var e = estimate(path: path, delimiter: delimiter) else { return }
        if let columnsRead, UInt64(columnsRead) < e.columns {
            e.columns = UInt64(max(1, columnsRead))
            e.tableBytes = e.rows &* e.columns &* 8
        }
        guard e.tableBytes > limit else { return }
        throw CLIError(description: "'\(path)' is \(bytes(e.fileSize)) on disk; its table needs an estimated \(bytes(e.tableBytes)) in memory "
                       + "(about \(e.rows) rows × \(e.columns) columns × 8 bytes), more than \(bytes(limit)), \(source); "
                       + remedy, status: .dataError)
    }

    /// `1.5 GB` style (decimal units), with the exact byte count for small values.
    static func bytes(_ n: UInt64) -> String {
        let units = ["bytes", "kB", "MB", "GB", "TB", "PB"]
        var value = Double(n), unit = 0
        while value >= 1000 && unit < units.count - 1 { value /= 1000; unit += 1 }
        return unit == 0 ? "\(n) bytes" : String(format: "%.1f %@", value, units[unit])
    }

    static func currentEnvironment() -> [String: String] {
        var result = [String: String]()
        if let value = getenv("GLASSBOX_MEMORY_LIMIT_BYTES") { result["GLASSBOX_MEMORY_LIMIT_BYTES"] = String(cString: value) }
        return result
    }
}
