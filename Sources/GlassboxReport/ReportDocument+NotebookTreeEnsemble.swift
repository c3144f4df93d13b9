import GlassboxAudit
import GlassboxCore
import GlassboxExplain

extension NotebookRecipe {
    /// What the notebook re-checks for an imported tree ensemble (``TreeEnsembleModelFile``).
    package struct TreeEnsembleCheck: Sendable, Equatable {
        /// The original (vendor's) model file the model was imported from, as the notebook opens it (relative
        /// to its folder); nil when the report command could not name it. The notebook says so and skips the
        /// checks that need it when the file is not there.
        package var originalPath: String?
        /// Whether the ensemble has linear terms (an imported PMML regression), which the notebook's margin adds.
        package var linearTerms: Bool
        /// Whether the report's SHAP values are interventional TreeSHAP, which the maker's path-dependent
        /// `pred_contribs` / `pred_contrib` do not compute: the notebook then skips that comparison, saying why.
        package var interventionalSHAP: Bool
        /// Whether the model was imported from PMML: the notebook says which maker check it skips and why (no PMML
        /// evaluator is run).
        package var pmml: Bool
        /// Whether some node has surrogate splits (a deep PMML rpart tree), which the notebook's re-scoring follows.
        package var surrogateSplits: Bool
        /// Whether the data have missing model inputs, which Glassbox's explanation of a tree ensemble keeps (the
        /// trees route them): the notebook then re-derives the explained rows as every row with a score (and the
        /// outcome), not the complete ones. Without missing inputs both give the same rows, and the cell is unchanged.
        package var missingInputsKept: Bool = false

        package init(originalPath: String?, linearTerms: Bool = false, interventionalSHAP: Bool = false, pmml: Bool = false,
                     surrogateSplits: Bool = false) {
            self.originalPath = originalPath
            self.linearTerms = linearTerms
            self.interventionalSHAP = interventionalSHAP
            self.pmml = pmml
            self.surrogateSplits = surrogateSplits
        }
    }

    /// The recipe of a report on an imported tree ensemble (a ``TreeEnsembleModelFile``) on the data at
    /// `dataPath`: the notebook re-scores the model file's trees in plain Python, checks the original model
    /// file at `originalPath` (its SHA-256, recorded at import) and, with xgboost or lightgbm installed, the
    /// maker's scores and SHAP values; with an `outcome` and `groups`, re-checks the audit that decided by
    /// `decision` (default: threshold 0.5).
    public init(dataPath: String, sha256: String, delimiter: String = ",", treeEnsembleOriginal originalPath: String?,
                outcome: String? = nil, groups: [String] = [], decision: DecisionRule? = nil) {
        self.init(dataPath: dataPath, sha256: sha256, delimiter: delimiter, outcome: outcome, groups: groups, decision: decision)
        treeEnsemble = TreeEnsembleCheck(originalPath: originalPath)
    }

    /// What the notebook's `CONTEXT["tree"]` holds (nil for other kinds, which then have no such key).
    var treeEnsembleJSON: JSONValue? {
        treeEnsemble.map { .object([("original", $0.originalPath.map(JSONValue.string) ?? .null)]) }
    }
}

extension ReportDocument {
    /// The introduction's line for a tree ensemble: what the tree cell re-checks, and when it skips.
    static func notebookTreeEnsembleCheck(_ recipe: NotebookRecipe) -> [String] {
        guard recipe.treeEnsemble != nil else { return [] }
        return ["re-scores the model file's trees in plain Python (Glassbox's arithmetic: float32 comparisons and sums for XGBoost models) and asserts the report's baseline metric; "
                + "verifies the SHA-256 of the original model file the model was imported from (recorded at import) and, for XGBoost and LightGBM models with xgboost or lightgbm installed, "
                + "asserts the maker's predict on every row (within 1e-6 for XGBoost's float32, 1e-12 for LightGBM) and the maker's SHAP values (pred_contribs / pred_contrib) "
                + "on the rows Glassbox explained against the report's mean |SHAP| per feature and its SHAP dependence bins (categorical features' levels, numeric features' value bins; within 1e-6 for XGBoost, 1e-9 otherwise). "
                + "A missing original file or maker package skips those checks, and the notebook prints which it skipped and why; a PMML model gets no maker re-check (no PMML evaluator is run)"]
    }
}

