import Audit

/// What a notebook needs to re-check a report against the raw data: where the data are, how the
/// score arose (a model formula or a score column) and how the audit decided.
public struct NotebookRecipe: Sendable, Equatable {
    public var dataPath: String
    public var sha256: String
    public var delimiter: String
    /// The logistic model's Glassbox formula (refitted with statsmodels), or nil for a score column.
    public var formula: String?
    public var scoreColumn: String?
    /// The audit's 0/1 outcome and group columns (empty: no audit to re-check).
    public var outcome: String?
    public var groups: [String]
    public var threshold: Double?
    public var top: Double?

    public init(dataPath: String, sha256: String, delimiter: String = ",", formula: String? = nil, scoreColumn: String? = nil,
                outcome: String? = nil, groups: [String] = [], decision: DecisionRule? = nil) {
        self.dataPath = dataPath
        self.sha256 = sha256
        self.delimiter = delimiter
        self.formula = formula
        self.scoreColumn = scoreColumn
        self.outcome = outcome
        self.groups = groups
        switch decision {
        case .threshold(let t): threshold = t
        case .top(let f): top = f
        case nil: threshold = 0.5
        }
    }

    /// The formula in patsy's dialect (statsmodels): `^` inside `I()` becomes `**`, functions come
    /// from NumPy, and `C(x, ref="v")` becomes `C(x, Treatment(reference="v"))`.
    public var patsyFormula: String? {
        guard var f = formula else { return nil }
        f = f.replacingOccurrences(of: "^", with: "**")
        for name in ["log10", "log2", "log", "exp", "sqrt", "abs"] {
            f = f.replacingOccurrences(of: "(?<![A-Za-z0-9_.])\(name)\\(", with: "np.\(name)(", options: .regularExpression)
        }
        f = f.replacingOccurrences(of: #"C\(\s*([^,()]+?)\s*,\s*ref\s*=\s*("[^"]*"|'[^']*'|[^()]+?)\s*\)"#, with: "C($1, Treatment(reference=$2))",
                                   options: .regularExpression)
        return f
    }
}

