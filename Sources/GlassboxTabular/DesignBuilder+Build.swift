import GlassboxCore
import GlassboxLinearAlgebra

/// Evaluation of factors and filling of the column-major design storage.
///
/// Factors are evaluated concurrently (one task per factor), then the matrix is filled by tasks
/// that each own one block of rows of one design column. Every entry is computed by the same
/// arithmetic whatever thread runs it, so the matrix is bit-identical for any thread count, and
/// errors are reported in factor order exactly as a serial loop would report them.
extension DesignBuilder {
    /// A factor evaluated on the table.
    enum FactorValues: Sendable {
        /// Numbers; `byTableRow` when the array is a table column read in place (indexed by table
        /// row, not yet restricted to the kept rows), otherwise one value per kept row.
        case numeric([Double], byTableRow: Bool)
        /// Index into the factor's training levels per kept row.
        case levels([Int32])

        /// A factor whose design columns are all filled: its storage is no longer held.
        static var released: FactorValues { .numeric([], byTableRow: false) }
    }

    /// A raw pointer handed to concurrent tasks that write disjoint ranges of it.
    private struct SharedStorage: @unchecked Sendable {
        let base: UnsafeMutablePointer<Double>
    }

    /// Rows per fill task: large enough that task overhead is negligible, small enough that a design
    /// with few columns still spreads over the cores.
    private static let fillChunkRows = 1 << 17

    /// Evaluates the factors, then fills the matrix. The columns named in `released` are removed from
    /// `table` once the factors are evaluated (each evaluated factor holds what the fill reads), and each
    /// factor is dropped right after the last design column that reads it is filled, so that a table
    /// column handed over by its only owner is freed while the matrix is being filled.
    static func build(_ encoding: DesignEncoding, table: inout Table, selection: RowSelection,
                      withResponse: Bool, strictLevels: Bool, fillMatrix: Bool = true,
                      releasing released: Set<String> = []) throws -> DesignMatrix {
        var (values, responseValues) = try evaluateFactors(encoding, table: table, selection: selection,
                                                           withResponse: withResponse, strictLevels: strictLevels)
        let releasing = !released.isEmpty
        if releasing { table.removeColumns(released) }

        let n = selection.count, p = fillMatrix ? encoding.columns.count : 0
        let rowChunks = Parallel.chunks(count: n, minimumChunk: fillChunkRows)
        let columns = encoding.columns
        let kept = selection.rows
        // The factors whose last reader is design column j; unread factors are dropped before the fill.
        var lastReaders = [[Int]](repeating: [], count: p)
        if releasing {
            var last = [Int](repeating: -1, count: values.count)
            for (j, parts) in columns.prefix(p).enumerated() { for part in parts { last[part.factor] = j } }
            for (f, j) in last.enumerated() {
                if j >= 0 { lastReaders[j].append(f) } else { values[f] = .released }
            }
        }
        let storage = [Double](unsafeUninitializedCapacity: n * p) { buffer, initialized in
            if n > 0 && p > 0 {
                adviseHugePages(buffer)
                let shared = SharedStorage(base: buffer.baseAddress!)
                // Without releasing, one batch of every column; otherwise a batch ends where a factor is last read.
                var first = 0
                for j in 0..<p where j == p - 1 || !lastReaders[j].isEmpty {
                    fill(shared, designColumns: first..<(j + 1), rows: n, rowChunks: rowChunks, columns: columns,
                         values: values, kept: kept)
                    for f in lastReaders[j] { values[f] = .released }
                    first = j + 1
                }
            }
            initialized = n * p
        }
        return DesignMatrix(x: Matrix(rows: n, columns: p, columnMajor: storage), response: responseValues,
                            rowIndices: selection.rowIndices, droppedRowCount: selection.droppedRowCount,
                            droppedByColumn: selection.droppedByColumn)
    }

    /// Every factor (and the response) evaluated concurrently; errors in factor order, then the response's.
    private static func evaluateFactors(_ encoding: DesignEncoding, table: Table, selection: RowSelection, withResponse: Bool,
                                        strictLevels: Bool) throws -> (factors: [FactorValues], response: [Double]?) {
        let formula = encoding.formula
        let factorCount = formula.factors.count
        let response = withResponse ? formula.response : nil
        let jobs = factorCount + (response == nil ? 0 : 1)
        let evaluated = Parallel.map((0..<jobs).map { $0..<($0 + 1) }) { job -> Result<FactorValues, any Error> in
            Result {
                let k = job.lowerBound
                if k == factorCount, let response {
                    let v = try numericFactor(response, table: table, selection: selection, strictLevels: strictLevels, role: "the response")
                    return .numeric(v.byTableRow ? selection.gather(v.values) : v.values, byTableRow: false)
                }
                return try evaluateFactor(formula.factors[k], coding: encoding.factors[k], table: table,
                                          selection: selection, strictLevels: strictLevels)
            }
        }
        let values = try evaluated.prefix(factorCount).map { try $0.get() }
        var responseValues: [Double]?
        if response != nil, case .numeric(let v, _) = try evaluated[factorCount].get() { responseValues = v }
        return (values, responseValues)
    }

