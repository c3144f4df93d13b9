import GlassboxCore
import GlassboxTabular

/// Merges the partials of one pass of a distributed uplift fit (any learner) into the next state, one partial at a
/// time (docs/scale.md §2, §7): each partial is checked against the state — its components those the state asks
/// for, every component's sums of its design's size, the effect sums finite, the counts in range — before any of
/// its numbers is added to the running sums (one per active component, and the X-learner's effect sums), in the
/// order given: partition order. A merge so holds the running sums and the partial being added, however many
/// partials the pass has.
///
/// ```swift
/// var merger = try UpliftPassMerger(state: state)
/// for (name, bytes) in partialFiles {          // read one, add it, let it go
///     try merger.add(try state.decodePartial(bytes, name: name, stateSHA256: digest), name: name)
/// }
/// let (next, model) = try merger.finished(provenance: provenance)
/// ```
///
/// The result is bit for bit that of ``UpliftFitState/merging(_:provenance:)`` over the same partials in the same
/// order (which is this merger fed from an array). After an error, discard the merger.
package struct UpliftPassMerger: Sendable {
    /// The state whose pass is merged.
    package let state: UpliftFitState
    /// Partials added so far.
    package private(set) var count = 0

    // The levels pass.
    private var arms: UpliftChunkArms
    private var levels: DesignLevels?
    private var rowsRead = 0
    private var keptPerArm: [Int]

    // The components pass.
    /// The components making the pass, the arms whose propensity is checked, and whether effect sums are asked for.
    private let active: [Int], checked: [Int], effects: Bool
    /// Per component, its running sum (nil when not active) and whether any partition had rows of it.
    private var sums: [LogisticPassSum?]
    private var rowsSeen: [Bool]
    private var effectSums: [UpliftFitState.EffectSums]
    /// Per arm of `checked`, the rows at an extreme propensity.
    private var extremes: [Int]

    /// A merger of the pass `state` asks for.
    /// - Throws: ``ModelError/invalidFitState(_:)`` when the state is finished or claims more design columns than a
    ///   model can have (``UpliftFitState/checkPassColumns(name:)``; the memory budget is the caller's check,
    ///   ``UpliftFitState/checkPassMemory(name:partials:limit:)``).
    package init(state: UpliftFitState) throws {
        guard state.status == LogisticFitState.running, let request = state.request else { throw ModelError.invalidFitState("the state is finished: there is nothing to merge") }
        try state.checkPassColumns(name: "the state")
        self.state = state
        let parsed = try Formula.parse(state.training.formula)
        arms = UpliftChunkArms(treatment: state.training.treatment, formulaColumns: parsed.sourceColumns)
        keptPerArm = .init(repeating: 0, count: state.training.treatment.treated.count + 1)
        let components = request == .components
        active = components ? state.components.indices.filter(state.isActive) : []
        checked = components ? state.armsToCheck : []
        effects = components && state.needsEffects
        sums = try state.components.indices.map { k in components && state.isActive(k) ? try state.components[k].passSum() : nil }
        rowsSeen = .init(repeating: false, count: state.components.count)
        effectSums = effects ? state.zeroEffectSums() : []
        extremes = .init(repeating: 0, count: checked.count)
    }

    /// Checks `partial` (read from `name`) and adds it after the partials already added.
    /// - Throws: ``ModelError/invalidFitState(_:)`` (or the arms tally's error) naming `name` when it does not
    ///   hold the pass the state asks for, in the state's sizes.
    package mutating func add(_ partial: UpliftPartial, name: String) throws {
        switch state.request {
        case .levels: try addLevels(partial, name: name)
        case .components: try addComponents(partial, name: name)
        case nil: throw ModelError.invalidFitState("the state is finished: there is nothing to merge")
        }
        count += 1
    }

    /// The levels pass: the arms tallies, levels and rows read added; for the learners other than two-model, the
    /// complete rows per arm.
    private mutating func addLevels(_ part: UpliftPartial, name: String) throws {
        guard let tally = part.arms, let levels = part.levels, let read = part.rowsRead, read >= 0 else {
            throw ModelError.invalidFitState("\(name) holds no arms, levels and row count")
        }
        let twoModel = state.training.learner == .twoModel
        if !twoModel {
            guard let counts = part.keptPerArm, counts.count == keptPerArm.count else {
                throw ModelError.invalidFitState("\(name) holds no complete rows of the state's \(keptPerArm.count) arms")
            }
            for a in keptPerArm.indices { _ = try ModelError.addingRowCount(counts[a], to: keptPerArm[a], in: name) }
        }
        try ModelError.checkCounts(levels, in: name)
        let rows = try ModelError.addingRowCount(read, to: rowsRead, in: name)
        // Both merges can refuse the partial (a column of numbers in one partition and text in another): they run
        // on copies, which replace the running tallies only when both succeed.
        var mergedArms = arms
        try mergedArms.merge(tally, in: name)
        var merged = self.levels ?? levels
        if self.levels != nil { try merged.merge(levels) }
        try ModelError.checkCounts(merged, in: name)
        arms = mergedArms
        self.levels = merged
        rowsRead = rows
        if !twoModel, let counts = part.keptPerArm { for a in keptPerArm.indices { keptPerArm[a] += counts[a] } }
    }

    /// The components pass: every check of the partial first, then its sums added.
    private mutating func addComponents(_ part: UpliftPartial, name: String) throws {
        let components = state.components
        guard let parts = part.components, parts.count == components.count else {
            throw ModelError.invalidFitState("\(name) holds no partials of the state's \(components.count) component fits")
        }
        for k in components.indices where (parts[k] == nil) == active.contains(k) {
            let status = active.contains(k) ? "active" : components[k].status == LogisticFitState.done ? "done" : "waiting for its propensity check"
            throw ModelError.invalidFitState("\(name): component \(k) is \(status) but the partial \(parts[k] == nil ? "lacks" : "holds") its pass")
        }
        let treatedCount = state.training.treatment.treated.count
        let found = part.extremePropensities ?? []
        guard checked.isEmpty ? found.allSatisfy({ $0 == nil })
                : found.count == treatedCount && found.indices.allSatisfy({ (found[$0] != nil) == checked.contains($0 + 1) && (found[$0] ?? 0) >= 0 }) else {
            throw ModelError.invalidFitState("\(name): its propensity checks are not those of the arms \(checked) the state asks for")
        }
        guard effects == (part.effectSums != nil) else {
            throw ModelError.invalidFitState("\(name): the state asks for \(effects ? "" : "no ")effect sums; the partial \(effects ? "lacks" : "holds") them")
        }
        if effects { try state.checkEffectSums(of: part, name: name) }
        for k in active {
            guard let sum = sums[k], let component = parts[k] else { continue }
            let label = "\(name), component \(k)"
            guard component.kind == components[k].request?.kind, component.pass == components[k].pass else {
                throw ModelError.invalidFitState("\(label) holds a \(component.kind.rawValue) pass \(component.pass); the component asks for \(components[k].request?.kind.rawValue ?? "none") pass \(components[k].pass)")
            }
            try sum.check(component, name: label)
        }
        for (i, a) in checked.enumerated() { _ = try ModelError.addingRowCount(found[a - 1] ?? 0, to: extremes[i], in: name) }

        // Checked: add.
        if let partSums = part.effectSums, effects {
            for a in effectSums.indices { effectSums[a].add(partSums[a]) }
        }
        for k in active {
            guard var sum = sums[k], let component = parts[k] else { continue }
            sums[k] = nil  // uniquely referenced while added to
            defer { sums[k] = sum }
            try sum.add(component, name: "\(name), component \(k)")
            rowsSeen[k] = rowsSeen[k] || (component.summary?.rows ?? 0) != 0
        }
        for (i, a) in checked.enumerated() { extremes[i] += found[a - 1] ?? 0 }
    }

    /// The next state and, when every component is finished, the model file.
    /// - Parameter provenance: the manifest template (Glassbox version, BLAS, time); its command line and
    ///   data record are replaced by the state's ``UpliftFitState/source`` and the merged row counts.
    package func finished(provenance: Provenance) throws -> (state: UpliftFitState, model: UpliftModelFile?) {
        guard count > 0 else { throw ModelError.invalidFitState("no partials to merge") }
        var next = state
        next.pass += 1
        switch state.request {
        case .levels:
            guard let levels else { throw ModelError.noObservations }
            try next.setLevels(arms: arms, levels: levels, rowsRead: rowsRead, keptPerArm: state.training.learner == .twoModel ? nil : keptPerArm)
        case .components:
            if effects {
                try UpliftFitState.checkMergedEffectSums(effectSums)
                next.effectSums = effectSums
            }
            let training = state.training
            for k in active {
                guard let sum = sums[k] else { continue }
                // A two-model arm without complete rows fails as the single-machine fit does, control first.
                if training.learner == .twoModel, next.components[k].request?.kind == .summary, !rowsSeen[k] {
                    let value = k == 0 ? "control rows ('\(training.treatment.control)')" : "treated rows ('\(training.treatment.treated[k - 1])')"
                    throw ModelError.unsupportedOption("no \(value) remain to fit the uplift model")
                }
                next.components[k] = try next.components[k].merging(sum, responseName: state.label(state.plan[k])).state
            }
            try next.checkPropensities(of: checked, extremes: extremes)
        case nil:
            throw ModelError.invalidFitState("the state is finished: there is nothing to merge")
        }
        return try next.concluded(provenance: provenance)
    }
}
