import Foundation
import GlassboxCore
import GlassboxTabular

extension Table {
    /// `glassbox describe`'s lines for this table read from `path` (bytes hashing to `sha256`): a heading, then
    /// one line per column — its type, missing count and range/mean (`%g`) or level count with the most
    /// frequent levels (``ColumnSummary/listedLevels``, quoted, then "… and N more"). Names and levels go
    /// through `Escaping.terminal(_:)`; no row-level data is shown.
    public func descriptionLines(path: String, sha256: String) -> [String] {
        var lines = ["\(Escaping.terminal(path)): \(rowCount) rows, \(columnNames.count) columns, SHA-256 \(sha256)"]
        let summaries = columnSummaries
        let names = summaries.map { Escaping.terminal($0.name) }
        let width = max(8, (names.map(\.count).max() ?? 0) + 2)
        for (name, s) in zip(names, summaries) {
            let label = name.padding(toLength: width, withPad: " ", startingAt: 0)
            if let levels = s.levelCount {
                var listed = s.listedLevels.map { "\"" + Escaping.terminal($0) + "\"" }
                if !listed.isEmpty && listed.count < levels { listed.append("… and \(levels - listed.count) more") }
                lines.append("\(label)categorical  missing \(s.missing)  \(levels) levels" + (listed.isEmpty ? "" : ": " + listed.joined(separator: ", ")))
            } else {
                let stats = s.mean.map { String(format: "min %g, mean %g, max %g", s.minimum!, $0, s.maximum!) } ?? "all missing"
                lines.append("\(label)numeric      missing \(s.missing)  \(stats)")
            }
        }
        return lines
    }
}
