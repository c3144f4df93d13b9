extension NotebookPython {
    /// Re-checks an explanation with scikit-learn: the baseline metric (1e-9, from the baseline table; to the printed
    /// digits for reports without it);
    /// permutation importance against `permutation_importance` with 20 seeded repeats, within 4 standard
    /// errors σ·√(1/R_glassbox + 1/20) of the difference of two Monte Carlo means, and the order of clearly
    /// separated features; partial dependence against `partial_dependence(method="brute")` (grid and values,
    /// 1e-9), categorical levels by setting the column; mean |SHAP| against the closed form βⱼ(xᵢⱼ − x̄ⱼ)
    /// (Lundberg & Lee 2017), summed per source column, interactions split equally; for proxy detection, each
    /// protected level's row count and the AUC of the score for that level against the rest (`roc_auc_score`,
    /// 1e-9), on the rows complete in the model's columns and the attribute.
    static let explanation = #"""
        if predict is not None and any(True for _ in blocks("explain")):
            from sklearn.base import BaseEstimator, ClassifierMixin
            from sklearn.inspection import partial_dependence, permutation_importance
            from sklearn.metrics import accuracy_score, brier_score_loss, log_loss, roc_auc_score

            class ReportModel(ClassifierMixin, BaseEstimator):
                """The report's model as a scikit-learn classifier over some columns of the used rows; the
                other columns keep their values (so permuting or fixing a column changes only that column)."""
                def __init__(self, columns=None):
                    self.columns = columns
                def fit(self, X=None, y=None):
                    self.classes_ = np.array([0, 1])
                    return self
                def __sklearn_is_fitted__(self):
                    return True
                def predict_proba(self, X):
                    frame = used.copy()
                    for j, c in enumerate(self.columns):
                        frame[c] = X[c].to_numpy() if hasattr(X, "iloc") else np.asarray(X)[:, j]
                    p = predict(frame)
                    return np.column_stack([1 - p, p])
                def predict(self, X):
                    return (self.predict_proba(X)[:, 1] >= 0.5).astype(int)

            outcome = model.endog
            p_used = predict(used)
            for section, bs in blocks("explain"):
                if section["id"].endswith("-importance"):
                    text = next(b["text"] for b in bs if b["type"] == "paragraph")
                    metric, value, rows = re.search(r"baseline (\w+) (\S+) on (\d+) rows", text).groups()
                    assert int(rows) == len(used), (rows, len(used))
                    baseline = {"auc": lambda: roc_auc_score(outcome, p_used), "logloss": lambda: log_loss(outcome, p_used),
                                "brier": lambda: brier_score_loss(outcome, p_used),
                                "accuracy": lambda: accuracy_score(outcome, p_used >= 0.5)}[metric]()
                    exact = next((b for b in bs if b["type"] == "table" and (b.get("caption") or "").startswith("Baseline")), None)
                    if exact is not None:
                        reported = exact["rows"][0][1]["value"]
                        assert abs(baseline - reported) <= 1e-9 * max(1.0, abs(reported)), (metric, baseline, reported)
                        print(f"baseline {metric} {baseline:.12f} on {len(used)} rows agrees with scikit-learn (1e-9)")
                    else:
                        assert abs(baseline - float(value)) <= rounding_tolerance(value), (metric, baseline, value)
                        print(f"baseline {metric} {baseline:.6f} on {len(used)} rows agrees with scikit-learn (to the {value} shown)")

                    table = next(b for b in bs if b["type"] == "table")
                    features = [r[0]["text"] for r in table["rows"]]
                    ours = {r[0]["text"]: (r[1]["value"], r[2]["value"]) for r in table["rows"]}
                    repeats = int(re.search(r"averaged over (\d+) repeat", text).group(1))
                    scoring = {"auc": "roc_auc", "logloss": "neg_log_loss", "brier": "neg_brier_score", "accuracy": "accuracy"}[metric]
                    R = 20
                    pi = permutation_importance(ReportModel(features).fit(), used[features], outcome, scoring=scoring, n_repeats=R, random_state=0)
                    # Both are means of i.i.d. permutation draws of the same quantity, so their difference has
                    # standard error sigma * sqrt(1/repeats + 1/R); sigma is estimated from the 20 scikit-learn
                    # draws (or Glassbox's, if larger). 4 standard errors: a false alarm has probability ~6e-5 per
                    # feature; 1e-9 absolute covers features whose permutations never change the metric.
                    se = {}
                    for j, f in enumerate(features):
                        sigma = max(np.std(pi.importances[j], ddof=1), ours[f][1] * math.sqrt(repeats / max(1, repeats - 1)))
                        se[f] = sigma * math.sqrt(1 / repeats + 1 / R)
                        diff = pi.importances_mean[j] - ours[f][0]
                        assert abs(diff) <= 4 * se[f] + 1e-9, (f, ours[f][0], pi.importances_mean[j], se[f])
                    # Clearly separated features (scikit-learn's means differ by more than 4 combined standard
                    # errors) must be ranked the same way by Glassbox.
                    pairs = 0
                    for a in range(len(features)):
                        for b_ in range(len(features)):
                            fa, fb = features[a], features[b_]
                            if pi.importances_mean[a] - pi.importances_mean[b_] > 4 * math.hypot(se[fa], se[fb]):
                                assert ours[fa][0] > ours[fb][0], (fa, fb)
                                pairs += 1
                    print(f"{len(features)} permutation importances agree with scikit-learn's permutation_importance ({R} repeats) within 4 standard errors; {pairs} clearly separated pairs ranked alike")
                elif section["id"].endswith("-pd"):
                    checked = 0
                    for b in bs:
                        if b["type"] != "chart" or not b["title"].startswith("Partial dependence: "):
                            continue
                        feature = b["title"][len("Partial dependence: "):]
                        series = next(s for s in b["series"] if s["name"] == "partial dependence")
                        averages = np.array([p["y"] for p in series["points"]])
                        if b["layout"] == "columns":  # categorical: one point per level
                            grid = b["categories"]
                            recomputed = np.array([predict(used.assign(**{feature: level})).mean() for level in grid])
                        else:
                            grid = np.array([p["x"] for p in series["points"]])
                            pd_sk = partial_dependence(ReportModel([feature]).fit(), used[[feature]].to_numpy(float), [0],
                                                       grid_resolution=len(grid) if len(grid) >= 20 else 20, method="brute", kind="average")
                            assert np.allclose(pd_sk["grid_values"][0], grid, rtol=1e-12, atol=1e-12), (feature, pd_sk["grid_values"][0], grid)
                            recomputed = pd_sk["average"][0]
                        if "centred" in b["yLabel"]:
                            recomputed = recomputed - recomputed[0]
                        assert np.max(np.abs(recomputed - averages)) <= 1e-9, (feature, recomputed, averages)
                        checked += len(grid)
                    print(f"{checked} partial dependence values agree with scikit-learn's partial_dependence (brute) to 1e-9")
                elif section["id"].endswith("-shap"):
                    # Linear SHAP in closed form: phi_ij = beta_j (x_ij - mean_j) for design column j, summed over
                    # a source column's design columns; an interaction is split equally among its source columns.
                    X = design(used).to_numpy()
                    phi = beta * (X - X.mean(axis=0))
                    per_feature = {}
                    for j, column in enumerate(CONTEXT["design"]["columns"]):
                        for c in column["sources"]:
                            per_feature[c] = per_feature.get(c, 0) + phi[:, j] / len(column["sources"])
                    table = next(b for b in bs if b["type"] == "table")
                    for row in table["rows"]:
                        mean_abs = np.abs(per_feature[row[0]["text"]]).mean()
                        assert abs(mean_abs - row[1]["value"]) <= 1e-9 * max(1.0, abs(mean_abs)), (row[0]["text"], mean_abs, row[1]["value"])
                    print(f"{len(table['rows'])} mean |SHAP| values agree with the closed form beta_j (x_ij - mean_j)")
                elif section["id"].endswith("-proxies"):
                    # Each protected level's row count and the AUC of the score for that level against the rest, on
                    # the rows complete in the model's columns and the attribute. (The proxy models are fitted on a
                    # split drawn by Glassbox's generator and are not refitted here.) 1e-9, as for the baseline AUC.
                    complete = design(df, with_response=True)[1].index
                    checked, attribute = 0, None
                    for b in bs:
                        if b["type"] == "heading":
                            attribute = b["text"]
                            continue
                        if b["type"] != "table" or attribute is None:
                            continue
                        rows_p = df.loc[complete]
                        rows_p = rows_p[rows_p[attribute].notna()]
                        p_rows = predict(rows_p)
                        column = rows_p[attribute]
                        numeric = pd.api.types.is_numeric_dtype(column)
                        for row in b["rows"]:
                            count, reported = row[1].get("value"), row[3].get("value")
                            if count is None:
                                continue  # a group below the minimum size: suppressed in the report
                            level = row[0]["text"]
                            member = (column.to_numpy(float) == float(level)) if numeric else (column.astype(str) == level).to_numpy()
                            assert int(member.sum()) == int(count), ("Proxies", attribute, level, int(member.sum()), count)
                            if reported is None:
                                continue
                            auc = roc_auc_score(member.astype(int), p_rows)
                            assert abs(auc - reported) <= 1e-9, ("Proxies", attribute, level, auc, reported)
                            checked += 1
                    print(f"{checked} score AUCs of protected levels against the rest agree with scikit-learn's roc_auc_score to 1e-9 (and their row counts); the proxy models are not refitted")
        """#
}