extension ReportDocument {
    /// A Jupyter notebook (nbformat 4.5) that checks the input's SHA-256, reloads the data with pandas,
    /// refits the model with statsmodels and recomputes the audit's group rates, asserting agreement
    /// with the numbers embedded from this report, and shows Glassbox's charts (pre-rendered SVG
    /// outputs, so they display without running anything).
    ///
    /// Tolerances: coefficients 1e-6 (relative, IRLS against Newton), rates and counts exactly up to
    /// 1e-9, except that rows whose refitted score lies within 1e-9 of the threshold could flip and are
    /// reported rather than failed.
    public func notebook(_ recipe: NotebookRecipe) -> String {
        func literal(_ text: String) -> String {
            var s = JSONValue.string(text).rendered()
            s.removeLast()
            return s
        }
        var context: [(String, JSONValue)] = [
            ("dataPath", .string(recipe.dataPath)), ("sha256", .string(recipe.sha256)), ("delimiter", .string(recipe.delimiter)),
            ("patsyFormula", recipe.patsyFormula.map(JSONValue.string) ?? .null), ("scoreColumn", recipe.scoreColumn.map(JSONValue.string) ?? .null),
            ("outcome", recipe.outcome.map(JSONValue.string) ?? .null), ("groups", .array(recipe.groups.map(JSONValue.string))),
        ]
        context.append(("threshold", recipe.threshold.map(JSONValue.number) ?? .null))
        context.append(("top", recipe.top.map(JSONValue.number) ?? .null))
        var cells = [JSONValue]()
        var counter = 0
        func cell(_ type: String, _ source: String, outputs: [JSONValue] = []) {
            counter += 1
            let lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let sourceLines = lines.enumerated().map { JSONValue.string($0.element + ($0.offset + 1 < lines.count ? "\n" : "")) }
            var pairs: [(String, JSONValue)] = [("cell_type", .string(type)), ("id", .string("cell-\(counter)")), ("metadata", .object([]))]
            if type == "code" { pairs += [("execution_count", .null), ("outputs", .array(outputs))] }
            pairs.append(("source", .array(sourceLines)))
            cells.append(.object(pairs))
        }
        cell("markdown", "# \(Escaping.markdown(title))\n\nThis notebook re-checks the Glassbox report against the raw data in Python: it verifies the data file's SHA-256, refits the model with statsmodels, recomputes the audit's group rates with pandas, and `assert`s that they agree with the numbers Glassbox reported. Run all cells; any disagreement stops with an assertion error.")
        cell("code", """
        import hashlib, json, math, re
        import numpy as np
        import pandas as pd
        try:
            from IPython.display import SVG, display
        except ImportError:  # plain Python: charts are skipped
            SVG = lambda s: s
            display = lambda *a, **k: None

        REPORT = json.loads(\(literal(json())))
        CONTEXT = json.loads(\(literal(JSONValue.object(context).rendered())))

        def blocks(prefix):
            for s in REPORT["sections"]:
                if s["id"] == prefix or s["id"].startswith(prefix + "-"):
                    yield s, s["blocks"]
        """)
        cell("code", """
        path = CONTEXT["dataPath"]
        with open(path, "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        assert digest == CONTEXT["sha256"], f"{path} has SHA-256 {digest}, not the file the report was made from"
        df = pd.read_csv(path, sep=CONTEXT["delimiter"], na_values=["NA", "NaN", "null", "N/A"])
        print(f"{path}: {len(df)} rows, SHA-256 verified")
        """)
        cell("code", """
        fit = None
        if CONTEXT["patsyFormula"]:
            import statsmodels.api as sm
            import statsmodels.formula.api as smf
            fit = smf.glm(CONTEXT["patsyFormula"], data=df, family=sm.families.Binomial()).fit(tol=1e-12)

            def normalize(name):
                name = re.sub(r"C\\(\\s*([^,()]+?)\\s*(,[^()]*(\\([^()]*\\))?[^()]*)?\\)", r"\\1", name)
                name = name.replace("[T.", "[").replace("np.", "").replace("**", "^").replace(" ", "")
                return "(Intercept)" if name == "Intercept" else name

            ours = {normalize(k): v for k, v in fit.params.items()}
            checked = 0
            for section, bs in blocks("model"):
                for b in bs:
                    if b["type"] == "table" and b["columns"][:2] == ["Term", "Estimate"]:
                        for row in b["rows"]:
                            term, estimate = row[0]["text"].replace(" ", ""), row[1]["value"]
                            if estimate is None:
                                continue
                            assert term in ours, f"term {term} not in statsmodels' fit: {sorted(ours)}"
                            assert abs(ours[term] - estimate) <= 1e-6 * max(1.0, abs(estimate)), (term, ours[term], estimate)
                            checked += 1
            print(f"{checked} coefficients agree with statsmodels")
        """)
        cell("code", """
        if CONTEXT["groups"]:
            if CONTEXT["scoreColumn"]:
                score = df[CONTEXT["scoreColumn"]].astype(float)
            else:
                score = pd.Series(fit.predict(df)).reindex(df.index)  # rows patsy dropped for missing values become NaN
            y = df[CONTEXT["outcome"]].astype(float)
            keep = score.notna() & y.notna()
            s, y = score[keep].to_numpy(), y[keep].to_numpy()
            if CONTEXT["top"] is not None:
                k = math.floor(CONTEXT["top"] * len(s) + 0.5)
                selected = np.zeros(len(s), dtype=bool)
                selected[np.argsort(-s, kind="stable")[:k]] = True
                near = 0
            else:
                t = CONTEXT["threshold"]
                selected = s >= t
                near = int(np.sum(np.abs(s - t) < 1e-9))
            checked = 0
            for attribute in CONTEXT["groups"]:
                labels = df.loc[keep, attribute].astype(object).where(df.loc[keep, attribute].notna(), "(missing)").astype(str).to_numpy()
                for section, bs in blocks("audit"):
                    if section["title"] != f"Groups by {attribute}":
                        continue
                    table = next(b for b in bs if b["type"] == "table" and b["caption"] == "Rates by group")
                    cols = table["columns"]
                    for row in table["rows"]:
                        if row[1]["value"] is None:
                            continue  # suppressed group: nothing to check
                        label = re.sub(r"( †)?( \\(reference\\))?$", "", row[0]["text"])
                        m = labels == label
                        yy, sel = y[m], selected[m]
                        tp, fp = np.sum(sel & (yy == 1)), np.sum(sel & (yy == 0))
                        fn, tn = np.sum(~sel & (yy == 1)), np.sum(~sel & (yy == 0))
                        expect = {"n": m.sum(), "Prevalence": (tp + fn) / m.sum(), "Selection rate": (tp + fp) / m.sum(),
                                  "TPR": tp / (tp + fn) if tp + fn else None, "FPR": fp / (fp + tn) if fp + tn else None}
                        for name, value in expect.items():
                            reported = row[cols.index(name)]["value"]
                            if value is None:
                                assert reported is None, (attribute, label, name)
                            elif near == 0:
                                assert abs(reported - value) <= 1e-9, (attribute, label, name, reported, value)
                        checked += 1
            print(f"{checked} groups agree with pandas" + (f" ({near} rows within 1e-9 of the threshold: rates not compared)" if near else ""))
        """)
        var chartNumber = 0
        for s in sections {
            for b in s.blocks {
                guard case .chart(let c) = b else { continue }
                chartNumber += 1
                let svg = SVGChartRenderer().render(c, id: "nb\(chartNumber)")
                let output = JSONValue.object([("output_type", .string("display_data")),
                                               ("data", .object([("image/svg+xml", .string(svg)), ("text/plain", .string("<Glassbox chart: \(c.title)>"))])),
                                               ("metadata", .object([]))])
                cell("markdown", "**\(Escaping.markdown(c.title))** (\(Escaping.markdown(s.title)))" + (c.caption.map { "\n\n" + Escaping.markdown($0) } ?? ""))
                cell("code", "display(SVG(\(literal(svg))))", outputs: [output])
            }
        }
        let notebook = JSONValue.object([
            ("cells", .array(cells)),
            ("metadata", .object([("kernelspec", .object([("display_name", .string("Python 3")), ("language", .string("python")), ("name", .string("python3"))])),
                                  ("language_info", .object([("name", .string("python"))])),
                                  ("glassbox", .object([("schema", .string(Self.schemaVersion))]))])),
            ("nbformat", .integer(4)), ("nbformat_minor", .integer(5)),
        ])
        return notebook.rendered()
    }
}
