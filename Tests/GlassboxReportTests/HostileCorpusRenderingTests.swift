import GlassboxAudit
import GlassboxExplain
import Foundation
import GlassboxCore
import GlassboxMetrics
import GlassboxModels
import GlassboxReport
import GlassboxTabular
import Testing
import GlassboxTestSupport

/// Every renderer, every presentation format, fed the shared hostile corpus
/// (`Tests/Fixtures/hostile-strings.json`) as group column name, group levels, feature levels,
/// protected column, data path and title: Markdown and HTML carry no markup, line break or control
/// character from the data; each Markdown rendering has the same line structure as the same report
/// with harmless names; JSON keeps every string exact.
@Suite("hostile corpus: audits, explanations, targeting, inspections and reports in every format")
struct HostileCorpusRenderingTests {
    static var corpus: [String] { Fixtures.hostileStrings }

    /// Harmless stand-ins with the same count (h00, h01, …; same sort order as nothing else matters).
    static let benign: [String] = corpus.indices.map { String(format: "h%02d", $0) }

    /// All renderings of one data set whose strings are `names` (hostile or benign).
    struct Renderings {
        var markdown: [String: String] = [:]
        var html: [String: String] = [:]
        var terminal: [String: String] = [:]
        var json: [String: Data] = [:]
    }

