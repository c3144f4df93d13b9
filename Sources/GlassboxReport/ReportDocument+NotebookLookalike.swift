extension NotebookPython {
    /// Re-checks a lookalike report from the model's design encoding (as data, like the logistic model cell):
    /// the population and seed-list shares of every composition table (1e-12); for a model with one classifier
    /// (`logistic`, `pu` without bagging), the scores σ(xᵀβ) recomputed from the model file's coefficients and the
    /// audience (the top `size` share of rows not on the seed list, ties by row order) shares (1e-12), unless a
    /// recomputed score lies within 1e-12 of the cut; and for an unpenalised `logistic` model on its training file,
    /// a statsmodels refit of the seed column on the design (coefficients to 1e-6). Bagged and similarity scores are
    /// not recomputed (out-of-bag draws, cosine index): the cell says so.
    static let lookalike = #"""
        LOOKALIKE = CONTEXT.get("lookalike")
        if LOOKALIKE:
            seed_column, encoding = LOOKALIKE["seedColumn"], LOOKALIKE["design"]
            X_all = design_of(encoding, df)
            seeds_all = df[seed_column]
            if pd.api.types.is_numeric_dtype(seeds_all) and not pd.api.types.is_bool_dtype(seeds_all):
                on_list = (seeds_all.fillna(0).to_numpy(float) == 1)
            else:
                on_list = seeds_all.astype(str).str.lower().isin(["1", "true", "yes", "1.0"]).to_numpy()
            on_list = pd.Series(on_list, index=df.index).loc[X_all.index].to_numpy()
            model_section = next(s for s, _ in blocks("lookalike-model"))
            options = (MODEL_FILE or {}).get("options", {})
            training = (MODEL_FILE or {}).get("manifest", {}).get("data", {}).get("sha256") == CONTEXT["sha256"]
            if training:
                rows, seeds = (int(v) for v in key_value(model_section, "Training rows / seeds").split(" / "))
                assert (rows, seeds) == (len(X_all), int(on_list.sum())), ("Training rows / seeds", rows, seeds, len(X_all), int(on_list.sum()))
                print(f"training rows and seeds ({rows} / {seeds}) agree with the rebuilt design")
            coefficients = next((b for b in model_section["blocks"] if b["type"] == "table" and b["columns"][:2] == ["Term", "Coefficient"]), None)
            if training and options.get("method") == "logistic" and options.get("penalty") == "none" and coefficients is not None:
                import statsmodels.api as sm
                refit = sm.GLM(on_list.astype(float), X_all, family=sm.families.Binomial()).fit(tol=1e-12)
                checked = 0
                for row in coefficients["rows"]:
                    term, estimate = row[0]["text"], row[1].get("value")
                    if estimate is None:
                        continue
                    assert abs(refit.params[term] - estimate) <= 1e-6 * max(1.0, abs(estimate)), ("Lookalike", term, refit.params[term], estimate)
                    checked += 1
                print(f"{checked} lookalike coefficients agree with a statsmodels refit of {seed_column} on the design")
            scores = None
            if len(LOOKALIKE["classifiers"]) == 1:
                beta = np.array([b if b is not None else 0.0 for b in LOOKALIKE["classifiers"][0]])
                scores = 1.0 / (1.0 + np.exp(-(X_all.to_numpy() @ beta)))
            candidates = np.flatnonzero(~on_list)
            audience = np.zeros(len(X_all), dtype=bool)
            exact = scores is not None
            if exact:
                k = min(len(candidates), math.ceil(LOOKALIKE["size"] * len(candidates)))
                order = candidates[np.argsort(-scores[candidates], kind="stable")]
                audience[order[:k]] = True
                if 0 < k < len(order) and abs(scores[order[k - 1]] - scores[order[k]]) < 1e-12:
                    exact = False  # last-bit differences could reorder the rows at the cut
            shares = 0
            for section, bs in blocks("lookalike-composition"):
                attribute = None
                for b in bs:
                    if b["type"] == "heading" and b["text"].startswith("Composition by "):
                        attribute = b["text"][len("Composition by "):]
                        continue
                    if b["type"] != "table" or attribute is None:
                        continue
                    labels = df.loc[X_all.index, attribute]
                    labels = level_text(labels).where(labels.notna(), "(missing)").to_numpy()
                    for row in b["rows"]:
                        g = row[0]["text"]
                        member = labels == g
                        expected = {1: member.mean(), 2: member[on_list].mean()}
                        if exact:
                            expected[3] = member[audience].mean()
                        for col, value in expected.items():
                            reported = row[col].get("value")
                            if reported is None:
                                continue  # suppressed
                            assert abs(reported - value) <= 1e-12, ("Lookalike composition", attribute, g, b["columns"][col], reported, value)
                            shares += 1
            print(f"{shares} " + ("population, seed-list and audience" if exact else "population and seed-list") + " shares agree with the rebuilt design"
                  + ("" if exact else " (audience shares not recomputed: " + ("scores within 1e-12 at the cut)" if scores is not None else "bagged or similarity scores)")))
        """#
}
