/// Rows ordered by predicted uplift, highest first, and cut where the score changes: the shape every
/// scikit-uplift curve is computed from (`np.argsort(uplift, kind="mergesort")[::-1]`, then one curve
/// point per distinct score, so tied rows always enter the curve together).
///
/// Built once in O(n log n); per-group sums for any row multiplicities (a bootstrap resample) then
/// cost O(n), which is what makes bootstrap intervals for the Qini and AUUC affordable.
struct UpliftTieGroups: Sendable {
    /// Row indices in scikit-uplift's order: descending score; among equal scores, the later row first.
    let order: [Int]
    /// `groupEnds[g]` is one past the last position (in `order`) of tie group `g`.
    let groupEnds: [Int]

    /// Orders `uplift` as scikit-uplift does. NaN scores are not allowed (checked by the callers).
    init(uplift: [Double]) {
        // A stable ascending sort reversed equals scikit-uplift's descending mergesort order.
        let ascending = uplift.indices.sorted { a, b in uplift[a] < uplift[b] || (uplift[a] == uplift[b] && a < b) }
        order = ascending.reversed()
        var ends = [Int]()
        for position in 1..<max(1, order.count) where uplift[order[position]] != uplift[order[position - 1]] {
            ends.append(position)
        }
        if !order.isEmpty { ends.append(order.count) }
        groupEnds = ends
    }

    /// Cumulative counts at the end of each tie group: rows, treated rows, treated responders and
    /// control responders, each row counted `multiplicity[row]` times (1 when nil).
    func cumulativeCounts(outcomes: [Double], treatment: [Double], multiplicity: [Double]? = nil) -> UpliftCumulativeCounts {
        var counts = UpliftCumulativeCounts(capacity: groupEnds.count)
        var n = 0.0, nT = 0.0, yT = 0.0, yC = 0.0
        var position = 0
        for end in groupEnds {
            while position < end {
                let row = order[position]
                let w = multiplicity?[row] ?? 1
                n += w
                if treatment[row] == 1 {
                    nT += w
                    yT += w * outcomes[row]
                } else {
                    yC += w * outcomes[row]
                }
                position += 1
            }
            counts.append(all: n, treated: nT, treatedResponders: yT, controlResponders: yC)
        }
        return counts
    }
}

/// Running totals at each curve threshold (scikit-uplift's `num_all`, `num_trmnt`, `y_trmnt`, `y_ctrl`).
struct UpliftCumulativeCounts: Sendable {
    var all: [Double] = []
    var treated: [Double] = []
    var treatedResponders: [Double] = []
    var controlResponders: [Double] = []

    init(capacity: Int) {
        all.reserveCapacity(capacity)
        treated.reserveCapacity(capacity)
        treatedResponders.reserveCapacity(capacity)
        controlResponders.reserveCapacity(capacity)
    }

    mutating func append(all n: Double, treated nT: Double, treatedResponders yT: Double, controlResponders yC: Double) {
        all.append(n)
        treated.append(nT)
        treatedResponders.append(yT)
        controlResponders.append(yC)
    }

    /// Qini curve values yT − yC·(nT/nC), with the ratio taken as 0 where nC = 0, prefixed by (0, 0).
    var qini: UpliftCurve {
        var y = [0.0]
        y.reserveCapacity(all.count + 1)
        for i in all.indices {
            let nC = all[i] - treated[i]
            y.append(treatedResponders[i] - controlResponders[i] * (nC != 0 ? treated[i] / nC : 0))
        }
        return UpliftCurve(x: [0] + all, y: y)
    }

    /// Uplift curve values (yT/nT − yC/nC)·n, each ratio taken as 0 where its count is 0, prefixed by (0, 0).
    var uplift: UpliftCurve {
        var y = [0.0]
        y.reserveCapacity(all.count + 1)
        for i in all.indices {
            let nC = all[i] - treated[i]
            let rateT = treated[i] != 0 ? treatedResponders[i] / treated[i] : 0
            let rateC = nC != 0 ? controlResponders[i] / nC : 0
            y.append((rateT - rateC) * all[i])
        }
        return UpliftCurve(x: [0] + all, y: y)
    }
}