    static func renderings(_ names: [String]) throws -> Renderings {
        let levels = Array(names.dropLast(2)), groupColumn = names[names.count - 1], protectedColumn = names[names.count - 2]
        var g = SeededGenerator(seed: 5)
        let n = 1_200
        var x = [Double](), y = [Double](), treat = [Double](), uplift = [Double](), f = [Int32](), grp = [Int32](), prot = [Int32]()
        for i in 0..<n {
            let a = g.nextNormal(), level = i % levels.count
            x.append(a); f.append(Int32(level)); grp.append(Int32((i / 3) % levels.count)); prot.append(Int32(i % 2))
            let eta = 0.3 * a + Double(level % 3) * 0.4 - 0.4
            y.append(g.nextBernoulli(1 / (1 + exp(-eta))) ? 1 : 0)
            treat.append(Double(i % 2)); uplift.append(0.1 * a + Double(level % 4) * 0.01)
        }
        let table = try Table(names: ["y", "x", "f", groupColumn, protectedColumn, "treat", "uplift"],
                              columns: [.numeric(y), .numeric(x), .categorical(CategoricalColumn(values: f.map { levels[Int($0)] })),
                                        .categorical(CategoricalColumn(values: grp.map { levels[Int($0)] })),
                                        .categorical(CategoricalColumn(values: prot.map { levels[Int($0)] })),
                                        .numeric(treat), .numeric(uplift)])
        let manifest = Provenance(commandLine: ["report", "--data", names[0], "--group", groupColumn],
                                     data: .init(path: "data/" + names[1] + ".csv", sha256: String(repeating: "ab", count: 32), rowsRead: n,
                                                 rowsUsed: n, rowsDropped: 0, missingByColumn: [groupColumn: 0]),
                                     seed: 7, blas: "libblas.so.3", environment: ["SOURCE_DATE_EPOCH": "1700000000"])
        var out = Renderings()

        // Model, inspection.
        let (encoding, design) = try DesignBuilder.fit(try Formula.parse("y ~ x + C(f)", requireResponse: true), on: table)
        let model = LogisticRegression(penalty: .l2(1))
        let fit = try model.fit(x: design.x, y: design.response!, termNames: encoding.termNames)
        var file = LogisticModelFile(encoding: encoding, model: model, fit: fit, weights: nil, cluster: nil, manifest: manifest)
        file.warnings = names
        let inspection = LogisticInspection(file)
        out.markdown["inspection"] = inspection.markdown()
        out.terminal["inspection"] = inspection.text()
        out.json["inspection"] = Data(try inspection.json())

        // Explanation: importance, PD over the hostile levels, SHAP, proxies for the hostile protected column.
        let scorer = LogisticScorer(model: file)
        let data = try ExplainData.forModel(encoding, table: table, weights: nil, withOutcome: true, extraColumns: [protectedColumn])
        var explanation = ExplanationReport(rowsUsed: data.table.rowCount, rowsDropped: 0, manifest: manifest)
        explanation.setImportance(try PermutationImportance.compute(scorer: scorer, data: data, options: .init(metric: .auc, repeats: 2, seed: 3)))
        explanation.partialDependence = [try PartialDependenceCalculator.compute(scorer: scorer, data: data, feature: "f")]
        explanation.shap = try LinearSHAP.compute(scorer: scorer, data: data, listRows: 2, seed: 1)
        explanation.proxies = try ProxyDetection.run(scorer: scorer, data: data, protected: [protectedColumn], options: .init(seed: 2, proxyRepeats: 1))
        explanation.surrogate = try Surrogate.fit(table: table, score: "uplift", formula: "~ x + C(f)")
        out.markdown["explanation"] = explanation.markdown()
        out.html["explanation"] = ReportDocument(explanation: explanation).html()
        out.markdown["explanation document"] = ReportDocument(explanation: explanation).markdown()
        out.json["explanation"] = Data(try explanation.json())

        // Bias audit by the hostile group column.
        let scores = LogisticRegression.linearPredictor(x: design.x, beta: fit.estimates).map { 1 / (1 + exp(-$0)) }
        var auditData = try AuditData.from(table: table, scores: scores, scoreColumn: names[2], outcome: "y", groups: [groupColumn])
        auditData.scoreName = names[3]
        var config = AuditConfiguration()
        config.bootstrap = 20
        config.minGroupSize = 10
        let audit = try BiasAudit.run(auditData, configuration: config)
        out.markdown["audit"] = audit.markdown(manifest: manifest)
        out.html["audit"] = ReportDocument(audit: audit, manifest: manifest).html()
        out.markdown["audit document"] = ReportDocument(audit: audit, manifest: manifest).markdown()
        out.json["audit"] = Data(audit.json(manifest: manifest).rendered().utf8)

        // Targeting audit by the hostile group column, hostile treatment levels named in the text.
        let treatment = UpliftTreatment(column: "treat", treated: ["1"], control: "0")
        let targetingData = try TargetingData.from(table: table, upliftColumn: "uplift", treatment: treatment, outcome: "y", groups: [groupColumn])
        var tconfig = AuditConfiguration()
        tconfig.bootstrap = 10
        tconfig.metricBootstrap = 0
        let targeting = try TargetingAudit.run(targetingData, configuration: tconfig)
        out.markdown["targeting"] = targeting.markdown(manifest: manifest, treatment: treatment, uplift: names[4], outcome: names[5])
        let targetingDocument = ReportDocument(targeting: targeting, treatment: names[6], uplift: names[4], outcome: names[5],
                                               manifest: Provenance(manifest))
        out.html["targeting"] = targetingDocument.html()
        out.markdown["targeting document"] = targetingDocument.markdown()
        out.json["targeting"] = Data(targeting.json(manifest: manifest, treatment: treatment, uplift: names[4], outcome: names[5]).rendered().utf8)

        // The combined report, with a hostile title and subtitle.
        let combined = ReportDocument.combined(title: names[7], subtitle: names[8], inspection: inspection, explanation: explanation,
                                               audits: [audit], minGroupSize: 10, manifest: Provenance(manifest))
        out.html["report"] = combined.html()
        out.markdown["report"] = combined.markdown()
        out.json["report"] = Data(combined.json().utf8)
        return out
    }

    static let hostile = Result { try renderings(corpus) }
    static let harmless = Result { try renderings(benign) }

    /// Occurrences of `c` not preceded by an escaping backslash.
    static func unescaped(_ c: Unicode.Scalar, in s: Substring) -> Int {
        var count = 0, backslashes = 0
        for u in s.unicodeScalars {
            if u == c && backslashes % 2 == 0 { count += 1 }
            backslashes = u == "\\" ? backslashes + 1 : 0
        }
        return count
    }

    /// Markup the corpus would open if it reached the output raw (in Markdown, `href="javascript:…"` is
    /// inert text once its `<` is escaped; in HTML the quote is escaped too).
    static let forbiddenMarkup = ["<script", "<img", "<!--", "<javascript", "<a href"]

