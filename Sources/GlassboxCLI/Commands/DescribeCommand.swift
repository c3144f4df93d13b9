import ArgumentParser
import Foundation
import GlassboxCore
import GlassboxReport
import GlassboxTabular

struct DescribeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe",
        abstract: "Read a CSV file and summarise its columns (type, missing values, range or levels).",
        discussion: "Prints no row-level data: only counts, ranges and, for categorical columns, the number of levels."
    )

    @OptionGroup var input: DataOptions

    @OptionGroup var display: ProgressOptions
    @Flag(help: "Print phase timings on stderr (for benchmarks).")
    var timings = false

    func run() throws {
        try runReportingErrors(usesBLAS: false) {
            var clock = Stopwatch()
            let csv = try input.read(progress: display.observer)
            clock.lap("read")
            // One write per line, as before: a closed stdout fails at the first line.
            for line in csv.table.descriptionLines(path: input.data, sha256: csv.sha256) { try writeLine(line) }
            if timings { printError(clock.json) }
        }
    }
}
