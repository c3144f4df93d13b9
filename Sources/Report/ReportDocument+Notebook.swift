import GlassboxCore
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

/// The Python source of the notebook's code cells, one property per concern.
enum NotebookPython {}

extension ReportDocument {
    /// A Jupyter notebook (nbformat 4.5) that checks the inputs' SHA-256, reloads the data with pandas
    /// and re-checks each section present against statsmodels, scikit-learn, fairlearn and scikit-uplift,
    /// asserting agreement with the numbers embedded from this report and printing one line per check,
    /// then shows Glassbox's charts (pre-rendered SVG outputs, so they display without running anything).
    ///
    /// The Python of each check lives in its own file (`ReportDocument+Notebook<Concern>.swift`, one
    /// ``NotebookPython`` property each), kept as raw string literals rather than package resources so the
    /// renderer stays a pure function with no bundle lookup; their doc comments give each tolerance.
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
        cell("markdown", "# \(Escaping.markdown(title))\n\nThis notebook re-checks the Glassbox report against the raw data in Python: it verifies the SHA-256 of every input, refits the model with statsmodels (coefficients and standard errors), recomputes the explanation with scikit-learn, the audit with fairlearn and the uplift evaluation with scikit-uplift, and `assert`s that they agree with the numbers Glassbox reported. Each check prints one line; any disagreement stops with an assertion error.")
        // Split, not replaced in turn: the report's text could itself contain a placeholder.
        let head = NotebookPython.setup.components(separatedBy: "__REPORT__"), tail = head[1].components(separatedBy: "__CONTEXT__")
        cell("code", head[0] + literal(json()) + tail[0] + literal(JSONValue.object(context).rendered()) + tail[1])
        for source in [NotebookPython.data, NotebookPython.model, NotebookPython.explanation, NotebookPython.audit, NotebookPython.uplift] {
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
