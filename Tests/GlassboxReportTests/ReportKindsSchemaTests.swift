import GlassboxAudit
import Foundation
import GlassboxCore
import GlassboxReport
import Testing

/// The sections of the uplift and lookalike reports that live in the Report module (the lookalike
/// composition and the persuasion targeting audit), rendered from real audits on seeded data with
/// hostile group strings: schema-valid JSON, suppression in table and chart, escaping.
@Suite("report kinds: composition and targeting sections")
struct ReportKindsSchemaTests {
    static let tinyGroup = ReportFixture.tinyGroup
    static let levels = [ReportFixture.script, ReportFixture.markdownLevel, "plain", "filler", tinyGroup].sorted()

    /// Five rows in the tiny group (suppressed), the next 40 in "filler" (its complementary cell).
    static func level(_ i: Int, _ g: inout SeededGenerator) -> String {
        let drawn = [ReportFixture.script, ReportFixture.markdownLevel, "plain"][g.nextInt(below: 3)]
        return i < 5 ? tinyGroup : i < 45 ? "filler" : drawn
    }

    /// 2,000 people; the audience (200) is drawn four times as often from the `<script>` group, the
    /// seed list from everyone; the tiny group has 5 rows (suppressed).
    static func composition() throws -> [CompositionAudit] {
        var g = SeededGenerator(seed: 5)
        var codes = [Int32](), seeds = [Bool](), weights = [Double]()
        for i in 0..<2000 {
            let level = Self.level(i, &g)
            codes.append(Int32(levels.firstIndex(of: level)!))
            seeds.append(g.nextBernoulli(0.05))
            weights.append((level == ReportFixture.script ? 4 : level == "filler" ? 8 : 1) * g.nextUniform())
        }
        let candidates = codes.indices.filter { !seeds[$0] }.sorted { weights[$0] > weights[$1] }
        var audience = [Bool](repeating: false, count: codes.count)
        for i in candidates.prefix(200) { audience[i] = true }
        var settings = AuditConfiguration()
        settings.bootstrap = 100
        settings.seed = 3
        return try CompositionAudit.run(attributes: [GroupAttribute(name: ReportFixture.groupColumn, levels: levels, codes: codes)],
                                    seeds: seeds, audience: audience, settings: settings)
    }

    static func targeting() throws -> TargetingReport {
        var g = SeededGenerator(seed: 8)
        var uplift = [Double](), outcomes = [Double](), treatment = [Double](), codes = [Int32]()
        for i in 0..<1500 {
            let level = Self.level(i, &g)
            codes.append(Int32(levels.firstIndex(of: level)!))
            let t = Double(i % 2), tau = level == "plain" ? 0.15 : 0.02
            treatment.append(t)
            uplift.append(tau + 0.05 * g.nextNormal())
            outcomes.append(g.nextBernoulli(0.4 + t * tau) ? 1 : 0)
        }
        var config = AuditConfiguration()
        config.bootstrap = 50
        config.metricBootstrap = 0
        config.seed = 2
        return try TargetingAudit.run(TargetingData(uplift: uplift, outcomes: outcomes, treatment: treatment,
                                                    attributes: [GroupAttribute(name: ReportFixture.groupColumn, levels: levels, codes: codes)]),
                                      configuration: config)
    }

    static func documents() throws -> [ReportDocument] {
        let manifest = Provenance(ReportFixture.manifest(ReportFixture.table(n: 10)))
        var lookalike = ReportDocument.combined(title: "Lookalike \(ReportFixture.script)", manifest: manifest)
        lookalike.sections.append(.composition(try composition(), method: "pu", formula: "~ a + b", size: 0.1, minGroupSize: 10,
                                               wording: .seedColumn(ReportFixture.img)))
        let persuasion = ReportDocument(targeting: try targeting(), treatment: "canvassed", uplift: "of a persuasion model", outcome: "voted",
                                        manifest: manifest)
        return [lookalike, persuasion]
    }

    @Test("lookalike and persuasion documents validate against the committed schema")
    func schema() throws {
        let validator = try JSONSchemaValidator(schemaAt: ReportFixture.root.appendingPathComponent("schemas/glassbox-report.schema.json"))
        for document in try Self.documents() {
            let parsed = try JSONSerialization.jsonObject(with: Data(document.json().utf8))
            let errors = validator.validate(parsed)
            #expect(errors.isEmpty, "\(document.title): \(errors.prefix(10))")
        }
    }

    @Test("the composition section: flagged group, suppressed tiny group, bars chart, escaped strings")
    func compositionSection() throws {
        let section = ReportSection.composition(try Self.composition(), method: "pu", formula: "~ a + b", size: 0.1, minGroupSize: 10,
                                                wording: .seedColumn("donor"))
        #expect(section.id == "lookalike-composition")
        let table = try #require(section.blocks.compactMap { b -> DataTable? in if case .table(let t) = b { return t }; return nil }.first)
        #expect(table.columns == ["Group", "Population share", "Seed-list share", "Audience share", "Audience ratio [interval]", "Verdict"])
        let script = try #require(table.rows.first { $0[0].text == ReportFixture.script })
        #expect(try #require(script[4].value) > 1.25)
        #expect(script[5].text.hasPrefix("fail (") && script[5].text.contains("over-represented"), "\(script[5].text)")
        let tiny = try #require(table.rows.first { $0[0].text == Self.tinyGroup })
        #expect(tiny.dropFirst().allSatisfy { $0.text == "suppressed" && $0.value == nil })
        let chart = try #require(section.blocks.compactMap { b -> Chart? in if case .chart(let c) = b { return c }; return nil }.first)
        #expect(chart.title == "Lookalike composition by \(ReportFixture.groupColumn)")
        #expect(chart.series.map(\.name) == ["population", "seed list", "lookalike audience"] && chart.series.allSatisfy { $0.mark == .bars })
        #expect(!chart.categories.contains(Self.tinyGroup))
        let document = try Self.documents()[0]
        let html = document.html(), md = document.markdown()
        #expect(!html.contains("<script") && !html.contains("<img") && html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(md.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && md.contains("tiny&lt;b&gt;group"))
    }
}
