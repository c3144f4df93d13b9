extension NotebookPython {
    /// Rebuilds the design matrix from the model's design encoding and refits the logistic model with
    /// statsmodels' GLM (Binomial), asserting that every coefficient and standard error agrees to 1e-6 relative,
    /// with the report's covariance: nonrobust and cluster (statsmodels' default small-sample correction) from
    /// statsmodels directly; HC0 as the sandwich B·Σ rᵢ²xᵢxᵢᵀ·B, asserted equal to statsmodels' `cov_type="HC0"`;
    /// HC1 = HC0·n/(n − k); HC2/HC3 with rᵢ² / (1 − hᵢ)^{1,2} and statsmodels' GLM hat values hᵢ (R
    /// `sandwich::vcovHC`; MacKinnon & White 1985). Defines `design` and `predict` (the report's own
    /// full-precision coefficients on that design), used by later cells.
    ///
    /// The encoding is data (``NotebookRecipe/designJSON(_:)``): the cell interprets its expression trees with a
    /// fixed set of NumPy operations and never parses or evaluates text from the model file, so an edited model
    /// file cannot run code here (and Glassbox refuses a file whose formula and encoding disagree).
    static let model = #"""
        fit = predict = used = design = None
        FUNCTIONS = {"I": lambda v: v, "log": np.log, "log2": np.log2, "log10": np.log10, "exp": np.exp, "sqrt": np.sqrt, "abs": np.abs}

        def level_text(values):
            """Level names as Glassbox reads them: text as is; numbers (for C(x) of a numeric column) as R prints them."""
            if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
                return values.astype(float).map(lambda v: str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v))
            return values.astype(str)

        def evaluate(node, frame):
            """One expression tree of the encoding (a JSON list, e.g. ["binary", ">=", ["column", "score"], ["number", 5]]) on the
            rows of `frame`, as Glassbox computes it: IEEE arithmetic; comparisons, & | ! give 1 or 0; a categorical column
            only compared with a level. Only these node kinds, operators and FUNCTIONS exist; nothing is evaluated as Python."""
            kind = node[0]
            if kind == "number":
                return float(node[1])
            if kind == "string":
                return ("text", node[1])
            if kind == "paren":
                return evaluate(node[1], frame)
            if kind == "column":
                column = frame[node[1]]
                if pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
                    return column.to_numpy(float)
                return ("levels", level_text(column).to_numpy())
            if kind == "unary":
                v = evaluate(node[2], frame)
                return -v if node[1] == "-" else (np.where(v == 0, 1.0, 0.0) if node[1] == "!" else v)
            if kind == "call":
                return FUNCTIONS[node[1]](evaluate(node[2][0], frame))
            if kind == "binary":
                op, a, b = node[1], evaluate(node[2], frame), evaluate(node[3], frame)
                if isinstance(a, tuple) or isinstance(b, tuple):
                    (_, levels), (_, text) = (a, b) if a[0] == "levels" else (b, a)
                    equal = levels == text
                    return np.where(equal if op == "==" else ~equal, 1.0, 0.0)
                if op == "^":
                    return np.where(b == 2, a * a, np.power(a, b))
                ops = {"+": np.add, "-": np.subtract, "*": np.multiply, "/": np.divide}
                if op in ops:
                    return ops[op](a, b)
                tests = {"==": np.equal, "!=": np.not_equal, "<": np.less, "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal,
                         "&": lambda x, y: (x != 0) & (y != 0), "|": lambda x, y: (x != 0) | (y != 0)}
                return np.where(tests[op](a, b), 1.0, 0.0)
            raise ValueError(f"unknown expression node {kind!r}")

        def design_of(encoding, frame, with_response=False):
            """Glassbox's design matrix (a DataFrame whose columns are the term names) of the rows of `frame` that have
            every model column (R's na.omit) and only training levels; with `with_response`, (response, design)."""
            needed = encoding["predictorColumns"] + (encoding["responseColumns"] if with_response else [])
            rows = frame.dropna(subset=needed)
            keep = np.ones(len(rows), dtype=bool)
            values = []
            with np.errstate(all="ignore"):
                for factor in encoding["factors"]:
                    if factor["kind"] == "numeric":
                        values.append(np.broadcast_to(np.asarray(evaluate(factor["expression"], rows), dtype=float), (len(rows),)))
                    else:  # index of the training level; -1 for a level the model has not seen
                        codes = pd.Categorical(level_text(rows[factor["column"]]), categories=factor["levels"]).codes
                        keep &= codes >= 0
                        values.append(codes)
                X = np.ones((len(rows), len(encoding["columns"])))
                for j, column in enumerate(encoding["columns"]):
                    for f, level in column["parts"]:
                        X[:, j] *= values[f] if level is None else (values[f] == level)
                X = pd.DataFrame(X, index=rows.index, columns=[c["name"] for c in encoding["columns"]])[keep]
                if not with_response:
                    return X
                y = np.broadcast_to(np.asarray(evaluate(encoding["response"], rows), dtype=float), (len(rows),))
            return pd.Series(y, index=rows.index)[keep], X

        if CONTEXT["design"]:
            import statsmodels.api as sm

            def design(frame, with_response=False):
                return design_of(CONTEXT["design"], frame, with_response)

            section = next(s for s, _ in blocks("model"))
            table = next(b for b in section["blocks"] if b["type"] == "table" and b["columns"][:3] == ["Term", "Estimate", "Std. error"])
            reported = {row[0]["text"]: (row[1].get("value"), row[2].get("value")) for row in table["rows"]}
            covariance = key_value(section, "Covariance") or "nonrobust"
            options = (MODEL_FILE or {}).get("options", {})
            cluster, weights = options.get("cluster"), options.get("weights")
            data = df.dropna(subset=[c for c in (cluster, weights) if c])
            extra = {}
            response, X_used = design(data, with_response=True)
            if weights:
                extra = {"freq_weights": data.loc[X_used.index, weights].to_numpy(float)}
            model = sm.GLM(response, X_used, family=sm.families.Binomial(), **extra)
            fit = model.fit(tol=1e-12)
            names = list(X_used.columns)
            assert sorted(reported) == sorted(names), f"the report's terms {sorted(reported)} are not the design's {sorted(names)}"
            used = data.loc[X_used.index]
            # Glassbox's own estimates (full precision in the report) drive every later recomputation.
            beta = np.array([reported[t][0] if reported[t][0] is not None else 0.0 for t in names])

            def predict(frame):
                """The report's model applied to the rows of `frame`: 1 / (1 + exp(-X beta)); NaN where a model column is missing."""
                X = design(frame)
                return pd.Series(1.0 / (1.0 + np.exp(-(X.to_numpy() @ beta))), index=X.index).reindex(frame.index).to_numpy()

            penalised = options.get("penalty", "none") != "none" or all(v[1] is None for v in reported.values())
            if penalised:
                print("penalised fit: statsmodels has no matching estimator, so coefficients and standard errors are not re-checked")
            else:
                # Standard errors with the report's covariance type. HC1 is HC0 * n/(n - k) and HC2/HC3 use GLM
                # leverages (R's sandwich::vcovHC), which statsmodels' GLM spells out only through its parts.
                if covariance == "nonrobust":
                    se = fit.bse.to_numpy()
                elif covariance == "cluster":
                    assert cluster, "cluster-robust standard errors need the model file (its cluster column)"
                    groups = pd.factorize(data.loc[X_used.index, cluster])[0]
                    se = model.fit(tol=1e-12, cov_type="cluster", cov_kwds={"groups": groups}).bse.to_numpy()
                else:
                    X, y, mu = model.exog, model.endog, fit.fittedvalues.to_numpy()
                    n, k = X.shape
                    bread = fit.cov_params().to_numpy()
                    omega = (y - mu) ** 2
                    if covariance in ("hc2", "hc3"):
                        h = fit.get_influence().hat_matrix_diag
                        omega = omega / (1 - h) ** (1 if covariance == "hc2" else 2)
                    V = bread @ ((X * omega[:, None]).T @ X) @ bread
                    if covariance == "hc0":
                        assert np.allclose(np.sqrt(np.diag(V)), model.fit(tol=1e-12, cov_type="HC0").bse, rtol=1e-9, atol=0)
                    if covariance == "hc1":
                        V = V * n / (n - k)
                    se = np.sqrt(np.diag(V))
                checked = 0
                for term, (estimate, stderr) in reported.items():
                    if estimate is None:
                        continue  # aliased
                    j = names.index(term)
                    assert abs(fit.params.iloc[j] - estimate) <= 1e-6 * max(1.0, abs(estimate)), (term, fit.params.iloc[j], estimate)
                    assert abs(se[j] - stderr) <= 1e-6 * abs(stderr), (term, covariance, se[j], stderr)
                    checked += 1
                print(f"{checked} coefficients and standard errors ({covariance}) agree with statsmodels")
        """#
}