    /// Fills `designColumns` of the column-major storage (`rows` rows a column), by concurrent tasks that
    /// each own one block of rows of one column.
    private static func fill(_ shared: SharedStorage, designColumns: Range<Int>, rows n: Int, rowChunks: [Range<Int>],
                             columns: [[DesignPart]], values: [FactorValues], kept: [Int]?) {
        let tasks = (0..<(designColumns.count * rowChunks.count)).map { $0..<($0 + 1) }
        _ = Parallel.map(tasks) { task in
            let j = designColumns.lowerBound + task.lowerBound / rowChunks.count
            let rows = rowChunks[task.lowerBound % rowChunks.count]
            fill(shared.base + j * n, rows: rows, parts: columns[j], values: values, kept: kept)
        }
    }

    /// Writes rows `rows` of the product of `parts` into `column` (ones for the intercept).
    /// `kept` maps a design row to its table row when rows were dropped.
    private static func fill(_ column: UnsafeMutablePointer<Double>, rows: Range<Int>, parts: [DesignPart],
                             values: [FactorValues], kept: [Int]?) {
        let out = column + rows.lowerBound
        let count = rows.count
        guard let first = parts.first else {
            out.initialize(repeating: 1, count: count)
            return
        }
        switch (values[first.factor], first.level) {
        case (.numeric(let v, let byTableRow), _):
            v.withUnsafeBufferPointer { src in
                if byTableRow, let kept {
                    kept.withUnsafeBufferPointer { k in
                        for i in 0..<count { (out + i).initialize(to: src[k[rows.lowerBound + i]]) }
                    }
                } else {
                    out.initialize(from: src.baseAddress! + rows.lowerBound, count: count)
                }
            }
        case (.levels(let codes), let level?):
            let target = Int32(level)
            codes.withUnsafeBufferPointer { c in
                let c = c.baseAddress! + rows.lowerBound
                for i in 0..<count { (out + i).initialize(to: c[i] == target ? 1 : 0) }
            }
        case (.levels, nil):
            preconditionFailure("categorical factor without a level in the design plan")
        }
        for part in parts.dropFirst() {
            switch (values[part.factor], part.level) {
            case (.numeric(let v, let byTableRow), _):
                v.withUnsafeBufferPointer { src in
                    if byTableRow, let kept {
                        kept.withUnsafeBufferPointer { k in
                            for i in 0..<count { out[i] *= src[k[rows.lowerBound + i]] }
                        }
                    } else {
                        let s = src.baseAddress! + rows.lowerBound
                        for i in 0..<count { out[i] *= s[i] }
                    }
                }
            case (.levels(let codes), let level?):
                let target = Int32(level)
                codes.withUnsafeBufferPointer { c in
                    let c = c.baseAddress! + rows.lowerBound
                    for i in 0..<count { out[i] = c[i] == target ? out[i] : 0 }
                }
            case (.levels, nil):
                preconditionFailure("categorical factor without a level in the design plan")
            }
        }
    }

    private static func evaluateFactor(_ factor: FormulaFactor, coding: FactorCoding, table: Table,
                                       selection: RowSelection, strictLevels: Bool) throws -> FactorValues {
        switch coding.kind {
        case .numeric:
            let v = try numericFactor(factor, table: table, selection: selection, strictLevels: strictLevels, role: "the term")
            return .numeric(v.values, byTableRow: v.byTableRow)
        case .categorical:
            let name = factor.columns[0]
            return .levels(try levelIndices(column: name, coding: coding, table: table, selection: selection))
        }
    }

    /// A numeric factor (or the response) on the kept rows, checked to be finite.
    static func numericValues(_ factor: FormulaFactor, table: Table, selection: RowSelection,
                              strictLevels: Bool, role: String) throws -> [Double] {
        let v = try numericFactor(factor, table: table, selection: selection, strictLevels: strictLevels, role: role)
        return v.byTableRow ? selection.gather(v.values) : v.values
    }

