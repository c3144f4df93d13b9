/// The four cells of an experiment with a binary outcome (treated/control × responder/non-responder),
/// each row counted with its multiplicity. The perfect curves depend only on these counts, because their
/// scores take at most four values and tied rows enter a curve together.
struct UpliftCells: Sendable {
    var treatedResponders = 0.0, treatedNonResponders = 0.0, controlResponders = 0.0, controlNonResponders = 0.0

    init(outcomes: [Double], treatment: [Double], multiplicity: [Double]?) {
        for i in outcomes.indices {
            let w = multiplicity?[i] ?? 1
            switch (treatment[i] == 1, outcomes[i] == 1) {
            case (true, true): treatedResponders += w
            case (true, false): treatedNonResponders += w
            case (false, true): controlResponders += w
            case (false, false): controlNonResponders += w
            }
        }
    }

    /// Cumulative counts after adding each group of cells in turn (empty groups make no threshold).
    private func cumulative(_ groups: [[(treated: Bool, responder: Bool, count: Double)]]) -> UpliftCumulativeCounts {
        var counts = UpliftCumulativeCounts(capacity: groups.count)
        var n = 0.0, nT = 0.0, yT = 0.0, yC = 0.0
        for group in groups {
            let size = group.reduce(0) { $0 + $1.count }
            guard size > 0 else { continue }
            for cell in group {
                n += cell.count
                if cell.treated { nT += cell.count; if cell.responder { yT += cell.count } } else if cell.responder { yC += cell.count }
            }
            counts.append(all: n, treated: nT, treatedResponders: yT, controlResponders: yC)
        }
        return counts
    }

    func perfectQini(negativeEffect: Bool) -> UpliftCurve {
        if negativeEffect {
            // Score yt − y(1 − t): treated responders 1, non-responders 0, control responders −1.
            return cumulative([
                [(true, true, treatedResponders)],
                [(true, false, treatedNonResponders), (false, false, controlNonResponders)],
                [(false, true, controlResponders)],
            ]).qini
        }
        let nT = treatedResponders + treatedNonResponders, nC = controlResponders + controlNonResponders
        let r = treatedResponders - nT * controlResponders / nC
        return UpliftCurve(x: [0, r, nT + nC], y: [0, r, r])
    }

    var perfectUplift: UpliftCurve {
        // Score 2·1(y = t) + z: treated responders 3, control non-responders 2, then 1 and 0 for the
        // other two cells in the order set by z.
        let controlFirst = controlResponders > treatedNonResponders
        let one: (Bool, Bool, Double) = controlFirst ? (false, true, controlResponders) : (true, false, treatedNonResponders)
        let zero: (Bool, Bool, Double) = controlFirst ? (true, false, treatedNonResponders) : (false, true, controlResponders)
        return cumulative([[(true, true, treatedResponders)], [(false, false, controlNonResponders)], [one], [zero]]).uplift
    }
}
