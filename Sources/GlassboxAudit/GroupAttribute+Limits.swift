import GlassboxCore

/// The bounds of an audit's groups (docs/design/bounded-audit.md §2, first two rows; docs/metrics.md): every
/// group is tallied, ranked and reported, so an attribute of a hundred thousand labels (an id column given as a
/// group by mistake, or a hostile partial) would make an audit of that many groups. Refused instead, naming the
/// attribute, the count and the limit.
extension GroupAttribute {
    /// Most labels one attribute may have, `(missing)` included: 65,535.
    package static let maximumLabels = 65_535
    /// Most cells present in an intersection of attributes: 2²⁰.
    package static let maximumCells = 1 << 20

    /// Checks every attribute's label count against ``maximumLabels``.
    /// - Throws: ``AuditError/tooManyLabels(attribute:count:limit:)`` for the first attribute beyond it.
    package static func checkLabelCounts(_ attributes: [GroupAttribute]) throws {
        for attribute in attributes { try checkLabelCount(attribute.levels.count, of: attribute.name) }
    }

    /// Checks `count` labels of the attribute `name` against ``maximumLabels``.
    package static func checkLabelCount(_ count: Int, of name: String) throws {
        guard count > maximumLabels else { return }
        throw AuditError.tooManyLabels(attribute: name, count: count, limit: maximumLabels)
    }

    /// The intersection of several attributes: one group per combination that occurs, labelled by the component
    /// labels joined with `:`, ordered by the components' level order (lexicographically by their codes).
    ///
    /// Built one attribute at a time — the cells present of the first two, then of those and the third, … — so every
    /// key is a cell index times a label count (no product of all label counts, which overflows for a few large
    /// attributes), and label texts are made only once the count is known to be within `maximumCells`.
    /// - Throws: ``AuditError/tooManyCells(attribute:count:limit:)`` when more than `maximumCells` combinations occur.
    package static func intersection(of parts: [GroupAttribute], maximumCells: Int = maximumCells) throws -> GroupAttribute {
        precondition(!parts.isEmpty)
        let name = parts.map(\.name).joined(separator: ":")
        let n = parts[0].codes.count
        var cells = parts[0].codes.map(Int.init)
        var cellCount = 0
        // Per step, each new cell's parent cell and its code in the step's attribute.
        var steps = [(parent: [Int], code: [Int])]()
        var firstCodes = [Int]()
        var first = true
        for part in parts {
            let width = part.levels.count
            var keys = Set<Int>()
            if first {
                for i in 0..<n { keys.insert(cells[i]) }
            } else {
                for i in 0..<n {
                    cells[i] = cells[i] * width + Int(part.codes[i])
                    keys.insert(cells[i])
                }
            }
            let sorted = keys.sorted()
            var index = [Int: Int](minimumCapacity: sorted.count)
            for (j, key) in sorted.enumerated() { index[key] = j }
            for i in 0..<n { cells[i] = index[cells[i]]! }
            if first {
                firstCodes = sorted
                first = false
            } else {
                steps.append((sorted.map { $0 / width }, sorted.map { $0 % width }))
            }
            cellCount = sorted.count
        }
        guard cellCount <= maximumCells else { throw AuditError.tooManyCells(attribute: name, count: cellCount, limit: maximumCells) }
        var labels = firstCodes.map { parts[0].levels[$0] }
        for (k, step) in steps.enumerated() {
            let levels = parts[k + 1].levels
            labels = zip(step.parent, step.code).map { labels[$0] + ":" + levels[$1] }
        }
        return GroupAttribute(name: name, levels: labels, codes: cells.map { Int32($0) })
    }
}