    /// A numeric factor checked to be finite on the kept rows. A plain column is returned in place
    /// (`byTableRow`, no copy); the fill gathers its kept rows straight into the matrix.
    private static func numericFactor(_ factor: FormulaFactor, table: Table, selection: RowSelection,
                                      strictLevels: Bool, role: String) throws -> (values: [Double], byTableRow: Bool) {
        switch factor {
        case .column(let name):
            switch try table.column(named: name) {
            case .numeric(let v):
                // The missing-value scan already told whether the column holds an infinity.
                if selection.infiniteColumns.contains(name) {
                    try checkFinite(v, kept: selection.rows, factor: factor, table: table, selection: selection, role: role)
                }
                return (v, selection.rows != nil)
            case .categorical(let c):
                var message = "column '\(name)' was numeric when the design was fitted but is categorical in this table"
                if let text = NumericText(c) { message += "; it looks numeric but holds text: \(text.summary)" }
                throw TabularError.formula(ParameterMessage(message))
            }
        case .categorical(let column, _):
            throw TabularError.formula("C(\(column)) is categorical and cannot be used as \(role)")
        case .transform(let expression):
            let ctx = ExpressionContext(table: table, selection: selection, strictLevels: strictLevels, factorName: factor.name)
            let values: [Double]
            switch try evaluate(expression, ctx) {
            case .vector(let v): values = v
            case .scalar(let s): values = [Double](repeating: s, count: selection.count)
            case .text, .categorical:
                throw TabularError.formula("'\(factor.name)' is not numeric; compare a categorical column with a level, e.g. I(party == \"DEM\")")
            }
            try checkFinite(values, kept: nil, factor: factor, table: table, selection: selection, role: role)
            return (values, false)
        }
    }

    /// Throws for the first kept row whose value is not finite. `kept` (table rows) is given when
    /// `values` is indexed by table row and rows were dropped.
    private static func checkFinite(_ values: [Double], kept: [Int]?, factor: FormulaFactor, table: Table,
                                    selection: RowSelection, role: String) throws {
        let bad = values.withUnsafeBufferPointer { v -> Int? in
            if let kept {
                for (k, r) in kept.enumerated() where !v[r].isFinite { return k }
            } else {
                for i in 0..<v.count where !v[i].isFinite { return i }
            }
            return nil
        }
        guard let k = bad else { return }
        let row = selection.tableRow(k)
        let inputs = factor.columns.map { "\($0) = \((try? table.column(named: $0))?.text(at: row) ?? "NA")" }.joined(separator: ", ")
        let value = FormulaExpression.formatNumber(values[kept == nil ? k : row])
        throw TabularError.formula("\(role) '\(factor.name)' is \(value) in row \(row + 1) (\(inputs)); non-finite values are not dropped: filter those rows out or change the transform (e.g. log(x + 1))")
    }

    /// Index into `coding.levels` for each kept row; a level unknown to the coding is an error.
    private static func levelIndices(column name: String, coding: FactorCoding, table: Table,
                                     selection: RowSelection) throws -> [Int32] {
        var known = [String: Int32]()
        for (i, level) in coding.levels.enumerated() { known[level] = Int32(i) }
        switch try table.column(named: name) {
        case .categorical(let c):
            let map = c.levels.map { known[$0] ?? -1 }
            let codes = selection.gather(c.codes)
            var unseen: Int?
            let out = [Int32](unsafeUninitializedCapacity: codes.count) { buffer, initialized in
                codes.withUnsafeBufferPointer { src in
                    map.withUnsafeBufferPointer { m in
                        for i in 0..<src.count {
                            let mapped = m[Int(src[i])]
                            if mapped < 0 && unseen == nil { unseen = i }
                            buffer[i] = mapped
                        }
                    }
                }
                initialized = codes.count
            }
            if let i = unseen { throw TabularError.unseenLevel(column: name, level: c.levels[Int(codes[i])], known: coding.levels) }
            return out
        case .numeric(let values):
            var cache = [UInt64: Int32]()
            var out = [Int32]()
            out.reserveCapacity(selection.count)
            for v in selection.gather(values) {
                if let hit = cache[v.bitPattern] { out.append(hit); continue }
                let text = FormulaExpression.formatNumber(v)
                guard let index = known[text] else { throw TabularError.unseenLevel(column: name, level: text, known: coding.levels) }
                cache[v.bitPattern] = index
                out.append(index)
            }
            return out
        }
    }
}
