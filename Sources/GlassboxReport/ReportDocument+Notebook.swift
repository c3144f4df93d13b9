import GlassboxCore
import GlassboxAudit
import GlassboxModels
import GlassboxTabular

/// What a notebook needs to re-check a report against the raw data: where the data are, how the
/// score arose (a model's design encoding or a score column) and how the audit decided.
public struct NotebookRecipe: Sendable, Equatable {
    /// The data file as the notebook opens it: relative to the notebook's folder when the report command knew
    /// where the notebook goes (see ``relativePath(of:fromFolderOf:cwd:)``), else as typed.
    public var dataPath: String
    /// The data file's SHA-256 (hex), which the notebook checks before it re-computes anything.
    public var sha256: String
    /// The data's field separator.
    public var delimiter: String
    /// Field texts read as missing (Glassbox's `--na`; default empty, `NA`, `NaN`, `null`, `N/A`): pandas reads the
    /// data with exactly these (not its own longer default list, which would turn a level such as `None` into NaN).
    public var missingTokens: [String] = ["", "NA", "NaN", "null", "N/A"]
    /// The logistic model's design encoding (validated when its file was loaded): the notebook rebuilds the
    /// design matrix from it as data (factor kinds, levels, expression trees, column products) and refits the
    /// model with statsmodels; nil for a score column or another model kind.
    public var encoding: DesignEncoding?
    /// The audited score column, when the report audits a column instead of a model.
    public var scoreColumn: String?
    /// The audit's 0/1 outcome and group columns (empty: no audit to re-check).
    public var outcome: String?
    public var groups: [String]
    /// The audit's decision: positive when the score is at least `threshold`, or the `top` share by score.
    public var threshold: Double?
    /// See ``threshold``.
    public var top: Double?
    /// Other input files (model file, uplift evaluations) as the manifest names them → as the notebook opens them.
    public var inputPaths: [String: String]
    /// What the notebook re-checks for a lookalike model (nil for other kinds).
    package var lookalike: LookalikeCheck?
    /// What the notebook re-checks for an imported tree ensemble (nil for other kinds).
    package var treeEnsemble: TreeEnsembleCheck?
    /// How the notebook re-reads the data (default: a CSV with pandas); see ``Source``.
    public var source: Source = .csv

    /// The lookalike model's scoring, for the notebook to recompute the audience it reports.
    package struct LookalikeCheck: Sendable, Equatable {
        /// The seed column (rows with 1 are the seed list, excluded from the audience).
        package var seedColumn: String
        /// The audience share of the rows not on the seed list.
        package var size: Double
        /// One coefficient vector per classifier (nil entries: aliased, counted as 0), on the design columns
        /// of ``encoding``; the score is the mean of σ(xᵀβ) over them. Empty: scores not recomputable (similarity).
        package var classifiers: [[Double?]]
        package var encoding: DesignEncoding

        package init(seedColumn: String, size: Double, classifiers: [[Double?]], encoding: DesignEncoding) {
            self.seedColumn = seedColumn
            self.size = size
            self.classifiers = classifiers
            self.encoding = encoding
        }
    }

    /// The recipe of a report on the data at `dataPath` (SHA-256 `sha256`, fields separated by `delimiter`):
    /// the notebook refits the logistic model of `encoding` (or reads `scoreColumn`) and, with an `outcome`
    /// and `groups`, re-checks the audit that decided by `decision` (default: threshold 0.5).
    public init(dataPath: String, sha256: String, delimiter: String = ",", encoding: DesignEncoding? = nil, scoreColumn: String? = nil,
                outcome: String? = nil, groups: [String] = [], decision: DecisionRule? = nil, inputPaths: [String: String] = [:]) {
        self.dataPath = dataPath
        self.sha256 = sha256
        self.delimiter = delimiter
        self.encoding = encoding
        self.scoreColumn = scoreColumn
        self.outcome = outcome
        self.groups = groups
        self.inputPaths = inputPaths
        switch decision {
        case .threshold(let t): threshold = t
        case .top(let f): top = f
        case nil: threshold = 0.5
        }
    }

