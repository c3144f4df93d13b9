import GlassboxAudit
import GlassboxReport

extension DemoCommand {
    /// How the demo names its seed list: the simulated file's donors, with race deliberately left out
    /// of the lookalike features.
    static let compositionWording = ReportSection.CompositionWording(
        seedList: "the donor seed list", seedMembers: "donors", nonSeeds: "non-donors", seedShareColumn: "Donor share",
        seedSeries: "donors (seed list)",
        context: "Race is not a feature: this asks whether the audience still has the population's racial make-up.")

    /// The report section for the demo lookalike audience's composition: ``ReportSection/composition(_:method:formula:size:minGroupSize:wording:id:title:)``
    /// in the demo's words.
    static func compositionSection(_ attributes: [CompositionAudit.Attribute], method: String, formula: String, size: Double,
                                   minGroupSize: Int) -> ReportSection {
        ReportSection.composition(attributes, method: method, formula: formula, size: size, minGroupSize: minGroupSize,
                                  wording: compositionWording)
    }
}
