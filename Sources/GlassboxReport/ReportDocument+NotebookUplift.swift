extension NotebookPython {
    /// Re-checks uplift sections that came from an uplift evaluation file (`glassbox evaluate uplift --uplift COL`):
    /// the file's and the data's SHA-256, then scikit-uplift's `qini_auc_score`, `uplift_auc_score`, `uplift_at_k`
    /// and `uplift_by_percentile(std=True)` to 1e-9. Sections whose scores come from a model are named as not re-checked.
    static let uplift = #"""
        uplift_sections = [s for s in REPORT["sections"] if re.fullmatch(r"uplift\d*", s["id"]) or s["id"].endswith("-uplift")]
        if uplift_sections:
            from sklift.metrics import qini_auc_score, uplift_at_k, uplift_auc_score, uplift_by_percentile

            def as_label(v):
                """A treatment value as Glassbox's categorical level text (1.0 read by pandas is level "1")."""
                return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)

            checked = set()
            values = 0
            for entry in REPORT["manifest"]["inputs"]:
                if entry["role"] != "uplift evaluation":
                    continue
                digest = sha256_of(local(entry["path"]))
                assert digest == entry["sha256"], f"{local(entry['path'])} has SHA-256 {digest}, not the evaluation the report was made from"
                with open(local(entry["path"])) as f:
                    evaluation = json.load(f)
                source = re.fullmatch(r"column '(.*)'", evaluation["source"])
                if source is None:
                    print(f"{entry['path']}: scores come from the model file {evaluation['source']}; re-score it with 'glassbox score' and evaluate the column to re-check here")
                    continue
                data_entry = evaluation["manifest"]["data"]
                data_path = local(data_entry["path"])
                data = df if data_entry["sha256"] == CONTEXT["sha256"] else pd.read_csv(data_path, keep_default_na=False, na_values=CONTEXT["missing"])
                assert data_entry["sha256"] == CONTEXT["sha256"] or sha256_of(data_path) == data_entry["sha256"], f"{data_path} is not the file {entry['path']} was made from"
                arm_labels = data[evaluation["treatment"]].map(lambda v: None if pd.isna(v) else as_label(v))
                for arm in evaluation["arms"]:
                    rows = arm_labels.isin([arm["treated"], arm["control"]]) & data[evaluation["outcome"]].notna() & np.isfinite(data[source.group(1)].astype(float))
                    y = data.loc[rows, evaluation["outcome"]].to_numpy(int)
                    u = data.loc[rows, source.group(1)].to_numpy(float)
                    t = (arm_labels[rows] == arm["treated"]).to_numpy(int)
                    e = arm["evaluation"]
                    assert e["n"] == len(y), (e["n"], len(y))
                    for name, ours in [("qiniAuc", qini_auc_score(y, u, t)), ("upliftAuc", uplift_auc_score(y, u, t))]:
                        assert abs(ours - e[name]) <= 1e-9, (name, ours, e[name])
                        values += 1
                    for at in e["upliftAtK"]:
                        ours = uplift_at_k(y, u, t, strategy=at["strategy"], k=at["k"])
                        assert (at["value"] is None and not np.isfinite(ours)) or abs(ours - at["value"]) <= 1e-9, (at, ours)
                        values += 1
                    bins = uplift_by_percentile(y, u, t, strategy="overall", bins=len(e["byPercentile"]), std=True, string_percentiles=False)
                    title = f"Persuasion: {arm['treated']} vs {arm['control']} on {evaluation['outcome']} (scores: {evaluation['source']})"
                    section = next(s for s in uplift_sections if s["title"] == title)
                    table = next(b for b in section["blocks"] if b["type"] == "table")
                    columns = {"n treated": "n_treatment", "n control": "n_control", "Rate treated": "response_rate_treatment",
                               "Rate control": "response_rate_control", "Uplift": "uplift", "SE": "std_uplift"}
                    for row, (_, expected) in zip(table["rows"], bins.iterrows(), strict=True):
                        for name, cell in zip(table["columns"][1:], row[1:]):
                            assert abs(cell["value"] - float(expected[columns[name]])) <= 1e-9, (title, row[0]["text"], name, cell["value"], expected[columns[name]])
                            values += 1
                    # The report prints the AUCs rounded; they must be the evaluation file's values.
                    for key, name in [("Qini AUC", "qiniAuc"), ("Uplift AUC", "upliftAuc")]:
                        shown = key_value(section, key)
                        assert abs(float(shown) - e[name]) <= rounding_tolerance(shown), (key, shown, e[name])
                    checked.add(section["id"])
            unchecked = [s["title"] for s in uplift_sections if s["id"] not in checked]
            if checked:
                print(f"{values} uplift values of {len(checked)} section(s) (Qini AUC, uplift AUC, uplift@k, uplift by percentile) agree with scikit-uplift to 1e-9")
            for title in unchecked:
                print(f"not re-checked (no score column to recompute from): {title}")
        """#
}
