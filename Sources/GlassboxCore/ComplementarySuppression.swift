/// Small-cell protection of published tables: primary suppression of small cells plus complementary
/// (secondary) suppression, as statistical agencies do (Hundepool et al., *Statistical Disclosure
/// Control*, 2012, §5.2; Cox 1980).
///
/// A published table is described by its cells (a group of an audited attribute, an intersection
/// cell, …) and by the additive equations that hold between published numbers: every count of a
/// cell (rows, confusion counts, targeted rows, responders, …) obeys the same equations. An equation
/// says that the `members` add up to the `total` — another cell, or (`total == nil`) a number that is
/// always published, such as the count over all rows. For example the groups of one attribute add up
/// to the overall row; the intersection cells whose first component is `Black` add up to the group
/// `Black`.
///
/// The rule, applied until nothing changes:
/// 1. **Linear derivation.** The suppressed cells are the unknowns of the equations (every other cell
///    and every `nil` total is known). A suppressed cell whose count is a linear combination of known
///    numbers (its unit vector lies in the row space of the equations restricted to the unknowns — e.g.
///    "overall minus the shown groups" when it is the only suppressed group, or "parent minus its shown
///    siblings") is *determined*; then the unsuppressed cell with the fewest rows (ties: the first in
///    table order) among the members of the equations through it is suppressed too, preferring
///    `eligible` cells (the audit's reference group is not eligible) and, failing members, a suppressed
///    cell's parent (an equation's `total`).
/// 2. **Zero totals.** In an equation whose total is published, when the suppressed members of the
///    equation add up to 0 in one of the cell's `quantities` (say, no true positive among them), each of
///    them is known to be 0 there; then the smallest unsuppressed member with a positive value of that
///    quantity is suppressed too. (When the published total is itself 0, every member is 0 and is shown
///    as such by the total: that cannot be hidden without hiding the total.)
///
/// Guarantee: no suppressed cell's count is a linear function of the published counts, and no
/// suppressed cell is known to be zero through a zero sum — so "overall minus shown", "parent minus
/// siblings", and n × rate products give only sums of two or more unknown cells. Not guaranteed: a
/// minimum width of the interval an intruder can derive with bounds (no "protection level" is
/// enforced), which is why every suppressed cell is shown the same way, whether primary or
/// complementary. Complexity: O(iterations × equations × unknowns × min(equations, unknowns)).
package enum ComplementarySuppression {
    /// One additive relation between published cells: Σ members = total.
    package struct Equation: Sendable, Equatable {
        /// Index of the cell the members add up to; nil when the total is always published.
        package var total: Int?
        package var members: [Int]
        package init(total: Int?, members: [Int]) {
            self.total = total
            self.members = members
        }
    }

    /// The suppression pattern: `primary` (the small cells) plus the complementary cells.
    /// - Parameters:
    ///   - primary: cells suppressed because they are small.
    ///   - rows: the rows of each cell (the complementary choice takes the smallest).
    ///   - eligible: cells that may be chosen as complementary ones (all when nil); others only when
    ///     nothing else protects the cell.
    ///   - quantities: per cell, the additive counts checked for zero sums (e.g. TP, FP, TN, FN).
    ///   - equations: the table's additive relations.
    /// - Returns: `suppressed[i]` for every cell, and `protected`, false when some suppressed cell
    ///   remains determined whatever else is suppressed (only when a whole equation is one small cell
    ///   equal to an always-published total).
    package static func pattern(primary: [Bool], rows: [Int], eligible: [Bool]? = nil, quantities: [[Double]] = [],
                               equations: [Equation]) -> (suppressed: [Bool], protected: Bool) {
        var s = primary
        guard s.contains(true) else { return (s, true) }
        let cells = s.count
        let through = equationsThrough(cells: cells, equations: equations)
        for _ in 0...cells {
            let determined = determinedCells(s, equations: equations)
            if !determined.isEmpty {
                var added = false, stuck = false
                for x in determined {
                    var members = [Int](), totals = [Int]()
                    for e in through[x] {
                        members += equations[e].members.filter { !s[$0] }
                        if let t = equations[e].total, !s[t] { totals.append(t) }
                    }
                    let pick = smallest(members.filter { eligible?[$0] ?? true }, rows) ?? smallest(members, rows) ?? smallest(totals, rows)
                    if let pick { s[pick] = true; added = true } else { stuck = true }
                }
                if added { continue }
                if stuck { return (s, false) }
            }
            if let pick = zeroFix(s, rows: rows, eligible: eligible, quantities: quantities, equations: equations) {
                s[pick] = true
                continue
            }
            return (s, true)
        }
        return (s, determinedCells(s, equations: equations).isEmpty)
    }

    /// Suppressed cells whose value is a linear combination of known numbers (RREF test: the cell's
    /// column is a pivot whose row has no other non-zero entry).
    package static func determinedCells(_ s: [Bool], equations: [Equation]) -> [Int] {
        let unknowns = s.indices.filter { s[$0] }
        guard !unknowns.isEmpty else { return [] }
        var column = [Int: Int]()
        for (k, u) in unknowns.enumerated() { column[u] = k }
        var matrix = [[Double]]()
        for e in equations {
            var row = [Double](repeating: 0, count: unknowns.count), any = false
            for m in e.members { if let k = column[m] { row[k] += 1; any = true } }
            if let t = e.total, let k = column[t] { row[k] -= 1; any = true }
            if any { matrix.append(row) }
        }
        // Reduced row echelon form. Entries stay small integers for these network-like systems;
        // 1e-9 separates them from rounding noise.
        var pivotRow = 0
        var pivots = [(row: Int, column: Int)]()
        for c in 0..<unknowns.count where pivotRow < matrix.count {
            guard let p = (pivotRow..<matrix.count).first(where: { abs(matrix[$0][c]) > 1e-9 }) else { continue }
            matrix.swapAt(pivotRow, p)
            let scale = matrix[pivotRow][c]
            for j in 0..<unknowns.count { matrix[pivotRow][j] /= scale }
            for r in 0..<matrix.count where r != pivotRow && abs(matrix[r][c]) > 1e-9 {
                let f = matrix[r][c]
                for j in 0..<unknowns.count { matrix[r][j] -= f * matrix[pivotRow][j] }
            }
            pivots.append((pivotRow, c))
            pivotRow += 1
        }
        return pivots.filter { p in
            (0..<unknowns.count).allSatisfy { j in j == p.column || abs(matrix[p.row][j]) <= 1e-9 }
        }.map { unknowns[$0.column] }
    }

    static func zeroFix(_ s: [Bool], rows: [Int], eligible: [Bool]?, quantities: [[Double]], equations: [Equation]) -> Int? {
        guard let width = quantities.first?.count else { return nil }
        for e in equations where e.total.map({ !s[$0] }) ?? true {
            let hidden = e.members.filter { s[$0] }
            guard !hidden.isEmpty else { continue }
            for q in 0..<width where hidden.allSatisfy({ quantities[$0][q] == 0 }) {
                let positive = e.members.filter { !s[$0] && quantities[$0][q] > 0 }
                if let pick = smallest(positive.filter { eligible?[$0] ?? true }, rows) ?? smallest(positive, rows) { return pick }
            }
        }
        return nil
    }

    static func equationsThrough(cells: Int, equations: [Equation]) -> [[Int]] {
        var through = [[Int]](repeating: [], count: cells)
        for (k, e) in equations.enumerated() {
            for m in e.members { through[m].append(k) }
            if let t = e.total { through[t].append(k) }
        }
        return through
    }

    static func smallest(_ candidates: [Int], _ rows: [Int]) -> Int? {
        candidates.min { rows[$0] != rows[$1] ? rows[$0] < rows[$1] : $0 < $1 }
    }
}
