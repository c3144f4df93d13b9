import ArgumentParser
import Foundation
import GlassboxCore
import GlassboxReport
import GlassboxTabular

enum DescribeFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

struct DescribeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe",
        abstract: "Read a CSV file and summarise its columns (type, missing values, range or levels).",
        discussion: "Prints no row-level data: only counts, ranges and, for categorical columns, the number of levels and up to 10 of the most frequent ones (levels held by fewer than 10 rows are only counted)."
    )

    @OptionGroup var input: DataOptions
    @Option(help: "Output format: text or json.")
    var format: DescribeFormat = .text

    @OptionGroup var display: ProgressOptions
    @Flag(help: "Print phase timings on stderr (for benchmarks).")
    var timings = false

    func run() throws {
        try runReportingErrors(usesBLAS: false) {
            var clock = Stopwatch()
            let csv = try input.read(progress: display.observer)
            clock.lap("read")
            switch format {
            case .text:
                // One write per line, as before: a closed stdout fails at the first line.
                for line in csv.table.descriptionLines(path: input.data, sha256: csv.sha256) { try writeLine(line) }
            case .json:
                try writeOutput(try csv.table.descriptionJSON(path: input.data, sha256: csv.sha256))
            }
            if timings { printError(clock.json) }
        }
    }
}
