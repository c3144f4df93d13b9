/// Collects one column across chunk results merged in file order.
///
/// Numeric chunks are appended as they are. Text chunks arrive with chunk-local levels; each local
/// level is interned into a provisional (first-seen) global list and its codes remapped, so merging
/// is O(rows + distinct levels) and independent of how the file was cut. ``finish()`` sorts the
/// levels by UTF-8 bytes and recodes once.
struct CSVAccumulator {
    var mode: CSVColumnMode
    var numbers: [Double] = []
    var codes: [Int32] = []
    var levels: [String] = []
    var index: [String: Int32] = [:]

    init(mode: CSVColumnMode) { self.mode = mode }

    /// Appends column `j` of `chunk`.
    mutating func append(_ chunk: CSVChunkResult, column j: Int) {
        switch mode {
        case .numeric:
            numbers.append(contentsOf: chunk.column(j))
        case .text:
            let local = chunk.levels[j]
            var map = [Int32](repeating: -1, count: local.count)
            for (k, level) in local.enumerated() {
                if let code = index[level] {
                    map[k] = code
                } else {
                    let code = Int32(levels.count)
                    index[level] = code
                    levels.append(level)
                    map[k] = code
                }
            }
            codes.append(contentsOf: chunk.column(j).lazy.map { $0 < 0 ? -1 : map[Int($0)] })
        case .skip:
            break
        }
    }

    /// Reserves room for `count` numbers, advising huge pages for the storage (see ``CSVHugePages``).
    mutating func reserveNumbers(_ count: Int) {
        numbers.reserveCapacity(count)
        numbers.withUnsafeMutableBufferPointer { buffer in
            if let base = buffer.baseAddress {
                CSVHugePages.advise(UnsafeMutableRawPointer(base), bytes: count * MemoryLayout<Double>.stride)
            }
        }
    }

    /// Switches a numeric column to text after `rows` rows were merged as numbers; those rows hold
    /// missing placeholders until a second pass fills them.
    mutating func becomeText(afterRows rows: Int) {
        mode = .text
        numbers = []
        codes = [Int32](repeating: -1, count: rows)
    }

    /// The finished column (levels sorted by UTF-8 bytes, as ``CategoricalColumn`` requires).
    func finish() -> Column {
        switch mode {
        case .numeric, .skip:
            return .numeric(numbers)
        case .text:
            let order = levels.indices.sorted { CategoricalColumn.precedes(levels[$0], levels[$1]) }
            var recode = [Int32](repeating: -1, count: levels.count)
            for (newCode, old) in order.enumerated() { recode[old] = Int32(newCode) }
            let sortedLevels = order.map { levels[$0] }
            let newCodes = codes.map { $0 < 0 ? -1 : recode[Int($0)] }
            return .categorical(CategoricalColumn(levels: sortedLevels, codes: newCodes))
        }
    }
}
