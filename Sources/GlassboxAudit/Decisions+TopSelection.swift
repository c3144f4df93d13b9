import GlassboxCore
import GlassboxMetrics

extension Decisions {
    /// Digit width of the `--top` selection: 16 bits, so the cut is found in at most ⌈64 / 16⌉ = 4
    /// selection passes with one histogram of 2¹⁶ digits (1.5 MB) at a time.
    package static let topDigitBits = 16

    /// The `--top` decisions of `lanes` (the audited scores in file order, cut into consecutive runs of
    /// rows: one array, a streamed source's chunks or a cache's pages) and the passes over the scores it
    /// took, without sorting or copying them.
    ///
    /// With n rows and k = round(f · n): the cut is the score of ascending rank n − k, found by radix
    /// selection on the scores' ``OrderedKey``s (``KeySelectionTarget``; a first pass finds the smallest
    /// and largest key, then at most ``topDigitBits``-bit digit passes: ≤ 4); the selection also counts
    /// the rows below the cut and tied with it, so the rows above it are n − below − tied and the tied
    /// rows wanted are k − above. A last pass finds, in file order, the row holding the wanted-th tied
    /// score: it is `lastTiedRow`, and its score is the cut (of ±0, the zero a stable descending sort puts
    /// at position k: the wanted-th tied zero in file order). Memory: one histogram, whatever n.
    ///
    /// - Throws: ``AuditError/invalidSetting(_:)`` when `fraction` is outside [0, 1] or a score is NaN
    ///   (NaN has no rank; the audit drops rows with a missing score before).
    package static func top<Lane: Collection>(_ fraction: Double, lanes: [Lane]) throws
        -> (decisions: Decisions, selectionPasses: Int, passes: Int) where Lane.Element == Double {
        guard fraction >= 0, fraction <= 1 else {
            throw AuditError.invalidSetting("\(parameter: .top) must be a fraction in [0, 1], got \(fraction)")
        }
        let n = lanes.reduce(0) { $0 + $1.count }
        let k = Int((fraction * Double(n)).rounded())
        guard k > 0 else { return (Decisions(cut: .infinity, lastTiedRow: -1), 0, 0) }

        // Pass 1: the smallest and largest key (and no NaN).
        var minimum = UInt64.max, maximum = UInt64.min
        for lane in lanes {
            for s in lane {
                guard !s.isNaN else { throw AuditError.invalidSetting("\(parameter: .top) cannot rank a NaN score") }
                let key = OrderedKey.key(s)
                minimum = min(minimum, key)
                maximum = max(maximum, key)
            }
        }
        // Selection passes: the key of ascending rank n − k (the k-th highest score).
        var target = KeySelectionTarget(rank: n - k, count: n, minimumKey: minimum, maximumKey: maximum)
        var selectionPasses = 0
        while var histogram = target.nextHistogram(digitBits: topDigitBits) {
            for lane in lanes {
                for s in lane { histogram.add(OrderedKey.key(s)) }
            }
            target.descend(histogram)
            selectionPasses += 1
        }
        guard let cutKey = target.key else { preconditionFailure("a resolved target has a key") }
        let above = n - target.countBelow - target.tied
        let wanted = k - above

        // Tie pass: the wanted-th row tied at the cut, in file order.
        var row = 0, seen = 0
        for lane in lanes {
            for s in lane {
                if OrderedKey.key(s) == cutKey {
                    seen += 1
                    if seen == wanted {
                        let decisions = Decisions(cut: s, lastTiedRow: row, tiedAtCut: target.tied, tiedSelected: wanted)
                        return (decisions, selectionPasses, selectionPasses + 2)
                    }
                }
                row += 1
            }
        }
        preconditionFailure("the scores changed between passes")
    }
}