    @Test("Markdown: no raw HTML, no control, same line structure as with harmless names")
    func markdown() throws {
        let hostile = try Self.hostile.get(), harmless = try Self.harmless.get()
        #expect(hostile.markdown.count == 8)
        for (name, md) in hostile.markdown {
            let lower = md.lowercased()
            for bad in Self.forbiddenMarkup { #expect(!lower.contains(bad), "\(name): \(bad)") }
            // The only tags are the renderer's own anchors.
            let tags = md.components(separatedBy: "<").dropFirst()
            #expect(tags.allSatisfy { $0.hasPrefix("a id=\"") || $0.hasPrefix("/a>") }, "\(name): raw <")
            #expect(md.unicodeScalars.allSatisfy { $0 == "\n" || !Escaping.isControl($0) }, "\(name): control character")
            let lines = md.split(separator: "\n", omittingEmptySubsequences: false)
            let reference = try #require(harmless.markdown[name]).split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.count == reference.count, "\(name): \(lines.count) lines, \(reference.count) with harmless names")
            // Table structure: the same number of cell separators on every line; no heading, list or
            // emphasis opened by the data.
            let pipes: [Int] = lines.map { Self.unescaped("|", in: $0) }.sorted()
            let referencePipes: [Int] = reference.map { Self.unescaped("|", in: $0) }.sorted()
            #expect(pipes == referencePipes, "\(name)")
            let metacharacters: [Unicode.Scalar] = ["`", "[", "]", "#", "_", "~", "$", "!"]
            for c in metacharacters {
                let found: Int = lines.reduce(0) { $0 + Self.unescaped(c, in: $1) }
                let expected: Int = reference.reduce(0) { $0 + Self.unescaped(c, in: $1) }
                #expect(found == expected, "\(name): \(c)")
            }
        }
    }

    @Test("HTML: no markup or control character from the data")
    func html() throws {
        let hostile = try Self.hostile.get()
        #expect(hostile.html.count == 4)
        for (name, html) in hostile.html {
            let lower = html.lowercased()
            for bad in Self.forbiddenMarkup.dropLast() { #expect(!lower.contains(bad), "\(name): \(bad)") }
            // The renderer's own links are in-page anchors only.
            #expect(lower.components(separatedBy: "<a href=\"").dropFirst().allSatisfy { $0.hasPrefix("#") }, "\(name)")
            #expect(!lower.contains("href=\"javascript") && !lower.contains("javascript:alert(1)\">"), "\(name)")
            #expect(html.unicodeScalars.allSatisfy { $0 == "\n" || $0 == "\t" || !Escaping.isControl($0) }, "\(name): control character")
        }
    }

    @Test("terminal text: no control character from the data")
    func terminal() throws {
        let hostile = try Self.hostile.get()
        for (name, text) in hostile.terminal {
            #expect(text.unicodeScalars.allSatisfy { $0 == "\n" || !Escaping.isControl($0) }, "\(name)")
            #expect(text.contains("\\u{1B}"), "\(name): the escape character is shown")
        }
    }

    /// Every string anywhere in a JSON value.
    static func strings(_ value: Any) -> [String] {
        switch value {
        case let s as String: return [s]
        case let a as [Any]: return a.flatMap(strings)
        case let d as [String: Any]: return Array(d.keys) + d.values.flatMap(strings)
        default: return []
        }
    }

    @Test("JSON: valid, and every hostile string comes back exactly")
    func json() throws {
        let hostile = try Self.hostile.get()
        let groupColumn = Self.corpus[Self.corpus.count - 1]
        let levels = Self.corpus.dropLast(2)
        for (name, bytes) in hostile.json {
            let found = Set(Self.strings(try JSONSerialization.jsonObject(with: bytes)))
            switch name {
            case "audit", "targeting":
                #expect(found.contains(groupColumn), "\(name)")
                for level in levels { #expect(found.contains(level), "\(name): \(level.debugDescription)") }
            case "inspection":
                for level in levels { #expect(found.contains(level), "\(name): warning \(level.debugDescription)") }
            default:
                for level in levels { #expect(found.contains { $0.contains(level) }, "\(name): \(level.debugDescription)") }
            }
        }
    }
}
