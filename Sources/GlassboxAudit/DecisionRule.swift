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

    /// Resolves `rule` on the audited scores. O(n log n) for `--top` (one sort), O(1) for a threshold.
    package static func resolve(_ rule: DecisionRule, scores: [Double]) throws -> Decisions {
        switch rule {
        case .threshold(let t):
            guard t.isFinite else { throw AuditError.invalidSetting("\(parameter: .threshold) must be a finite number, got \(t)") }
            return Decisions(cut: t, lastTiedRow: Int.max)
        case .top(let f):
            guard f >= 0, f <= 1 else { throw AuditError.invalidSetting("\(parameter: .top) must be a fraction in [0, 1], got \(f)") }
            let k = Int((f * Double(scores.count)).rounded())
            guard k > 0 else { return Decisions(cut: .infinity, lastTiedRow: -1) }
            let sorted = scores.sorted(by: >)
            let cut = sorted[k - 1]
            var above = 0
            while above < sorted.count && sorted[above] > cut { above += 1 }
            var tied = above
            while tied < sorted.count && sorted[tied] == cut { tied += 1 }
            let wanted = k - above
            var seen = 0, last = -1
            for (i, s) in scores.enumerated() where s == cut {
                seen += 1
                if seen == wanted { last = i; break }
            }
            return Decisions(cut: cut, lastTiedRow: last, tiedAtCut: tied - above, tiedSelected: wanted)
        }
    }
}
