import ArgumentParser
import GlassboxCore
import GlassboxStatFiles
import GlassboxDatabase
#if canImport(Glibc)
import Glibc
#endif

/// `--memory SIZE` of `train logistic` and `score`, which stream through a temporary design cache.
typealias StreamingOptions = BudgetOptions<DesignCacheMemoryHelp>

/// The `--memory` help of a command: what it does with a CSV larger than the budget.
protocol MemoryOptionHelp {
    static var text: String { get }
}

/// `--memory` of `train logistic` and `score`.
enum DesignCacheMemoryHelp: MemoryOptionHelp {
    static let text = "Memory budget, e.g. 4GiB, 512MiB or bytes (default: half the available memory). A CSV whose table would not fit is streamed from a temporary design cache instead of read whole; the result is the same to the bit."
}

/// `--memory SIZE` of the commands that can stream a CSV larger than memory (docs/scale.md §3), with the
/// command's own help text, and the hidden `--stream-chunk-bytes` that forces streaming with tiny chunks (for tests).
struct BudgetOptions<Help: MemoryOptionHelp>: ParsableArguments {
    @Option(help: ArgumentHelp(Help.text, valueName: "SIZE"))
    var memory: String?
    @Option(help: .hidden)
    var streamChunkBytes: Int?

    /// The budget in bytes: `--memory`, or half of the memory limit (``MemoryLimit``), or nil when neither is known.
    func budget() throws -> UInt64? {
        guard let memory else { return MemoryLimit.current().map { $0.bytes / 2 } }
        guard let bytes = Self.parse(memory) else {
            throw ValidationError("--memory must be a size such as 4GiB, 512MiB, 100MB or a number of bytes, got '\(memory)'")
        }
        return bytes
    }

    /// Free bytes in `$TMPDIR` (or /tmp), where the design cache goes; 0 when unknown.
    static func temporarySpace() -> Double {
        TemporaryDirectory.current.freeBytes().map { Double($0) } ?? 0
    }

    /// `4GiB`, `512MiB`, `100MB`, `2G`, `1000000`: binary units for `Ki/Mi/Gi/Ti` and for a bare `K/M/G/T`,
    /// decimal for `kB/MB/GB/TB`.
    static func parse(_ text: String) -> UInt64? {
        let kibi = 1024.0
        let units: [(String, Double)] = [("KiB", kibi), ("MiB", kibi * kibi), ("GiB", kibi * kibi * kibi), ("TiB", kibi * kibi * kibi * kibi),
                                         ("kB", 1e3), ("KB", 1e3), ("MB", 1e6), ("GB", 1e9), ("TB", 1e12),
                                         ("K", kibi), ("M", kibi * kibi), ("G", kibi * kibi * kibi), ("T", kibi * kibi * kibi * kibi),
                                         ("B", 1), ("", 1)]
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            guard let value = Double(text.dropLast(suffix.count)), value.isFinite, value > 0, value * factor < 1e18 else { continue }
            return UInt64(value * factor)
        }
        return nil
    }

    /// The read-chunk size when `input` should be streamed for a model reading `columns`, else nil: forced by
    /// `--stream-chunk-bytes`, or when a plain CSV file's estimated table and design (about 2.1 × rows ×
    /// columns read × 8 bytes) exceed the budget. Without `allowPreparation` (the commands that do not
    /// stream them), `--where` and `--derive` mean the file is read whole. Databases and Stata/SPSS/SAS files
    /// are always read whole, so `--memory` or `--stream-chunk-bytes` with one is refused (exit 64) rather
    /// than silently not honoured. With `designCache` (a fit), a file whose design cache (about rows × columns ×
    /// 8 bytes) would not fit the free space of `$TMPDIR` is read whole instead; an audit (`designCache`
    /// false) streams into a projection cache that its reader checks itself, refusing with the estimate.
    func chunkBytes(for input: DataOptions, columns: Int, allowPreparation: Bool = false, designCache: Bool = true) throws -> Int? {
        let database = DatabaseReader.isDatabaseLocation(input.data), statFile = StatFileReader.reads(path: input.data)
        if (database || statFile) && (memory != nil || streamChunkBytes != nil) {
            throw ValidationError("--memory bounds streamed reads of CSV files; '\(input.data)' is \(database ? "a database" : "a Stata, SPSS or SAS file"), "
                + "which is read whole: export it to CSV to stream it, or leave out --memory")
        }
        let plain = (allowPreparation || (input.filters.isEmpty && input.derivations.isEmpty)) && !database && !statFile
            && DataOptions.isRegularFile(input.data)
        if let forced = streamChunkBytes {
            guard forced > 0 else { throw ValidationError("--stream-chunk-bytes must be positive") }
            guard plain else { throw ValidationError("streaming reads a plain CSV file" + (allowPreparation ? "" : " without --where or --derive")) }
            return forced
        }
        guard plain, let budget = try budget(), let estimate = try wholeReadEstimate(of: input, columns: columns),
              estimate.bytes > Double(budget) else { return nil }
        // The design cache needs about rows × columns × 8 bytes on the temporary disk; when even that does not
        // fit, the whole read is attempted and refused with the memory estimate, as before streaming existed.
        guard !designCache || Double(estimate.rows) * Double(max(1, columns)) * 8 < Self.temporarySpace() else { return nil }
        return Int(min(64 << 20, max(1 << 16, budget / 16)))
    }

    /// The estimated rows of the CSV `input` and the bytes its table and design of `columns` columns need in
    /// memory (about 2.1 × rows × columns × 8); nil when the file's size cannot be estimated.
    func wholeReadEstimate(of input: DataOptions, columns: Int) throws -> (rows: UInt64, bytes: Double)? {
        guard let estimate = MemoryBudget.estimate(path: input.data, delimiter: try input.csvOptions().delimiter) else { return nil }
        return (estimate.rows, 2.1 * Double(estimate.rows) * Double(max(1, columns)) * 8)
    }
}
