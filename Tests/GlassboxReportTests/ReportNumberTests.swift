import Testing
@testable import GlassboxReport

/// The one number formatter of the reports. The copies the uplift and lookalike report sections kept (the
/// CLI's `ReportFigure`, then `LookalikeFigure` and a private helper) wrote exactly zero as "0.0000" /
/// "0.000000" and infinities as "–"; they are gone, so an L1-zeroed coefficient reads "0" and an overflowing
/// odds ratio "∞" (end to end: `ReportNumberFormatTests`).
@Suite("report numbers")
struct ReportNumberTests {
    @Test("zero, infinities, NaN and nil")
    func specialValues() {
        #expect(ReportNumber.text(0) == "0")
        #expect(ReportNumber.text(0, 6) == "0")
        #expect(ReportNumber.text(-0.0, 6) == "0")
        #expect(ReportNumber.text(.infinity) == "∞")
        #expect(ReportNumber.text(-.infinity, 6) == "−∞")
        #expect(ReportNumber.text(.nan) == "–")
        #expect(ReportNumber.text(nil) == "–")
    }

    @Test("fixed decimals, and scientific notation for tiny and huge magnitudes")
    func ordinaryValues() {
        #expect(ReportNumber.text(0.123456) == "0.1235")
        #expect(ReportNumber.text(0.123456, 6) == "0.123456")
        #expect(ReportNumber.text(20, 0) == "20")
        #expect(ReportNumber.text(0.00001) == "1.000e-05")
        #expect(ReportNumber.text(2e9, 6) == "2.00000e+09")
    }

    @Test("cells keep the finite value for the JSON and show the same text")
    func cells() {
        let zero = ReportNumber.cell(0, 6), infinite = ReportNumber.cell(.infinity, 6)
        #expect(zero.text == "0" && zero.value == 0)
        #expect(infinite.text == "∞" && infinite.value == nil)
    }
}
