extension NotebookPython {
    /// Re-checks a bias audit with fairlearn's `MetricFrame`: group counts, shares, prevalence, selection
    /// rate, TPR, FPR, precision, accuracy and AUC, and the disparity ratios to the reference group, to 1e-12;
    /// each charted bootstrap interval must contain its ratio and agree with a seeded 200-replicate Python
    /// percentile bootstrap (stratified by group) within 4 Monte Carlo standard errors of two independent
    /// quantile estimates, σ·√(p(1 − p))/φ(z_p)·√(1/200 + 1/B) (normal approximation; Efron & Tibshirani 1993, ch. 19).
    static let audit = #"""
        if CONTEXT["groups"]:
            from statistics import NormalDist
            from fairlearn.metrics import MetricFrame, count, false_negative_rate, false_positive_rate, selection_rate, true_positive_rate
            from sklearn.metrics import accuracy_score, precision_score, roc_auc_score

            if CONTEXT["scoreColumn"]:
                score = df[CONTEXT["scoreColumn"]].astype(float)
            else:  # the report's model on every row whose model columns are present (NaN elsewhere)
                score = pd.Series(predict(df), index=df.index)
            y_all = df[CONTEXT["outcome"]].astype(float)
            keep = score.notna() & y_all.notna()
            s, y = score[keep].to_numpy(), y_all[keep].to_numpy().astype(int)
            if CONTEXT["top"] is not None:
                k = math.floor(CONTEXT["top"] * len(s) + 0.5)
                selected = np.zeros(len(s), dtype=bool)
                selected[np.argsort(-s, kind="stable")[:k]] = True
                near = 0
            else:
                t = CONTEXT["threshold"]
                selected = s >= t
                # A score column is compared as read; a model's score is recomputed here from the report's
                # coefficients (last-bit differences in X beta), so a row that close to the cut could flip.
                near = 0 if CONTEXT["scoreColumn"] else int(np.sum(np.abs(s - t) < 1e-12))
            y_pred = selected.astype(int)

            def precision(a, b):
                return precision_score(a, b, zero_division=np.nan)
            def prevalence(a, b):
                return float(np.mean(a))
            def auc(a, b):
                return roc_auc_score(a, b) if len(set(a)) == 2 else np.nan
            rate_metrics = {"n": count, "Prevalence": prevalence, "Selection rate": selection_rate, "TPR": true_positive_rate,
                            "FPR": false_positive_rate, "FNR": false_negative_rate, "Precision": precision, "Accuracy": accuracy_score}
            label_of = lambda text: re.sub(r"( †)?( \(reference\))?$", "", text)

            def same(reported, value, tol=1e-12):
                if value is None or (isinstance(value, float) and math.isnan(value)):
                    return reported is None
                return reported is not None and abs(reported - value) <= tol * max(1.0, abs(value))