    /// The recipe of a lookalike model's report (``ReportDocument/lookalikeReport(model:scores:audienceSize:recovery:composition:uplifts:title:minGroupSize:provenance:)``)
    /// on data that hold the model's seed column: the notebook recomputes the scores of `model` (not for
    /// `similarity`) and its audience, the top `audienceSize` share of the rows not on the seed list.
    public init(dataPath: String, sha256: String, delimiter: String = ",", lookalike model: LookalikeModelFile, audienceSize: Double) {
        self.init(dataPath: dataPath, sha256: sha256, delimiter: delimiter)
        lookalike = LookalikeCheck(seedColumn: model.seedColumn, size: audienceSize,
                                   classifiers: model.options.method == .similarity ? [] : model.fit.classifiers,
                                   encoding: model.encoding)
    }

    /// `path` (a file the report read, relative to the working directory `cwd` or absolute) relative to the
    /// folder that will hold `notebook`, so the notebook finds it after the folder is copied elsewhere; the
    /// path unchanged when either is unknown. Both are made absolute (`cwd`), `.` and `..` components resolved
    /// lexically; symbolic links are not followed.
    public static func relativePath(of path: String, fromFolderOf notebook: String?, cwd: String) -> String {
        guard let notebook, !path.isEmpty, !cwd.isEmpty else { return path }
        func components(_ p: String) -> [String] {
            var out = [String]()
            for c in ((p.hasPrefix("/") ? p : cwd + "/" + p).split(separator: "/").map(String.init)) {
                if c == "." || c.isEmpty { continue }
                if c == ".." { if !out.isEmpty { out.removeLast() }; continue }
                out.append(c)
            }
            return out
        }
        let target = components(path), folder = components(notebook).dropLast()
        var common = 0
        while common < min(target.count, folder.count) && target[common] == folder[common] { common += 1 }
        let up = Array(repeating: "..", count: folder.count - common)
        let relative = (up + target[common...]).joined(separator: "/")
        return relative.isEmpty ? path : relative
    }

    /// The encoding as the notebook's data: factors (`numeric` with an expression tree, or `categorical` with
    /// its column and training levels), the response's expression tree, and each design column's name, the
    /// (factor, level index) pairs it multiplies and its source columns. Expression trees are JSON arrays,
    /// `["column", name]`, `["number", x]`, `["string", s]`, `["unary", op, e]`, `["binary", op, a, b]`,
    /// `["call", name, [args]]`, `["paren", e]`, interpreted by a fixed Python function: nothing from the
    /// model file is ever parsed or evaluated as Python.
    static func designJSON(_ encoding: DesignEncoding) -> JSONValue {
        func tree(_ e: FormulaExpression) -> JSONValue {
            switch e {
            case .column(let name): .array([.string("column"), .string(name)])
            case .number(let x): .array([.string("number"), .number(x)])
            case .string(let s): .array([.string("string"), .string(s)])
            case .unary(let op, let a): .array([.string("unary"), .string(op), tree(a)])
            case .binary(let op, let a, let b): .array([.string("binary"), .string(op), tree(a), tree(b)])
            case .call(let name, let args): .array([.string("call"), .string(name), .array(args.map(tree))])
            case .paren(let a): .array([.string("paren"), tree(a)])
            }
        }
        func factorTree(_ f: FormulaFactor) -> JSONValue {
            switch f {
            case .column(let name), .categorical(let name, _): tree(.column(name))
            case .transform(let e): tree(e)
            }
        }
        let formula = encoding.formula
        let factors = zip(formula.factors, encoding.factors).map { factor, coding -> JSONValue in
            coding.kind == .numeric
                ? .object([("name", .string(coding.name)), ("kind", .string("numeric")), ("expression", factorTree(factor))])
                : .object([("name", .string(coding.name)), ("kind", .string("categorical")), ("column", .string(factor.columns[0])),
                           ("levels", .array(coding.levels.map(JSONValue.string)))])
        }
        let columns = encoding.termNames.indices.map { j -> JSONValue in
            .object([("name", .string(encoding.termNames[j])),
                     ("parts", .array(encoding.columns[j].map { .array([.integer($0.factor), $0.level.map(JSONValue.integer) ?? .null]) })),
                     ("sources", .array(encoding.termSources[j].map(JSONValue.string)))])
        }
        let responseColumns = formula.response?.columns ?? []
        return .object([
            ("formula", .string(formula.source)),
            ("predictorColumns", .array(encoding.predictorColumns.map(JSONValue.string))),
            ("responseColumns", .array(responseColumns.map(JSONValue.string))),
            ("response", formula.response.map(factorTree) ?? .null),
            ("factors", .array(factors)), ("columns", .array(columns)),
        ])
    }
}

