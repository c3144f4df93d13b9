import GlassboxCore
import GlassboxLinearAlgebra

/// A `rows × columns` design matrix in a memory-mapped cache file, laid out column-major exactly like a
/// ``Matrix`` in memory (docs/scale.md §3). The file is created in `$TMPDIR` and unlinked at once, so it
/// disappears when the process ends for any reason (exit, SIGINT, SIGKILL) while the mapping keeps it
/// alive during the fit; the kernel pages it in and out, so it may be larger than memory.
package struct MappedDesign: SelectableColumnMajorDesign, @unchecked Sendable {
    package let rows: Int
    package let columns: Int
    private let region: MappedRegion

    /// A zero-filled design of the given size.
    package init(rows: Int, columns: Int) throws {
        self.rows = rows
        self.columns = columns
        region = try MappedRegion(doubles: max(1, rows * columns))
    }

    package func withColumnMajor<R>(_ body: (UnsafePointer<Double>) throws -> R) rethrows -> R {
        try body(UnsafePointer(region.base))
    }

    /// Writes `values` into column `j` from row `row` on.
    package func write(column j: Int, row: Int, _ values: UnsafeBufferPointer<Double>) {
        precondition(j < columns && row + values.count <= rows, "write outside the mapped design")
        guard let source = values.baseAddress else { return }
        (region.base + j * rows + row).update(from: source, count: values.count)
    }

    /// Drops the resident pages of rows `rows` of columns `columns` from the process (`madvise(MADV_DONTNEED)`;
    /// the values stay in the file and the page cache), so a pass over the cache holds only the chunks in flight.
    package func release(rows: Range<Int>, columns: Range<Int>) {
        for j in columns { region.release(from: j * self.rows + rows.lowerBound, count: rows.count) }
    }

    package func selectingColumns(_ indices: [Int]) -> MappedDesign {
        // The restricted copy is another cache; failing to create it is as fatal as running out of memory.
        let copy = try! MappedDesign(rows: rows, columns: indices.count)
        for (a, j) in indices.enumerated() {
            (copy.region.base + a * rows).update(from: region.base + j * rows, count: rows)
        }
        return copy
    }
}

/// The doubles of a design cache: a ``TemporaryCacheFile`` of the right size, mapped shared into memory and
/// unmapped when the last reference goes.
final class MappedRegion: @unchecked Sendable {
    let base: UnsafeMutablePointer<Double>
    let count: Int
    private let mapping: MappedFileRegion

    init(doubles count: Int) throws {
        let bytes = count * MemoryLayout<Double>.stride
        let file = try TemporaryCacheFile(purpose: "a cache file")
        try file.resize(to: bytes)
        mapping = try file.map(bytes: bytes)
        base = mapping.base.bindMemory(to: Double.self, capacity: count)
        self.count = count
    }

    /// `madvise(MADV_DONTNEED)` on the whole pages inside doubles `from..<from+count`.
    func release(from: Int, count: Int) {
        let stride = MemoryLayout<Double>.stride
        mapping.release((from * stride)..<((from + count) * stride))
    }
}
