import ArgumentParser
import Foundation
import GlassboxCore
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
            let table = csv.table
            try writeLine("\(Escaping.terminal(input.data)): \(table.rowCount) rows, \(table.columnNames.count) columns, SHA-256 \(csv.sha256)")
            // Column names come from the file: shown through Escaping.terminal (no escape sequences).
            let names = table.columnNames.map(Escaping.terminal)
            let width = max(8, (names.map(\.count).max() ?? 0) + 2)
            for (name, column) in zip(names, table.columns) {
                let label = name.padding(toLength: width, withPad: " ", startingAt: 0)
                switch column {
                case .numeric(let values):
                    var lo = Double.infinity, hi = -Double.infinity, sum = 0.0, count = 0
                    for v in values where !v.isNaN { lo = min(lo, v); hi = max(hi, v); sum += v; count += 1 }
                    let stats = count > 0 ? String(format: "min %g, mean %g, max %g", lo, sum / Double(count), hi) : "all missing"
                    try writeLine("\(label)numeric      missing \(column.missingCount)  \(stats)")
                case .categorical(let c):
                    try writeLine("\(label)categorical  missing \(column.missingCount)  \(c.levels.count) levels")
                }
            }
            if timings { printError(clock.json) }
        }
    }
}
