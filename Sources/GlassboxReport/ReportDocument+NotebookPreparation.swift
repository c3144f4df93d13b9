import GlassboxCore
import GlassboxTabular

/// The notebook cell that re-applies the derived columns and row filters a manifest records, in pandas.
///
/// The code is generated from the parsed expression tree, never from the recorded text: every column
/// name and string becomes an escaped Python literal (``Escaping/python(_:)``), every number
/// `float("…")`, and every operator a call to a fixed helper, so no recorded text can reach Python as
/// code. The helpers follow Glassbox's semantics (``Table/filtered(where:)``): NaN is missing,
/// comparisons give 1.0/0.0/NaN, `and`/`or` are three-valued, a row whose filter is missing is dropped.
extension ReportDocument {
    /// The cell's source, or nil when the manifest records no derived column and no filter.
    static func notebookPreparation(_ data: Provenance.DataSource?) -> String? {
        guard let data, data.filters != nil || data.derivedColumns != nil else { return nil }
        var lines = [NotebookPython.preparationHelpers]
        for definition in data.derivedColumns ?? [] {
            guard let derived = try? DerivedColumn(parsing: definition) else {
                lines.append("raise ValueError(" + Escaping.python("cannot re-apply the derived column " + definition) + ")")
                continue
            }
            lines.append("df[" + Escaping.python(derived.name) + "] = _gb_full(" + python(derived.expression.tree) + ")")
        }
        if let filters = data.filters {
            lines.append("_gb_keep = np.ones(len(df), dtype=bool)")
            for filter in filters {
                guard let expression = try? RowExpression(parsing: filter) else {
                    lines.append("raise ValueError(" + Escaping.python("cannot re-apply the filter " + filter) + ")")
                    continue
                }
                lines.append("_gb_keep &= _gb_holds(" + python(expression.tree) + ")")
            }
            lines.append("print(f\"{int(_gb_keep.sum())} of {len(df)} rows kept by the filters\")")
            lines.append("df = df[_gb_keep].reset_index(drop=True)")
        }
        return lines.joined(separator: "\n")
    }

    /// Python for one expression node, built only from helper calls and escaped literals.
    static func python(_ e: FormulaExpression) -> String {
        let literal = Escaping.python
        switch e {
        case .column(let name): return "_gb_col(" + literal(name) + ")"
        case .number(let v): return "np.array(float(" + literal("\(v)") + "))"
        case .string(let s): return "np.array(" + literal(s) + ", dtype=object)"
        case .paren(let inner): return python(inner)
        case .unary(let op, let operand): return "_gb_unary(" + literal(op) + ", " + python(operand) + ")"
        case .binary(let op, let lhs, let rhs): return "_gb_op(" + literal(op) + ", " + python(lhs) + ", " + python(rhs) + ")"
        case .call("in", let args):
            return "_gb_isin(" + python(args[0]) + ", [" + args.dropFirst().map { item in
                if case .string(let s) = item { return literal(s) }
                return python(item)
            }.joined(separator: ", ") + "])"
        case .call(let name, let args): return "_gb_call(" + literal(name) + ", " + python(args[0]) + ")"
        }
    }
}

extension NotebookPython {
    /// Helpers of the preparation cell (``ReportDocument/notebookPreparation(_:)``).
    static let preparationHelpers = #"""
        # Derived columns and row filters as Glassbox applied them (manifest: data.derivedColumns, data.filters),
        # derived columns first, then the filters. NaN is missing; comparisons give 1.0, 0.0 or NaN;
        # "and"/"or" are three-valued as in R; a row whose filter is missing is dropped.
        def _gb_col(name):
            s = df[name]
            numeric = pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s)
            return s.to_numpy(dtype=float) if numeric else s.to_numpy(dtype=object)
        def _gb_missing(a):
            return pd.isna(a) if a.dtype == object else np.isnan(a)
        def _gb_bool(cond, missing):
            return np.where(missing, np.nan, np.where(cond, 1.0, 0.0))
        def _gb_op(op, a, b):
            m = _gb_missing(a) | _gb_missing(b)
            if op in ("&", "|"):
                a, b = a.astype(float), b.astype(float)
                if op == "&":
                    return np.where((a == 0) | (b == 0), 0.0, np.where(m, np.nan, 1.0))
                return np.where(((a != 0) & ~np.isnan(a)) | ((b != 0) & ~np.isnan(b)), 1.0, np.where(m, np.nan, 0.0))
            if op in ("==", "!="):
                eq = np.where(m, False, a == b)
                return _gb_bool(eq if op == "==" else ~eq, m)
            a, b = a.astype(float), b.astype(float)
            with np.errstate(all="ignore"):
                if op == "<": return _gb_bool(a < b, m)
                if op == "<=": return _gb_bool(a <= b, m)
                if op == ">": return _gb_bool(a > b, m)
                if op == ">=": return _gb_bool(a >= b, m)
                if op == "+": return a + b
                if op == "-": return a - b
                if op == "*": return a * b
                if op == "/": return a / b
                if op == "^": return np.power(a, b)
            raise ValueError(f"unknown operator {op}")
        def _gb_unary(op, a):
            a = a.astype(float)
            if op == "-": return -a
            if op == "!": return np.where(np.isnan(a), np.nan, np.where(a == 0, 1.0, 0.0))
            return a
        def _gb_call(name, a):
            if name == "is_missing": return np.where(_gb_missing(a), 1.0, 0.0)
            a = a.astype(float)
            with np.errstate(all="ignore"):
                return {"log": np.log, "log2": np.log2, "log10": np.log10, "exp": np.exp, "sqrt": np.sqrt, "abs": np.abs, "I": lambda x: x}[name](a)
        def _gb_isin(a, items):
            return _gb_bool(pd.Series(a).isin(items).to_numpy(), _gb_missing(a))
        def _gb_full(a):
            return np.broadcast_to(a, (len(df),)).copy()
        def _gb_holds(a):
            a = _gb_full(np.asarray(a, dtype=float))
            return ~np.isnan(a) & (a != 0)
        """#
}
