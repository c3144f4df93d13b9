import LinearAlgebra

/// Evaluation of factors and filling of the column-major design storage.
extension DesignBuilder {
    /// A factor evaluated on the kept rows.
    enum FactorValues {
        case numeric([Double])
        /// Index into the factor's training levels per kept row.
        case levels([Int32])
    }

    static func build(_ encoding: DesignEncoding, table: Table, selection: RowSelection,
                      withResponse: Bool, strictLevels: Bool) throws -> DesignMatrix {
        let formula = encoding.formula
        var values = [FactorValues]()
        values.reserveCapacity(formula.factors.count)
        for (factor, coding) in zip(formula.factors, encoding.factors) {
            values.append(try evaluateFactor(factor, coding: coding, table: table, selection: selection, strictLevels: strictLevels))
        }
        var response: [Double]?
        if withResponse, let r = formula.response {
            response = try numericValues(r, table: table, selection: selection, strictLevels: strictLevels, role: "the response")
        }

        let n = selection.count, p = encoding.columns.count
        let storage = [Double](unsafeUninitializedCapacity: n * p) { buffer, initialized in
            for (j, parts) in encoding.columns.enumerated() {
                let column = UnsafeMutableBufferPointer(rebasing: buffer[(j * n)..<((j + 1) * n)])
                fill(column, parts: parts, values: values)
            }
            initialized = n * p
        }
        return DesignMatrix(x: Matrix(rows: n, columns: p, columnMajor: storage), response: response,
                            rowIndices: selection.rowIndices, droppedRowCount: selection.droppedRowCount,
                            droppedByColumn: selection.droppedByColumn)
    }

    /// Writes the product of `parts` into `column` (ones for the intercept).
    private static func fill(_ column: UnsafeMutableBufferPointer<Double>, parts: [DesignPart], values: [FactorValues]) {
        let n = column.count
        guard let first = parts.first else {
            column.initialize(repeating: 1)
            return
        }
        switch (values[first.factor], first.level) {
        case (.numeric(let v), _):
            v.withUnsafeBufferPointer { src in column.baseAddress!.initialize(from: src.baseAddress!, count: n) }
        case (.levels(let codes), let level?):
            let target = Int32(level)
            codes.withUnsafeBufferPointer { c in
                for i in 0..<n { (column.baseAddress! + i).initialize(to: c[i] == target ? 1 : 0) }
            }
        case (.levels, nil):
            preconditionFailure("categorical factor without a level in the design plan")
        }
        for part in parts.dropFirst() {
            switch (values[part.factor], part.level) {
            case (.numeric(let v), _):
                v.withUnsafeBufferPointer { src in
                    for i in 0..<n { column[i] *= src[i] }
                }
            case (.levels(let codes), let level?):
                let target = Int32(level)
                codes.withUnsafeBufferPointer { c in
                    for i in 0..<n where c[i] != target { column[i] = 0 }
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
            return .numeric(try numericValues(factor, table: table, selection: selection, strictLevels: strictLevels, role: "the term"))
        case .categorical:
            let name = factor.columns[0]
            return .levels(try levelIndices(column: name, coding: coding, table: table, selection: selection))
        }
    }

    /// A numeric factor (or the response) on the kept rows, checked to be finite.
    static func numericValues(_ factor: FormulaFactor, table: Table, selection: RowSelection,
                              strictLevels: Bool, role: String) throws -> [Double] {
        let values: [Double]
        switch factor {
        case .column(let name):
            switch try table.column(named: name) {
            case .numeric(let v): values = selection.gather(v)
            case .categorical:
                throw TabularError.formula("column '\(name)' was numeric when the design was fitted but is categorical in this table")
            }
        case .categorical(let column, _):
            throw TabularError.formula("C(\(column)) is categorical and cannot be used as \(role)")
        case .transform(let expression):
            let ctx = ExpressionContext(table: table, selection: selection, strictLevels: strictLevels, factorName: factor.name)
            switch try evaluate(expression, ctx) {
            case .vector(let v): values = v
            case .scalar(let s): values = [Double](repeating: s, count: selection.count)
            case .text, .categorical:
                throw TabularError.formula("'\(factor.name)' is not numeric; compare a categorical column with a level, e.g. I(party == \"DEM\")")
            }
        }
        try checkFinite(values, factor: factor, table: table, selection: selection, role: role)
        return values
    }

    private static func checkFinite(_ values: [Double], factor: FormulaFactor, table: Table,
                                    selection: RowSelection, role: String) throws {
        let bad = values.withUnsafeBufferPointer { v -> Int? in
            for i in 0..<v.count where !v[i].isFinite { return i }
            return nil
        }
        guard let k = bad else { return }
        let row = selection.tableRow(k)
        let inputs = factor.columns.map { "\($0) = \((try? table.column(named: $0))?.text(at: row) ?? "NA")" }.joined(separator: ", ")
        let value = FormulaExpression.formatNumber(values[k])
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
            var out = [Int32](repeating: 0, count: codes.count)
            for i in codes.indices {
                let mapped = map[Int(codes[i])]
                if mapped < 0 { throw TabularError.unseenLevel(column: name, level: c.levels[Int(codes[i])], known: coding.levels) }
                out[i] = mapped
            }
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
