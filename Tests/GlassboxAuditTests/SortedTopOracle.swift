@testable import GlassboxAudit

/// The sort-based `--top` resolver `Decisions.resolve` used before the radix selection (bounded-audit
/// step 2c), verbatim: the oracle the selection must equal, cut bits included.
enum SortedTopOracle {
    static func resolve(_ f: Double, scores: [Double]) throws -> Decisions {
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
