import GlassboxCore

/// Which groups of an audit are suppressed: those under the minimum size (primary) and the
/// complementary ones that keep the primary ones from being derived (``GlassboxCore/ComplementarySuppression``).
///
/// The published equations of an audit: the groups of each attribute add up to the overall row, and,
/// with `--intersect`, the intersection cells sharing a level of one component attribute add up to
/// that level's group. Bias, targeting and composition audits use the same rule.
enum GroupSuppression {
    struct Result {
        /// `suppressed[a][g]`.
        var suppressed: [[Bool]]
        /// Groups suppressed only to protect small ones.
        var complementary: Int
    }

    /// - Parameters:
    ///   - attributes: the audited attributes; when `intersected`, the last is the intersection of the others.
    ///   - rows: `rows[a][g]`.
    ///   - eligible: `eligible[a][g]` (reference groups are not).
    ///   - quantities: `quantities[a][g]`, additive counts checked for zero sums.
    static func pattern(attributes: [GroupAttribute], intersected: Bool, rows: [[Int]], eligible: [[Bool]]? = nil,
                        quantities: [[[Double]]], minimum: Int) -> Result {
        var offsets = [Int](), cells = 0
        for a in attributes.indices { offsets.append(cells); cells += rows[a].count }
        var equations = attributes.indices.map { a in ComplementarySuppression.Equation(total: nil, members: rows[a].indices.map { offsets[a] + $0 }) }
        if intersected, attributes.count >= 3 {
            let last = attributes.count - 1
            let cross = attributes[last]
            for c in 0..<last {
                // Component level of every intersection cell, read off the rows.
                var level = [Int](repeating: -1, count: cross.levels.count)
                for (i, k) in cross.codes.enumerated() where level[Int(k)] < 0 { level[Int(k)] = Int(attributes[c].codes[i]) }
                var members = [[Int]](repeating: [], count: attributes[c].levels.count)
                for (k, l) in level.enumerated() where l >= 0 { members[l].append(offsets[last] + k) }
                for (l, m) in members.enumerated() where !m.isEmpty {
                    equations.append(.init(total: offsets[c] + l, members: m))
                }
            }
        }
        let flatRows = rows.flatMap { $0 }
        let primary = flatRows.map { $0 < minimum }
        let (suppressed, _) = ComplementarySuppression.pattern(primary: primary, rows: flatRows, eligible: eligible?.flatMap { $0 },
                                                                quantities: quantities.flatMap { $0 }, equations: equations)
        let complementary = zip(primary, suppressed).filter { !$0 && $1 }.count
        return Result(suppressed: attributes.indices.map { a in rows[a].indices.map { suppressed[offsets[a] + $0] } },
                      complementary: complementary)
    }
}

extension GroupSuppression {
    /// The warning for an attribute with suppressed groups. It does not say which (or how many) are
    /// complementary: that would tell which suppressed groups are small, narrowing their counts.
    static func warning(_ attribute: String, count: Int, minimum: Int) -> String {
        "\(attribute): \(count) group(s) suppressed (fewer than \(minimum) rows, or hidden with them so that no small group's counts "
            + "can be derived from the totals)"
    }

    /// The warnings of one attribute's groups, given as (value, suppressed, unreliable): the shown groups
    /// with fewer than `unreliableBelow` rows (their `measures` are unreliable), then the suppressed count.
    static func warnings(_ attribute: String, groups: [(value: String, suppressed: Bool, unreliable: Bool)], unreliableBelow: Int,
                         minimum: Int, measures: String) -> [String] {
        var warnings = [String]()
        let small = groups.filter { !$0.suppressed && $0.unreliable }.map(\.value)
        if !small.isEmpty {
            warnings.append("\(attribute): group(s) \(small.joined(separator: ", ")) have fewer than \(unreliableBelow) rows; their \(measures) are unreliable")
        }
        let suppressedCount = groups.filter(\.suppressed).count
        if suppressedCount > 0 { warnings.append(warning(attribute, count: suppressedCount, minimum: minimum)) }
        return warnings
    }
}