/// The Python source of the notebook's code cells, one property per concern.
enum NotebookPython {}

extension ReportDocument {
    /// A Jupyter notebook (nbformat 4.5) that checks the inputs' SHA-256, reloads the data with pandas
    /// and re-checks each section present against statsmodels, scikit-learn, fairlearn and scikit-uplift,
    /// asserting agreement with the numbers embedded from this report and printing one line per check,
    /// then shows Glassbox's charts (pre-rendered SVG outputs, so they display without running anything).
    ///
    /// The Python of each check lives in its own file (`ReportDocument+Notebook<Concern>.swift`, one
    /// `NotebookPython` property each), kept as raw string literals rather than package resources so the
    /// renderer stays a pure function with no bundle lookup; their doc comments give each tolerance.
    public func notebook(_ recipe: NotebookRecipe) -> String {
        // Every text a code cell carries goes through this one function (ASCII-only Python string literals).
        let literal = Escaping.python
        var context: [(String, JSONValue)] = [
            ("sha256", .string(recipe.sha256)), ("delimiter", .string(recipe.delimiter)),
            ("missing", .array(recipe.missingTokens.sorted().map(JSONValue.string))),
            ("design", recipe.encoding.map(NotebookRecipe.designJSON) ?? .null), ("scoreColumn", recipe.scoreColumn.map(JSONValue.string) ?? .null),
            ("outcome", recipe.outcome.map(JSONValue.string) ?? .null), ("groups", .array(recipe.groups.map(JSONValue.string))),
        ]
        context.append(("threshold", recipe.threshold.map(JSONValue.number) ?? .null))
        context.append(("top", recipe.top.map(JSONValue.number) ?? .null))
        context.append(("paths", .object(recipe.inputPaths.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) })))
        context.append(("sectionIds", .array(sections.map { JSONValue.string($0.id) })))
        if let source = recipe.sourceJSON { context.append(("source", source)) }
        if let tree = recipe.treeEnsembleJSON { context.append(("tree", tree)) }
        if let l = recipe.lookalike {
            context.append(("lookalike", .object([
                ("seedColumn", .string(l.seedColumn)), ("size", .number(l.size)),
                ("classifiers", .array(l.classifiers.map { .array($0.map(JSONValue.optional)) })),
                ("design", NotebookRecipe.designJSON(l.encoding)),
            ])))
        }
        var cells = [JSONValue]()
        var counter = 0
        func cell(_ type: String, _ source: String, outputs: [JSONValue] = [], hidden: Bool = false) {
            counter += 1
            let lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let sourceLines = lines.enumerated().map { JSONValue.string($0.element + ($0.offset + 1 < lines.count ? "\n" : "")) }
            let metadata: JSONValue = hidden ? .object([("jupyter", .object([("source_hidden", .bool(true))]))]) : .object([])
            var pairs: [(String, JSONValue)] = [("cell_type", .string(type)), ("id", .string("cell-\(counter)")), ("metadata", metadata)]
            if type == "code" { pairs += [("execution_count", .null), ("outputs", .array(outputs))] }
            pairs.append(("source", .array(sourceLines)))
            cells.append(.object(pairs))
        }
        cell("markdown", "# \(Escaping.markdown(title))\n\n" + notebookIntroduction(recipe))
        // The first code cell stays short and readable: where the data are, imports, helpers. The report's
        // numbers (tens to hundreds of KB of JSON) come in the next cell, collapsed in Jupyter.
        let head = NotebookPython.setup.components(separatedBy: "__DATA_PATH__"), tail = head[1].components(separatedBy: "__CONTEXT__")
        cell("code", head[0] + literal(recipe.dataPath) + tail[0] + literal(Self.minifiedJSON(JSONValue.object(context).rendered())) + tail[1])
        cell("code", "# The report's numbers as Glassbox wrote them (\(json().utf8.count / 1024) KB of JSON); the checks below compare against them.\n"
             + "REPORT = json.loads(" + literal(Self.minifiedJSON(json())) + ")", hidden: true)
        // The derived columns and row filters the manifest records, when there are any, right after the read.
        let preparation = Self.notebookPreparation(manifest.data).map { [$0] } ?? []
        for source in [Self.notebookDataCell(recipe)] + preparation
                + [NotebookPython.model, NotebookPython.explanation] + (recipe.treeEnsemble.map { [NotebookPython.treeEnsemble($0)] } ?? [])
                + [NotebookPython.audit, NotebookPython.uplift, NotebookPython.lookalike] {
            cell("code", source)
        }
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
                cell("code", "display(SVG(" + literal(svg) + "))", outputs: [output])
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

