import GlassboxCore

/// The audit projection of a streamed audit's rows (score, 0/1 outcome, optional weight, one group code per
/// attribute) in a temporary file instead of memory (docs/scale.md §5, docs/design/bounded-audit.md §3, P1):
/// written chunk by chunk by ``ProjectionCacheWriter``, then read through a shared mapping.
///
/// **Layout.** Rows come in groups of ``groupRows`` (65,536; tests use fewer) in file order; group g starts
/// at byte g · ``groupRows`` · ``bytesPerRow(attributes:weighted:)`` and holds its columns one after
/// another: scores (8 bytes per row, the `Double` as parsed or scored), weights (8, weighted audits only),
/// one code per attribute (4 each, `Int32` into the attribute's sorted labels), outcomes (1, 0 or 1). With
/// the default group size every column segment starts on a 64 KiB boundary, so a pass can read one column
/// of one group and hand exactly its pages back; a row's place is arithmetic (row i is entry i mod
/// ``groupRows`` of group ⌊i / ``groupRows``⌋), so later passes can take the groups as lanes or cut the rows
/// anywhere. The last group is a sparse tail: its unwritten bytes take no space.
///
/// **Memory.** Each read hands the pages of a group's column back (`madvise(MADV_DONTNEED)`) once it is
/// copied or visited, so resident memory holds one group's column at a time, not the cache. The file has
/// no name (``TemporaryCacheFile``): it goes when the last reference to the cache goes, or with the process.
package final class ProjectionCache: @unchecked Sendable {
    /// Rows per group: a multiple of every page size in use (4 KiB to 64 KiB), so column segments are page-aligned.
    package static let defaultGroupRows = 65_536

    /// Bytes per row of a cache with `attributes` group columns, weighted or not: 8 + 1 (+ 8) + 4 per attribute.
    package static func bytesPerRow(attributes: Int, weighted: Bool) -> Int {
        8 + 1 + (weighted ? 8 : 0) + 4 * attributes
    }

    /// The rows held.
    package let rows: Int
    /// The group columns (attributes) per row.
    package let attributes: Int
    /// Whether a weight is stored per row.
    package let weighted: Bool
    /// Rows per group (``defaultGroupRows`` but in tests).
    package let groupRows: Int
    private let mapping: MappedFileRegion

    init(mapping: MappedFileRegion, rows: Int, attributes: Int, weighted: Bool, groupRows: Int) {
        self.mapping = mapping
        self.groupRows = groupRows
        self.rows = rows
        self.attributes = attributes
        self.weighted = weighted
    }

    /// Bytes of one full group.
    var groupBytes: Int { groupRows * Self.bytesPerRow(attributes: attributes, weighted: weighted) }

    /// Number of groups (the last one possibly partial).
    var groups: Int { (rows + groupRows - 1) / groupRows }

    /// One column segment of a group.
    enum Column {
        case scores, weights, codes(Int), outcomes

        /// The segment's byte offset within a group of `r` rows.
        func offset(attributes: Int, weighted: Bool, groupRows r: Int) -> Int {
            let w = weighted ? 8 : 0
            switch self {
            case .scores: return 0
            case .weights: return 8 * r
            case .codes(let a): return (8 + w + 4 * a) * r
            case .outcomes: return (8 + w + 4 * attributes) * r
            }
        }
    }

    /// Rows of group `g`, in file order.
    func rowRange(ofGroup g: Int) -> Range<Int> {
        (g * groupRows)..<min(rows, (g + 1) * groupRows)
    }

    /// Calls `body` with group `g`'s segment of `column` (its rows in file order), then hands the segment's
    /// pages back. `body` may write through the pointer (the code remap of ``ProjectionCacheWriter``).
    func withSegment<T, R>(_ column: Column, group g: Int, as type: T.Type, _ body: (UnsafeMutableBufferPointer<T>) throws -> R) rethrows -> R {
        let start = g * groupBytes + column.offset(attributes: attributes, weighted: weighted, groupRows: groupRows)
        let count = rowRange(ofGroup: g).count, bytes = count * MemoryLayout<T>.stride
        precondition(start + bytes <= mapping.count, "projection cache segment outside the mapping")
        defer { mapping.release(start..<(start + bytes)) }
        let pointer = (mapping.base + start).bindMemory(to: T.self, capacity: count)
        return try body(UnsafeMutableBufferPointer(start: pointer, count: count))
    }

    /// Column `column` of every row, in file order, converted by `convert`, one group at a time.
    private func read<T, U>(_ column: Column, as type: T.Type, _ convert: (T) -> U) -> [U] {
        [U](unsafeUninitializedCapacity: rows) { buffer, initialized in
            for g in 0..<groups {
                let first = rowRange(ofGroup: g).lowerBound
                withSegment(column, group: g, as: T.self) { segment in
                    for (k, value) in segment.enumerated() { (buffer.baseAddress! + first + k).initialize(to: convert(value)) }
                }
            }
            initialized = rows
        }
    }

    /// The scores of every row, in file order (read from the mapping, pages handed back as it goes).
    package func scores() -> [Double] { read(.scores, as: Double.self) { $0 } }

    /// The outcomes (0 or 1) of every row as doubles, in file order.
    package func outcomes() -> [Double] { read(.outcomes, as: UInt8.self) { Double($0) } }

    /// The weights of every row, in file order; nil for an unweighted cache.
    package func weights() -> [Double]? { weighted ? read(.weights, as: Double.self) { $0 } : nil }

    /// Attribute `a`'s code of every row (into its sorted labels), in file order.
    package func codes(attribute a: Int) -> [Int32] {
        precondition(a >= 0 && a < attributes, "attribute outside the projection cache")
        return read(.codes(a), as: Int32.self) { $0 }
    }
}
