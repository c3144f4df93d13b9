import Testing
@testable import GlassboxCore

@Suite struct ProgressFormatTests {
    @Test func knownTotalShowsBarPercentCountRateAndETA() {
        // 78 of 150 at 12.3/s: 72 left → 5.85 s → 0:06; ⌊0.52·12⌋ = 6 cells.
        let line = ProgressFormat.line(task: "permutation importance", completed: 78, total: 150, unit: "repeats",
                                       elapsed: 78 / 12.3, barWidth: 12)
        #expect(line == "permutation importance  [██████░░░░░░]   52%  78/150 repeats  12.3/s  ETA 0:06")
    }

    @Test func unknownTotalShowsCountRateElapsedAndNoETA() {
        let line = ProgressFormat.line(task: "logistic fit", completed: 7, total: nil, unit: "iterations", elapsed: 3)
        #expect(line == "logistic fit  7 iterations  2.3/s  elapsed 0:03  ETA --")
    }

    @Test func zeroRateHasNoETA() {
        let line = ProgressFormat.line(task: "bootstrap", completed: 0, total: 1000, unit: "replicates", elapsed: 2, barWidth: 4)
        #expect(line == "bootstrap  [░░░░]    0%  0/1000 replicates  0.0/s  ETA --")
    }

    @Test func noElapsedTimeHasNoRate() {
        let line = ProgressFormat.line(task: "simulation", completed: 0, total: 20, unit: "blocks", elapsed: 0, barWidth: 4)
        #expect(line == "simulation  [░░░░]    0%  0/20 blocks  --/s  ETA --")
    }

    @Test func completeIsFullBarHundredPercentAndETAZero() {
        let line = ProgressFormat.line(task: "partial dependence", completed: 150, total: 150, unit: "grid points", elapsed: 10, barWidth: 12)
        #expect(line == "partial dependence  [████████████]  100%  150/150 grid points  15.0/s  ETA 0:00")
    }

    @Test func percentAndBarRoundDownSoOnlyDoneIsHundred() {
        let line = ProgressFormat.line(task: "t", completed: 1999, total: 2000, unit: "u", elapsed: 1999, barWidth: 10)
        #expect(line == "t  [█████████░]   99%  1999/2000 u  1.0/s  ETA 0:01")
    }

    @Test func largeCountsAndRatesUseSuffixes() {
        let line = ProgressFormat.line(task: "simulation", completed: 1_250_000, total: 5_000_000, unit: "rows", elapsed: 2, barWidth: 8)
        #expect(line == "simulation  [██░░░░░░]   25%  1.3M/5.0M rows  625.0k/s  ETA 0:06")
    }

    @Test func humanUnits() {
        #expect(ProgressFormat.humanCount(9_999) == "9999")
        #expect(ProgressFormat.humanCount(12_345) == "12.3k")
        #expect(ProgressFormat.humanCount(4_500_000) == "4.5M")
        #expect(ProgressFormat.humanCount(999_960) == "1.0M")
        #expect(ProgressFormat.humanCount(3_000_000_000) == "3.0G")
        #expect(ProgressFormat.humanRate(0.04) == "0.0")
        #expect(ProgressFormat.humanRate(0.05) == "0.1")
        #expect(ProgressFormat.humanRate(999.9) == "999.9")
        #expect(ProgressFormat.humanRate(999.96) == "1.0k")
        #expect(ProgressFormat.humanRate(1_500) == "1.5k")
    }

    @Test func durations() {
        #expect(ProgressFormat.duration(0) == "0:00")
        #expect(ProgressFormat.duration(59.4) == "0:59")
        #expect(ProgressFormat.duration(59.6) == "1:00")
        #expect(ProgressFormat.duration(605) == "10:05")
        #expect(ProgressFormat.duration(3_725) == "1:02:05")
        #expect(ProgressFormat.duration(.infinity) == "--")
        #expect(ProgressFormat.duration(-1) == "--")
    }

    @Test func bars() {
        #expect(ProgressFormat.bar(fraction: 0, width: 5) == "░░░░░")
        #expect(ProgressFormat.bar(fraction: 0.39, width: 5) == "█░░░░")
        #expect(ProgressFormat.bar(fraction: 1, width: 5) == "█████")
        #expect(ProgressFormat.bar(fraction: 1.5, width: 5) == "█████")
    }

    @Test func fittingCutsToTheTerminalWidth() {
        #expect(ProgressFormat.fitting("abcdef", columns: 4) == "abcd")
        #expect(ProgressFormat.fitting("abc", columns: 4) == "abc")
        #expect(ProgressFormat.fitting("abc", columns: 0) == "abc")
    }

    @Test func oneDecimalWritesValuesTooLargeForTenthsOrNotFiniteWithoutTrapping() {
        #expect(ProgressFormat.oneDecimal(12.34) == "12.3")
        #expect(ProgressFormat.oneDecimal(.nan) == "nan")
        #expect(ProgressFormat.oneDecimal(.infinity) == "inf")
        #expect(ProgressFormat.oneDecimal(1e20) == "1e+20")
        #expect(ProgressFormat.humanRate(1e30) == "1e+18T")
    }
}