extension ReportDocument {
    /// `json` (Glassbox's own rendering) without the whitespace between tokens: the same document, smaller.
    static func minifiedJSON(_ json: String) -> String {
        var out = [UInt8]()
        out.reserveCapacity(json.utf8.count)
        var inString = false, escaped = false
        for b in json.utf8 {
            if inString {
                out.append(b)
                if escaped { escaped = false } else if b == UInt8(ascii: "\\") { escaped = true } else if b == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch b {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): continue
            case UInt8(ascii: "\""): inString = true; out.append(b)
            default: out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The notebook's opening text: exactly which checks its cells run for this report (nothing is promised
    /// that no cell does), where the data must be, and how to point the notebook at them.
    func notebookIntroduction(_ recipe: NotebookRecipe) -> String {
        let ids = sections.map(\.id)
        var checks = [Self.notebookReadCheck(recipe)]
        if recipe.encoding != nil {
            checks.append("rebuilds the model's design matrix from the model file's design encoding (term names, factors, levels and transforms, embedded below as data) and refits the logistic regression with statsmodels, asserting every coefficient and standard error (not for penalised fits, which statsmodels cannot refit)")
        }
        if recipe.encoding != nil && ids.contains(where: { $0.hasPrefix("explain") }) {
            checks.append("recomputes the explanation with the report's coefficients: the baseline metric, permutation importance and partial dependence with scikit-learn, mean |SHAP| in closed form, and the protected levels' score AUCs (the proxy models are not refitted)")
        }
        checks += Self.notebookTreeEnsembleCheck(recipe)
        if !recipe.groups.isEmpty {
            checks.append("recomputes the group audit with fairlearn (rates, counts, disparity ratios, bootstrap intervals within Monte Carlo error)")
        }
        if ids.contains(where: { $0.hasPrefix("uplift") || $0.hasSuffix("-uplift") }) {
            checks.append("recomputes the uplift evaluations made from a score column with scikit-uplift (Qini AUC, uplift AUC, uplift@k, uplift by percentile)")
        }
        if let l = recipe.lookalike {
            checks.append("rebuilds the lookalike model's design from its encoding and asserts the population and seed-list shares of the composition tables; on the model's training file also its training rows and seeds"
                          + (l.classifiers.count == 1
                             ? ", recomputes the scores from the model file's coefficients and asserts the audience shares, and for an unpenalised logistic lookalike refits it with statsmodels (coefficients)"
                             : " (bagged and similarity scores are not recomputed, so the audience shares and the recovery are not re-checked)"))
        }
        let list = checks.map { "- " + $0 }.joined(separator: "\n")
        return "This notebook re-checks the Glassbox report against the raw data in Python. It\n\(list)\n\nEach check prints one line; any disagreement stops with an assertion error. "
            + "Sections not listed here are shown but not re-checked. " + Self.notebookDataLocation(recipe)
    }
}
