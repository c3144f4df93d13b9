import Audit
import Foundation
import Report

extension DemoCommand {
    /// The report section for a lookalike audience's composition (``CompositionAudit``): per group the
    /// population, seed-list and audience shares, the representation ratio audience share ÷ population
    /// share with its bootstrap interval and 80 %-rule verdict, and a chart of the shares. Suppressed
    /// groups appear by name only.
    static func compositionSection(_ attributes: [CompositionAudit.Attribute], method: String, formula: String, size: Double,
                                   minGroupSize: Int) -> ReportSection {
        func f(_ x: Double?, _ digits: Int = 3) -> String { x.map { String(format: "%.\(digits)f", $0) } ?? "–" }
        var blocks: [ReportBlock] = [
            .paragraph("Lookalike model (\(method)) from the donor seed list with features \(formula); the audience is the top \(f(size * 100, 0)) % of non-donors by lookalike score. Race is not a feature: this asks whether the audience still has the population's racial make-up. Representation ratio = audience share ÷ population share; the 80 % rule passes within [0.8, 1.25]."),
            .note(Note(.privacy, "Groups with fewer than \(minGroupSize) rows in the population or the audience are suppressed.")),
        ]
        for a in attributes {
            blocks.append(.heading("Composition by \(a.name)"))
            blocks.append(.table(DataTable(
                caption: "Population, donors and lookalike audience by \(a.name)",
                columns: ["Group", "Population share", "Donor share", "Audience share", "Audience ratio [interval]", "Verdict"],
                numeric: [false, true, true, true, false, false],
                rows: a.groups.map { g in
                    if g.suppressed { return [DataTable.Cell(g.value)] + Array(repeating: DataTable.Cell("suppressed"), count: 5) }
                    var ratio = f(g.audienceRatio)
                    if let lo = g.ciLower, let hi = g.ciUpper { ratio += " [\(f(lo)), \(f(hi))]" }
                    return [DataTable.Cell(g.value), DataTable.Cell(f(g.populationShare, 4), value: g.populationShare),
                            DataTable.Cell(f(g.seedShare, 4), value: g.seedShare), DataTable.Cell(f(g.audienceShare, 4), value: g.audienceShare),
                            DataTable.Cell(ratio, value: g.audienceRatio), DataTable.Cell((g.verdict ?? "–") + (g.flag.map { " (\($0))" } ?? ""))]
                })))
            if let chi = a.chiSquare, let df = a.degreesOfFreedom {
                blocks.append(.keyValues([KeyValue("Chi-square against population shares", "\(f(chi, 1)) on \(df) df, p = \(a.pValue.map { String(format: "%.3g", $0) } ?? "–")")]))
            }
            let visible = a.groups.filter { !$0.suppressed }
            if !visible.isEmpty {
                func bars(_ name: String, _ share: (CompositionAudit.Group) -> Double?, color: Int) -> ChartSeries {
                    ChartSeries(name: name, mark: .bars, points: visible.enumerated().compactMap { k, g in
                        share(g).map { ChartPoint(x: $0, y: 0, category: k) }
                    }, colorIndex: color)
                }
                blocks.append(.chart(Chart(
                    title: "Lookalike composition by \(a.name)", xLabel: "Share", yLabel: "Group", layout: .rows,
                    categories: visible.map(\.value),
                    series: [bars("population", \.populationShare, color: 5), bars("donors (seed list)", \.seedShare, color: 3),
                             bars("lookalike audience", \.audienceShare, color: 1)],
                    caption: "Each group's share of the population, of the donor seed list and of the expanded audience.")))
            }
        }
        return ReportSection(id: "lookalike-composition", title: "Lookalike audience composition", blocks: blocks)
    }
}
