import GlassboxCore

/// Writes the rows of a streamed audit into a ``ProjectionCache``, chunk after chunk in file order, and
/// finishes it by recoding each attribute's provisional codes to its sorted labels.
///
/// Rows go to the file with `pwrite(2)` (``TemporaryCacheFile``): the process never holds the written pages,
/// so resident memory does not grow with the rows, and a disk that fills up is an error naming `$TMPDIR`.
/// ``finish(recoding:)`` maps the file and rewrites the codes in place, one group's column at a time, in a
/// pass over the codes only (scores, weights and outcomes are not touched).
///
/// The file is created (by `makeFile`, which also checks the free space) when the first complete row arrives,
/// so a file of no complete rows — a header alone — needs no `$TMPDIR` and fails with the whole file's error.
struct ProjectionCacheWriter: AuditRowStore {
    private let makeFile: () throws -> TemporaryCacheFile
    private var file: TemporaryCacheFile?
    private let attributes: Int
    private let weighted: Bool
    private let groupRows: Int
    private(set) var count = 0

    /// An empty cache for rows with `attributes` group columns, weighted or not, in the file `makeFile` creates at
    /// the first row, in groups of `groupRows` rows (``ProjectionCache/defaultGroupRows`` but in tests).
    init(attributes: Int, weighted: Bool, groupRows: Int = ProjectionCache.defaultGroupRows, makeFile: @escaping () throws -> TemporaryCacheFile) {
        precondition(groupRows > 0, "a projection cache needs rows per group")
        self.makeFile = makeFile
        self.attributes = attributes
        self.weighted = weighted
        self.groupRows = groupRows
    }

    /// The cache's name in messages.
    static let purpose = "the streamed audit's projection cache"

    private var groupBytes: Int { groupRows * ProjectionCache.bytesPerRow(attributes: attributes, weighted: weighted) }

    /// Writes `values` (one per row, rows `count…`) into their column segments.
    private func write<T>(_ values: [T], _ column: ProjectionCache.Column, to file: TemporaryCacheFile) throws {
        let r = groupRows, size = MemoryLayout<T>.stride
        let offset = column.offset(attributes: attributes, weighted: weighted, groupRows: r)
        try values.withUnsafeBytes { bytes in
            var done = 0
            while done < values.count {
                let row = count + done, g = row / r, i = row % r, m = min(values.count - done, r - i)
                try file.write(UnsafeRawBufferPointer(rebasing: bytes[(done * size)..<((done + m) * size)]), at: g * groupBytes + offset + i * size)
                done += m
            }
        }
    }

    mutating func append(scores: [Double], outcomes: [UInt8], weights: [Double]?, codes: [[Int32]]) throws {
        precondition(outcomes.count == scores.count && codes.count == attributes && (weights != nil) == weighted, "rows shaped unlike the cache")
        guard !scores.isEmpty else { return }
        let file = try self.file ?? makeFile()
        self.file = file
        try write(scores, .scores, to: file)
        if let weights { try write(weights, .weights, to: file) }
        for a in 0..<attributes { try write(codes[a], .codes(a), to: file) }
        try write(outcomes, .outcomes, to: file)
        count += scores.count
    }

    /// Recodes attribute a's code k to `recode[a][k]` in every row and returns the cache.
    consuming func finish(recoding recode: [[Int32]]) throws -> ProjectionCache {
        // A streamed audit refuses a file of no complete rows before finishing; an empty cache gets its (empty) file here.
        let file = try self.file ?? makeFile()
        let groups = (count + groupRows - 1) / groupRows
        // The last group's later segments were written at their full-group offsets; the file ends after the
        // whole last group (sparse), so every segment lies inside the mapping.
        try file.resize(to: groups * groupBytes)
        let cache = ProjectionCache(mapping: try file.map(bytes: groups * groupBytes), rows: count, attributes: attributes, weighted: weighted,
                                    groupRows: groupRows)
        for a in 0..<attributes where recode[a].indices.contains(where: { recode[a][$0] != Int32($0) }) {
            recode[a].withUnsafeBufferPointer { map in
                for g in 0..<groups {
                    cache.withSegment(.codes(a), group: g, as: Int32.self) { codes in
                        for i in codes.indices { codes[i] = map[Int(codes[i])] }
                    }
                }
            }
        }
        return cache
    }
}
