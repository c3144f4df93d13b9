extension DesignLevels {
    /// Most rows a count of a distributed or streamed fit may hold (2^53: more rows than any file, and
    /// every count stays exact as a `Double`). Partial and state files come from other machines: a count
    /// above it is refused before any addition could overflow.
    package static let maximumRowCount = 1 << 53

    /// Why these counts cannot come from a read (a count below 0 or above ``maximumRowCount``, more
    /// rows kept than read), or nil when they can.
    package var countsProblem: String? {
        let bound = Self.maximumRowCount
        guard (0...bound).contains(rowsRead) else { return "\(rowsRead) rows read, outside 0…\(bound)" }
        guard (0...rowsRead).contains(rowsKept) else { return "\(rowsKept) rows kept of \(rowsRead) read" }
        if let (name, count) = missingByColumn.first(where: { !(0...bound).contains($0.value) }) {
            return "\(count) rows missing in '\(name)', outside 0…\(bound)"
        }
        return nil
    }
}
