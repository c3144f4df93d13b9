/// How scores become decisions.
public enum DecisionRule: Sendable, Equatable {
    /// Positive when `score >= t` (docs/conventions.md, "Decisions").
    case threshold(Double)
    /// The highest-scoring fraction `f` of the audited rows: k = round(f · n) rows (half away from
    /// zero; unweighted rows). Ties at the cut are broken deterministically by file order: every
    /// row scoring above the k-th highest score is selected, then the rows tied at that score are
    /// taken in the order they appear in the file until k rows are selected.
    case top(Double)
}

/// A resolved decision rule: row `i` with score `s` is positive when
/// `s > cut || (s == cut && i <= lastTiedRow)`.
package struct Decisions: Sendable, Equatable {
    /// The score at the cut (the threshold, or the k-th highest score for `--top`).
    package var cut: Double
    /// Rows tied at `cut` are positive up to this row index (`Int.max` for a threshold rule).
    package var lastTiedRow: Int
    /// For `--top`: the number of rows tied at the cut and how many of them were selected.
    package var tiedAtCut: Int = 0
    package var tiedSelected: Int = 0

    @inline(__always)
    package func isPositive(_ score: Double, row: Int) -> Bool {
        score > cut || (score == cut && row <= lastTiedRow)
    }

    /// Resolves `rule` on the audited scores: O(1) for a threshold; for `--top`, radix selection of the
    /// cut and a tie pass over the scores (``top(_:lanes:)``: at most 6 passes, one histogram, no sort).
    package static func resolve(_ rule: DecisionRule, scores: [Double]) throws -> Decisions {
        switch rule {
        case .threshold(let t):
            guard t.isFinite else { throw AuditError.invalidSetting("\(parameter: .threshold) must be a finite number, got \(t)") }
            return Decisions(cut: t, lastTiedRow: Int.max)
        case .top(let f):
            return try top(f, lanes: [scores[...]]).decisions
        }
    }
}