extension NotebookPython {
    /// Re-checks an imported tree ensemble: its trees re-scored in plain Python from the model file (as data:
    /// feature indices, rules, thresholds, category lists; nothing is evaluated), in Glassbox's arithmetic
    /// (XGBoost: float32 comparisons and a float32 sum from the base margin; others: float64, weighted, averaged
    /// for forests), which defines `predict` for the audit cell and is asserted against the report's baseline
    /// metric (1e-9); the original model file's SHA-256 against the one recorded at import; XGBoost's / LightGBM's
    /// own `predict` on every row (1e-6 for XGBoost's float32 arithmetic, 1e-12 for LightGBM) and their
    /// path-dependent TreeSHAP (`pred_contribs` / `pred_contrib`; Lundberg et al. 2020) on the explained rows against
    /// the report's mean |φ| per feature and dependence bins (levels, and numeric value bins recut as
    /// ``SHAPDependence`` cuts them; 1e-6 XGBoost, 1e-9 otherwise), with
    /// additivity. Checks it cannot run (original file absent, maker package missing, PMML) are printed as skipped.
    static let treeEnsemble = #"""
        if CONTEXT.get("tree"):
            import os
            ENSEMBLE, ORIGINAL = MODEL_FILE["ensemble"], MODEL_FILE["source"]
            FEATURES = [f["name"] for f in ENSEMBLE["features"]]
            LEVELS = [f["kind"]["categorical"]["levels"] if "categorical" in f["kind"] else None for f in ENSEMBLE["features"]]
            FLOAT32 = ENSEMBLE["comparison"] == "float32"
            CODES = ENSEMBLE.get("categoryCodes") or "wholeNumbers"
            skipped = []

