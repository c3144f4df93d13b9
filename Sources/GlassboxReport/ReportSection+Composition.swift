import GlassboxAudit
import Foundation

extension ReportSection {
    /// The words a composition section uses for the seed list and the rows that are not on it, so a
    /// report can speak of "donors" when it knows what the seed list is.
    package struct CompositionWording: Sendable, Equatable {
        /// The seed list as a noun phrase with its article ("the donor seed list").
        package var seedList: String
        /// The seed list's members, plural ("donors").
        package var seedMembers: String
        /// The rows the audience is drawn from ("non-donors").
        package var nonSeeds: String
        /// Header of the seed-list share column ("Donor share").
        package var seedShareColumn: String
        /// Legend of the seed-list bars ("donors (seed list)").
        package var seedSeries: String
        /// An optional sentence saying what the check asks, placed after the audience definition.
        package var context: String?

        package init(seedList: String, seedMembers: String, nonSeeds: String, seedShareColumn: String, seedSeries: String, context: String? = nil) {
            self.seedList = seedList
            self.seedMembers = seedMembers
            self.nonSeeds = nonSeeds
            self.seedShareColumn = seedShareColumn
            self.seedSeries = seedSeries
            self.context = context
        }

        /// Neutral wording for a seed list known only by its column name.
        package static func seedColumn(_ name: String) -> CompositionWording {
            CompositionWording(seedList: "the seed list (column \(name))", seedMembers: "seed list", nonSeeds: "rows not on the seed list",
                               seedShareColumn: "Seed-list share", seedSeries: "seed list",
                               context: "The groups are attributes the audience was not selected on: this asks whether the audience still has the population's make-up.")
        }
    }

    /// The report section for a lookalike audience's composition (``CompositionAudit``): per attribute
    /// and group the population, seed-list and audience shares, the representation ratio
    /// audience share ÷ population share with its bootstrap percentile interval and the 80 %-rule
    /// verdict (pass within [0.8, 1.25], as Aequitas), Pearson's chi-square goodness-of-fit test of the
    /// audience's counts against the population shares, and a bar chart of the three shares per group
    /// ("lookalike composition bars").
    ///
    /// Privacy: suppressed groups (fewer than `minGroupSize` rows in the population or the audience)
    /// appear by name only, in the table and never in the chart.
    ///
    /// - Parameters:
    ///   - attributes: the composition audit's result.
    ///   - method: the lookalike method's name (`pu`, `logistic`, `similarity`).
    ///   - formula: the model's feature formula.
    ///   - size: the audience as a share of the rows not on the seed list.
    ///   - minGroupSize: the suppression threshold the audit used (stated in the privacy note).
    ///   - wording: how the seed list is named.
    package static func composition(_ attributes: [CompositionAudit], method: String, formula: String, size: Double,
                                   minGroupSize: Int, wording: CompositionWording, id: String = "lookalike-composition",
                                   title: String = "Lookalike audience composition") -> ReportSection {
        func f(_ x: Double?, _ digits: Int = 3) -> String { x.map { String(format: "%.\(digits)f", $0) } ?? "–" }
        let context = wording.context.map { $0 + " " } ?? ""
        var blocks: [ReportBlock] = [
            .paragraph("Lookalike model (\(method)) from \(wording.seedList) with features \(formula); the audience is the top \(f(size * 100, 0)) % of \(wording.nonSeeds) by lookalike score. \(context)Representation ratio = audience share ÷ population share; the 80 % rule passes within [0.8, 1.25]."),
            .note(Note(.privacy, "Groups with fewer than \(minGroupSize) rows in the population or the audience are suppressed, and so are the smallest other groups needed so that none of them can be derived from the totals (complementary suppression); a seed count under \(minGroupSize) is hidden the same way.")),
        ]
        for a in attributes {
            blocks.append(.heading("Composition by \(a.name)"))
            blocks.append(.table(DataTable(
                caption: "Population, \(wording.seedMembers) and lookalike audience by \(a.name)",
                columns: ["Group", "Population share", wording.seedShareColumn, "Audience share", "Audience ratio [interval]", "Verdict"],
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
                    series: [bars("population", \.populationShare, color: 5), bars(wording.seedSeries, \.seedShare, color: 3),
                             bars("lookalike audience", \.audienceShare, color: 1)],
                    caption: "Each group's share of the population, of \(wording.seedList) and of the expanded audience.")))
            }
        }
        return ReportSection(id: id, title: title, blocks: blocks)
    }
}
