extension NotebookPython {
    /// Refits the logistic model with statsmodels' GLM (Binomial) on patsy's design and asserts that every
    /// coefficient and standard error agrees to 1e-6 relative, with the report's covariance: nonrobust and
    /// cluster (statsmodels' default small-sample correction) from statsmodels directly; HC0 as the sandwich
    /// B·Σ rᵢ²xᵢxᵢᵀ·B, asserted equal to statsmodels' `cov_type="HC0"`; HC1 = HC0·n/(n − k); HC2/HC3 with
    /// rᵢ² / (1 − hᵢ)^{1,2} and statsmodels' GLM hat values hᵢ (R `sandwich::vcovHC`; MacKinnon & White 1985).
    /// Defines `predict`, the report's own full-precision coefficients on that design, used by later cells.
    static let model = #"""
        fit = predict = used = None
        if CONTEXT["patsyFormula"]:
            import patsy
            import statsmodels.api as sm

            def normalize(name):
                """statsmodels' term name in Glassbox's spelling: C(g)[T.b] -> g[b], np.log(x) -> log(x), x ** 2 -> x^2."""
                name = re.sub(r"C\(\s*([^,()]+?)\s*(,[^()]*(\([^()]*\))?[^()]*)?\)", r"\1", name)
                name = name.replace("[T.", "[").replace("np.", "").replace("**", "^").replace(" ", "")
                return "(Intercept)" if name == "Intercept" else name

            section = next(s for s, _ in blocks("model"))
            table = next(b for b in section["blocks"] if b["type"] == "table" and b["columns"][:3] == ["Term", "Estimate", "Std. error"])
            reported = {row[0]["text"].replace(" ", ""): (row[1]["value"], row[2]["value"]) for row in table["rows"]}
            covariance = key_value(section, "Covariance") or "nonrobust"
            options = (MODEL_FILE or {}).get("options", {})
            cluster, weights = options.get("cluster"), options.get("weights")
            data = df.dropna(subset=[c for c in (cluster, weights) if c])
            extra = {}
            response, design = patsy.dmatrices(CONTEXT["patsyFormula"], data, NA_action="drop", return_type="dataframe")
            if weights:
                extra = {"freq_weights": data.loc[design.index, weights].to_numpy(float)}
            model = sm.GLM(response.iloc[:, 0], design, family=sm.families.Binomial(), **extra)
            fit = model.fit(tol=1e-12)
            names = [normalize(k) for k in fit.params.index]
            unknown = [t for t in reported if t not in names]
            assert not unknown, f"terms {unknown} are not in statsmodels' design: {names}"
            used = data.loc[design.index]
            # Glassbox's own estimates (full precision in the report) drive every later recomputation.
            beta = np.array([reported[t][0] if reported.get(t, (None,))[0] is not None else 0.0 for t in names])
            design_info = design.design_info

            def predict(frame):
                """The report's model applied to `frame`: 1 / (1 + exp(-X beta)) with statsmodels' design."""
                X = np.asarray(patsy.build_design_matrices([design_info], frame, NA_action="raise")[0])
                return 1.0 / (1.0 + np.exp(-(X @ beta)))

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
                    groups = pd.factorize(data.loc[design.index, cluster])[0]
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