            def tree_inputs(frame):
                """The rows of `frame` as the trees read them (n x features, NaN missing): numbers, and for a categorical
                feature the position of the row's level in the model's level list, as Glassbox reads it."""
                X = np.full((len(frame), len(FEATURES)), np.nan)
                for j, (name, levels) in enumerate(zip(FEATURES, LEVELS)):
                    column = frame[name]
                    numeric = pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column)
                    if levels is None or (numeric and not levels):
                        X[:, j] = column.to_numpy(float)
                        continue
                    if numeric:  # numeric categories: the code is the position of the level with that value
                        position = {}
                        for k, level in enumerate(levels):
                            try:
                                position.setdefault(float(level), k)
                            except ValueError:
                                pass
                        values = column.to_numpy(float)
                        codes = np.array([position.get(v, -1.0) if not math.isnan(v) else np.nan for v in values])
                    else:
                        position = {}
                        for k, level in enumerate(levels):
                            position.setdefault(level, k)
                        codes = np.array([np.nan if pd.isna(v) else position.get(str(v), -1.0) for v in column.to_numpy(object)])
                    assert not np.any(codes == -1), f"{name} holds a level the model has not seen"
                    X[:, j] = codes
                return X

            def category_codes(x):
                """Category codes read from feature values by the maker's rule (-1: in no category)."""
                with np.errstate(invalid="ignore"):
                    if CODES == "float32Truncated":
                        f = x.astype(np.float32)
                        ok = (f >= 0) & (f < 16777216)
                        return np.where(ok, np.trunc(np.where(ok, f, 0)).astype(np.int64), -1)
                    if CODES == "truncated":
                        t = np.trunc(x)
                        ok = (t >= 0) & (t < 2147483648)
                        return np.where(ok, np.where(ok, t, 0).astype(np.int64), -1)
                    ok = (x >= 0) & (x < 2147483648) & (x == np.trunc(x))
                    return np.where(ok, np.where(ok, x, 0).astype(np.int64), -1)

            def tree_margin(X, float32_sum=True):
                """Each row's margin from the model file's trees, in Glassbox's arithmetic: the missing policy, then the
                split rule (XGBoost models compare and, with `float32_sum`, sum in float32 from the base margin, as XGBoost
                predicts; others sum weighted leaves in float64, averaged for a forest); NaN for a row a PMML rule gives no
                prediction."""
                n = len(X)
                xgboost_sum = float32_sum and FLOAT32 and ENSEMBLE["combination"] == "sum" and all(w == 1 for w in ENSEMBLE["treeWeights"])
                total = np.full(n, np.float32(ENSEMBLE["baseMargin"])) if xgboost_sum else np.zeros(n)
                no_prediction = np.zeros(n, dtype=bool)
                rows = np.arange(n)
                for weight, tree in zip(ENSEMBLE["treeWeights"], ENSEMBLE["trees"]):
                    nodes = tree["nodes"]
                    feature = np.array([d["feature"] for d in nodes])
                    left, right = np.array([d["left"] for d in nodes]), np.array([d["right"] for d in nodes])
                    at = np.zeros(n, dtype=np.int64)
                    while True:
                        inner = feature[at] >= 0
                        if not inner.any():
                            break
                        for i in np.unique(at[inner]):
                            node, here = nodes[i], at == i
                            x = X[here, node["feature"]]
                            missing = np.isnan(x)
                            if node["missing"] == "nanHasNoPrediction":
                                no_prediction[rows[here][missing]] = True
                            if node["missing"] in ("nanAsZero", "zeroOrNaN"):
                                x = np.where(missing, 0.0, x)
                                missing = np.abs(x) <= float(np.float32(1e-35)) if node["missing"] == "zeroOrNaN" else np.zeros(len(x), dtype=bool)
                            with np.errstate(invalid="ignore"):
                                if node["rule"] == "categoryIn":
                                    goes_left = np.isin(category_codes(x), node["categories"])
                                elif FLOAT32:
                                    a, t = x.astype(np.float32), np.float32(node["threshold"])
                                    goes_left = a < t if node["rule"] == "lessThan" else a <= t
                                else:
                                    goes_left = x < node["threshold"] if node["rule"] == "lessThan" else x <= node["threshold"]
                            goes_left = np.where(missing, node["missingGoesLeft"], goes_left)
                            at[here] = np.where(goes_left, node["left"], node["right"])
                    leaf = np.array([d["value"] for d in nodes])[at]
                    if xgboost_sum:
                        total += leaf.astype(np.float32)
                    else:
                        total += weight * leaf
                if xgboost_sum:
                    margin = total.astype(float)
                else:
                    if ENSEMBLE["combination"] == "average" and sum(ENSEMBLE["treeWeights"]) > 0:
                        total = total / sum(ENSEMBLE["treeWeights"])
                    margin = ENSEMBLE["baseMargin"] + total
                return np.where(no_prediction, np.nan, margin)

            def link(margin):
                """The model's link (math.exp, the C library's exp, as Glassbox calls it)."""
                if ENSEMBLE["link"] != "logistic":
                    return margin
                return np.array([m if math.isnan(m) else 1 / (1 + math.exp(-m)) for m in margin])

            def predict(frame):
                """The report's tree model on every row of `frame` (plain Python from the model file's trees)."""
                return link(tree_margin(tree_inputs(frame)))

            # Rows Glassbox explained: complete in every feature and, when the data have it, the model's outcome.
            outcome_name = MODEL_FILE.get("outcome")
            has_outcome = outcome_name is not None and outcome_name in df.columns
            used = df.dropna(subset=FEATURES + ([outcome_name] if has_outcome else []))
            X_used = tree_inputs(used)
            p_used = link(tree_margin(X_used))

            # 1. The baseline metric of permutation importance from the plain-Python scores.
            for section, bs in blocks("explain"):
                if not section["id"].endswith("-importance"):
                    continue
                from sklearn.metrics import accuracy_score, brier_score_loss, log_loss, roc_auc_score
                text = next(b["text"] for b in bs if b["type"] == "paragraph")
                metric, value, count = re.search(r"baseline (\w+) (\S+) on (\d+) rows", text).groups()
                assert int(count) == len(used), (count, len(used))
                y = used[outcome_name].to_numpy(float)
                exact = next((b for b in bs if b["type"] == "table" and (b.get("caption") or "").startswith("Baseline")), None)
                # Glassbox's importance walk may sum an XGBoost model's leaves in float64 rather than float32 (scores one
                # float32 rounding apart can then tie or not): the baseline must agree with one of the two sums.
                agreed = None
                for float32_sum in (True, False):
                    p = p_used if float32_sum else link(tree_margin(X_used, float32_sum=False))
                    baseline = {"auc": lambda: roc_auc_score(y, p), "logloss": lambda: log_loss(y, p),
                                "brier": lambda: brier_score_loss(y, p), "accuracy": lambda: accuracy_score(y, p >= 0.5)}[metric]()
                    if exact is not None:
                        reported = exact["rows"][0][1]["value"]
                        if abs(baseline - reported) <= 1e-9 * max(1.0, abs(reported)):
                            agreed = "float32" if float32_sum and FLOAT32 else "float64"
                            break
                    elif abs(baseline - float(value)) <= rounding_tolerance(value):
                        agreed = "float32" if float32_sum and FLOAT32 else "float64"
                        break
                    if not FLOAT32:
                        break
                assert agreed is not None, (metric, baseline, exact["rows"][0][1]["value"] if exact else value)
                print(f"baseline {metric} {baseline:.12f} on {len(used)} rows agrees with the model file's trees re-scored in plain Python"
                      + (" (1e-9)" if exact is not None else f" (to the {value} shown)") + f", leaves summed in {agreed}")

            # 2. The original model file, its SHA-256 recorded at import, and the maker's own library.
            maker_module = {"xgboost": "xgboost", "lightgbm": "lightgbm"}.get(ORIGINAL["format"])
            original_path = CONTEXT["tree"]["original"]
            booster = None
            if original_path is None or not os.path.isfile(original_path):
                skipped.append(f"the original model file {ORIGINAL['fileName']!r} is not "
                               + (f"at {original_path}" if original_path else "beside the model file")
                               + ": its SHA-256 and the maker's scores and SHAP values are not re-checked")
            else:
                digest = sha256_of(original_path)
                assert digest == ORIGINAL["sha256"], f"{original_path} has SHA-256 {digest}, not the file the model was imported from"
                print(f"{original_path}: original {ORIGINAL['format']} model file, SHA-256 verified (recorded at import)")
                if maker_module is None:
                    skipped.append(f"no maker re-check for a {ORIGINAL['format']} model: this notebook re-scores it from the model file's trees in plain Python"
                                   " (above and in the audit) but runs no PMML evaluator, and its SHAP values are not re-checked")
                elif importlib.util.find_spec(maker_module) is None:
                    skipped.append(f"the Python package {maker_module} is not installed: the maker's scores, SHAP values and SHAP dependence bins are not re-checked (pip install {maker_module})")
                elif maker_module == "xgboost":
                    import xgboost
                    booster = xgboost.Booster(model_file=original_path)
                    assert booster.feature_names is None or list(booster.feature_names) == FEATURES, (booster.feature_names, FEATURES)

                    def maker(X, contributions=False):
                        data = xgboost.DMatrix(X, feature_names=FEATURES, feature_types=booster.feature_types, enable_categorical=True)
                        return booster.predict(data, pred_contribs=contributions).astype(float)
                else:
                    import lightgbm
                    booster = lightgbm.Booster(model_file=original_path)
                    assert list(booster.feature_name()) == FEATURES, (booster.feature_name(), FEATURES)

                    def maker(X, contributions=False):
                        return np.asarray(booster.predict(X, pred_contrib=contributions), dtype=float)

            if booster is not None:
                # 3. Scores: the maker's predict on every row against Glassbox's (the plain-Python re-scoring above).
                # XGBoost predicts in float32 (1e-6); LightGBM in float64 (1e-12).
                tolerance = 1e-6 if maker_module == "xgboost" else 1e-12
                X_all = tree_inputs(df)
                ours, theirs = predict(df), maker(X_all)
                both = ~np.isnan(ours)
                difference = float(np.max(np.abs(ours[both] - theirs[both]))) if both.any() else 0.0
                assert difference <= tolerance, (maker_module, difference)
                print(f"{int(both.sum())} scores agree with {maker_module}'s predict within {tolerance:g} (largest difference {difference:.1e})")

                # 4. SHAP: the maker's path-dependent TreeSHAP (pred_contribs / pred_contrib) on the rows Glassbox explained:
                # additivity, each feature's mean |phi| against the report's summary, and each dependence bin's mean,
                # smallest and largest phi against its chart (a categorical feature's levels; a numeric feature's value
                # bins, recut as Glassbox cuts them). XGBoost 1e-6 (float32), else 1e-9.
                tolerance = 1e-6 if maker_module == "xgboost" else 1e-9
                phi = maker(X_used, contributions=True)
                margin = tree_margin(X_used)
                additivity = float(np.max(np.abs(phi.sum(axis=1) - margin)))
                assert additivity <= 10 * tolerance, ("additivity", additivity)
                checked = 0
                for section, bs in blocks("explain"):
                    if not section["id"].endswith("-shap"):
                        continue
                    table = next(b for b in bs if b["type"] == "table")
                    for row in table["rows"]:
                        j = FEATURES.index(row[0]["text"])
                        mean_abs = float(np.abs(phi[:, j]).mean())
                        assert abs(mean_abs - row[1]["value"]) <= tolerance, (row[0]["text"], mean_abs, row[1]["value"])
                        checked += 1
                    levels_checked = bins_checked = 0
                    for b in bs:
                        if b["type"] != "chart" or not b["title"].startswith("SHAP dependence: "):
                            continue
                        j = FEATURES.index(b["title"][len("SHAP dependence: "):])
                        if b["layout"] == "columns":
                            for point in b["series"][0]["points"]:
                                members = X_used[:, j] == LEVELS[j].index(b["categories"][point["category"]])
                                values = phi[members, j]
                                for reported, value in ((point["y"], values.mean()), (point["lower"], values.min()), (point["upper"], values.max())):
                                    assert abs(reported - value) <= tolerance, (b["title"], b["categories"][point["category"]], reported, value)
                                levels_checked += 1
                            continue
                        # A numeric feature: its values sorted, cut into bins of ceil(n / \#(SHAPDependence.maximumBins)) rows, a bin extended over
                        # equal values (they are never split); the chart shows each bin's mean value at x and leaves out
                        # bins below the minimum group size, so every point must be one of these bins.
                        x = X_used[:, j]
                        ordered = np.sort(x[~np.isnan(x)])
                        target = max(1, -(-len(ordered) // \#(SHAPDependence.maximumBins)))
                        cut, start = {}, 0
                        while start < len(ordered):
                            end = min(len(ordered), start + target)
                            while end < len(ordered) and ordered[end] == ordered[end - 1]:
                                end += 1
                            lo, hi = ordered[start], ordered[end - 1]
                            cut[float(ordered[start:end].mean())] = (x >= lo) & (x <= hi)
                            start = end
                        for point in b["series"][0]["points"]:
                            bin_x = min(cut, key=lambda mean: abs(mean - point["x"]))
                            assert abs(bin_x - point["x"]) <= 1e-9 * max(1.0, abs(bin_x)), (b["title"], point["x"], bin_x)
                            values = phi[cut.pop(bin_x), j]
                            for reported, value in ((point["y"], values.mean()), (point["lower"], values.min()), (point["upper"], values.max())):
                                assert abs(reported - value) <= tolerance, (b["title"], point["x"], reported, value)
                            bins_checked += 1
                    print(f"{checked} mean |SHAP| values and the SHAP dependence of {levels_checked} levels and {bins_checked} numeric value bins agree with {maker_module}'s "
                          + ("pred_contribs" if maker_module == "xgboost" else "pred_contrib") + f" within {tolerance:g}"
                          + f" (contributions + bias = margin within {additivity:.1e})")
            for reason in skipped:
                print("skipped: " + reason)
        """#

    /// ``treeEnsemble`` for `check`: with linear terms (a PMML regression), `tree_margin` also adds
    /// `Σ βⱼ x̃ⱼ + Σ γ_{f,v} [x̃_f = v]` (``linearTermsMargin``), defined before the checks that call it; with
    /// interventional SHAP, the comparison with the maker's path-dependent SHAP is replaced by a skip saying why
    /// (``interventionalSHAPSkip``). Otherwise the cell is ``treeEnsemble`` unchanged.
    static func treeEnsemble(_ check: NotebookRecipe.TreeEnsembleCheck) -> String {
        var cell = treeEnsemble
        if check.surrogateSplits {
            for (anchor, addition) in [("                    missing = np.isnan(x)\n", surrogateSides),
                                       ("                    goes_left = np.where(missing, node[\"missingGoesLeft\"], goes_left)\n", surrogateOverride)] {
                guard let range = cell.range(of: anchor) else { preconditionFailure("the tree cell walks missing values") }
                cell.replaceSubrange(range, with: anchor + addition)
            }
        }
        if check.pmml {
            guard let start = cell.range(of: "\n        if maker_module is None:\n")?.upperBound,
                  let end = cell.range(of: "        elif importlib.util.find_spec(maker_module)", range: start..<cell.endIndex)?.lowerBound
            else { preconditionFailure("the tree cell skips the maker re-check of a format without a maker module") }
            cell.replaceSubrange(start..<end, with: pmmlSkip)
        }
        if check.linearTerms {
            let anchor = "\n    def link(margin):"
            guard let range = cell.range(of: anchor) else { preconditionFailure("the tree cell defines link(margin)") }
            cell.replaceSubrange(range, with: "\n" + linearTermsMargin + anchor)
        }
        if check.missingInputsKept {
            guard let start = cell.range(of: "    # Rows Glassbox explained: complete in every feature")?.lowerBound,
                  let end = cell.range(of: "    X_used = tree_inputs(used)\n", range: start..<cell.endIndex)?.lowerBound
            else { preconditionFailure("the tree cell selects the rows Glassbox explained") }
            cell.replaceSubrange(start..<end, with: rowsWithMissingInputs)
        }
        if check.interventionalSHAP {
            guard let start = cell.range(of: "        # 4. SHAP:")?.lowerBound,
                  let end = cell.range(of: "    for reason in skipped:", range: start..<cell.endIndex)?.lowerBound
            else { preconditionFailure("the tree cell checks SHAP (4.) before printing what it skipped") }
            cell.replaceSubrange(start..<end, with: interventionalSHAPSkip + "\n")
        }
        return cell
    }

    /// The maker re-check of a PMML model, skipped and said why: no PMML evaluator (jpmml_evaluator, pypmml) was
    /// available to Glassbox's environment when this check was written, so the notebook runs none.
    static let pmmlSkip = #"""
                    skipped.append("the PMML evaluator re-check of the scores: no PMML evaluator (jpmml_evaluator or pypmml) was available "
                                   "in the environment Glassbox's notebooks are built and tested in, so none is run; the scores are re-checked "
                                   "only by re-scoring the model file's trees in plain Python (above and in the audit), which reads the "
                                   "imported trees, not the PMML document")
                    skipped.append("the maker's SHAP values: a PMML document holds none and no PMML evaluator computes them")

        """#

    /// Surrogate splits in ``treeEnsemble``'s walk: a row whose split feature is missing takes the side of the first
    /// surrogate whose feature is present (`by_surrogate`, `surrogate_left`); only rows with every feature missing
    /// stay `missing` (the node's missing side, or no prediction). Reference: DMG PMML 4.4, TreeModel, "surrogate".
    static let surrogateSides = #"""
                            by_surrogate = np.zeros(len(x), dtype=bool)
                            surrogate_left = np.zeros(len(x), dtype=bool)
                            for surrogate in node.get("surrogates") or []:
                                v = X[here, surrogate["feature"]]
                                now = missing & ~by_surrogate & ~np.isnan(v)
                                with np.errstate(invalid="ignore"):
                                    if surrogate["rule"] == "categoryIn":
                                        holds = np.isin(category_codes(v), surrogate["categories"])
                                    else:
                                        holds = v < surrogate["threshold"] if surrogate["rule"] == "lessThan" else v <= surrogate["threshold"]
                                surrogate_left = np.where(now, holds == surrogate["ruleGoesLeft"], surrogate_left)
                                by_surrogate |= now
                            missing = missing & ~by_surrogate

        """#

    /// The side surrogate splits chose, over the rule's verdict on the missing split feature.
    static let surrogateOverride = #"""
                            goes_left = np.where(by_surrogate, surrogate_left, goes_left)

        """#

    /// Step 4 of ``treeEnsemble`` when the report's SHAP values are interventional: not compared, and said so.
    /// ``treeEnsemble``'s selection of the explained rows when the data have missing model inputs: a tree
    /// ensemble's explanation keeps them (the trees route them), dropping only rows without the outcome or a score.
    static let rowsWithMissingInputs = #"""
            # Rows Glassbox explained: every row the trees score, missing model inputs kept (the trees route them, as the
            # maker does) and, when the data have it, with the model's outcome.
            outcome_name = MODEL_FILE.get("outcome")
            has_outcome = outcome_name is not None and outcome_name in df.columns
            used = df.dropna(subset=[outcome_name] if has_outcome else [])
            used = used[~np.isnan(predict(used))]

        """#

    static let interventionalSHAPSkip = #"""
                # 4. SHAP: the report's values are interventional TreeSHAP; the maker's are path-dependent, a different quantity.
                skipped.append("the report's SHAP values are interventional TreeSHAP (against a background sample of the data), "
                               + f"which {maker_module}'s " + ("pred_contribs" if maker_module == "xgboost" else "pred_contrib")
                               + " (path-dependent TreeSHAP) does not compute: they are not compared")
        """#

    /// Wraps `tree_margin` to add the model file's linear terms (in the maker's order), each feature's missing
    /// value first replaced as recorded; NaN (no prediction) where a used feature is missing without a replacement.
    /// Reference: DMG PMML 4.4, Regression.
    static let linearTermsMargin = #"""
            LINEAR = ENSEMBLE["linearTerms"]

            def linear_margin(X):
                """The linear terms' part of each row's margin: coefficient * x for a numeric feature, the coefficient
                when the row has the term's level for a categorical one."""
                total = np.zeros(len(X))
                for term in LINEAR["terms"]:
                    x = X[:, term["feature"]]
                    replacement = LINEAR["replacements"][term["feature"]]
                    if replacement is not None:
                        x = np.where(np.isnan(x), replacement, x)
                    code = term.get("code")
                    part = term["coefficient"] * x if code is None else np.where(x == code, term["coefficient"], 0.0)
                    total += np.where(np.isnan(x), np.nan, part)
                return total

            trees_margin = tree_margin

            def tree_margin(X, float32_sum=True):
                """The trees' margin (with the intercept as base margin) plus the linear terms'."""
                return trees_margin(X, float32_sum) + linear_margin(X)
        """#
}