            rates = ratios = intervals = 0
            for attribute in CONTEXT["groups"]:
                column = df.loc[keep, attribute]
                labels = column.astype(object).where(column.notna(), "(missing)").astype(str).to_numpy()
                mf = MetricFrame(metrics=rate_metrics, y_true=y, y_pred=y_pred, sensitive_features=pd.Series(labels, name=attribute))
                mf_auc = MetricFrame(metrics={"AUC": auc}, y_true=y, y_pred=s, sensitive_features=pd.Series(labels, name=attribute))
                by_group = mf.by_group.join(mf_auc.by_group)
                by_group["Share"] = by_group["n"] / len(y)
                by_group["PPR"] = by_group["Selection rate"] * by_group["n"] / max(1, int(selected.sum()))
                for section, bs in blocks("audit"):
                    if section["title"] != f"Groups by {attribute}":
                        continue
                    table = next(b for b in bs if b["type"] == "table" and b["caption"] == "Rates by group")
                    cols = table["columns"]
                    reference = next(label_of(r[0]["text"]) for r in table["rows"] if r[0]["text"].endswith("(reference)"))
                    for row in table["rows"]:
                        if row[1]["value"] is None:
                            continue  # suppressed group: nothing to check
                        g = label_of(row[0]["text"])
                        for name in cols[1:]:
                            if near and name not in ("n", "Share", "Prevalence", "AUC"):
                                continue  # a refitted score within 1e-9 of the threshold could flip
                            assert same(row[cols.index(name)]["value"], float(by_group.loc[g, name])), (attribute, g, name, row[cols.index(name)]["value"], by_group.loc[g, name])
                            rates += 1
                    disparity = next((b for b in bs if b["type"] == "table" and b["caption"] == "Disparity ratios [interval] and verdicts"), None)
                    if disparity is None or near:
                        continue
                    for row in disparity["rows"]:
                        g = label_of(row[0]["text"])
                        for name, cell in zip(disparity["columns"][1:], row[1:]):
                            ref = float(by_group.loc[reference, name])
                            value = float(by_group.loc[g, name]) / ref if ref > 0 else None
                            assert same(cell["value"], value), (attribute, g, name, cell["value"], value)
                            ratios += 1
                    # Bootstrap intervals of the charted ratios: a seeded Python percentile bootstrap, stratified by
                    # group as Glassbox's, must give endpoints within Monte Carlo error. The p-quantile of B draws
                    # has standard error ~ sigma sqrt(p(1-p)/B) / phi(z_p) (normal approximation, sigma the SD of the
                    # replicate ratios), so two independent bootstraps differ by that with 1/B -> 1/200 + 1/B_glassbox;
                    # 4 such standard errors (+1e-9) is the tolerance.
                    intro = next(s_ for s_, _ in blocks("audit") if not s_["title"].startswith("Groups by "))
                    text = " ".join(b["text"] for b in intro["blocks"] if b["type"] == "paragraph")
                    found = re.search(r"Uncertainty: (\d+) bootstrap replicates stratified by group \(seed (\d+)\), percentile intervals at ([\d.]+) %", text)
                    chart = next((b for b in bs if b["type"] == "chart" and b["title"].startswith("Disparity ratios to ")), None)
                    if not found or chart is None:
                        continue
                    B, seed, level = int(found.group(1)), int(found.group(2)), float(found.group(3)) / 100
                    rng = np.random.default_rng(seed)
                    members = {g: np.flatnonzero(labels == g) for g in by_group.index}
                    reps = {name: {g: [] for g in members} for name in ("Selection rate", "TPR", "FPR")}
                    for _ in range(200):
                        values = {}
                        for g, idx in members.items():
                            draw = idx[rng.integers(0, len(idx), len(idx))]
                            yy, pp = y[draw], y_pred[draw]
                            pos, neg = yy.sum(), len(yy) - yy.sum()
                            values[g] = {"Selection rate": pp.mean(), "TPR": (pp & yy).sum() / pos if pos else np.nan,
                                         "FPR": (pp & (1 - yy)).sum() / neg if neg else np.nan}
                        for name in reps:
                            r = values[reference][name]
                            for g in members:
                                reps[name][g].append(values[g][name] / r if r > 0 else np.nan)
                    alpha = (1 - level) / 2
                    spread = math.sqrt(alpha * (1 - alpha)) / NormalDist().pdf(NormalDist().inv_cdf(alpha)) * math.sqrt(1 / 200 + 1 / B)
                    for series in chart["series"]:
                        for point in series["points"]:
                            if point.get("lower") is None or point.get("upper") is None:
                                continue
                            g = label_of(chart["categories"][point["category"]])
                            draws = np.array(reps[series["name"]][g], dtype=float)
                            lo, hi = np.nanquantile(draws, [alpha, 1 - alpha])
                            tol = 4 * np.nanstd(draws, ddof=1) * spread + 1e-9
                            assert point["lower"] <= point["x"] <= point["upper"], (attribute, g, series["name"], point)
                            assert abs(lo - point["lower"]) <= tol and abs(hi - point["upper"]) <= tol, (attribute, g, series["name"], (lo, hi), point, tol)
                            intervals += 1
            print(f"{rates} group rates and counts agree with fairlearn's MetricFrame to 1e-12"
                  + (f" ({near} rows within 1e-12 of the threshold: decisions not compared)" if near else ""))
            print(f"{ratios} disparity ratios agree with fairlearn's MetricFrame to 1e-12" if not near else "disparity ratios not compared: decisions near the threshold")
            print(f"{intervals} bootstrap intervals contain their ratio and agree with a 200-replicate Python percentile bootstrap within 4 Monte Carlo standard errors"
                  if intervals else "no bootstrap interval compared: " + ("decisions near the threshold" if near else "the audit has none (no --bootstrap)"))
        """#
}
