import GlassboxCore
import GlassboxTabular

/// Merges the partials of one pass of a distributed logistic fit into the next state, one partial at a time
/// (docs/scale.md §2): each partial is checked against the state (its pass's sums present, of the state's size,
/// row counts in range) and then added to a running sum, in the order given — partition order — so a merge holds
/// the running sum and the partial being added, however many partials the pass has.
///
/// ```swift
/// var merger = try LogisticPassMerger(state: state)
/// for (name, bytes) in partialFiles {          // read one, add it, let it go
///     try merger.add(try state.decodePartial(bytes, name: name, stateSHA256: digest), name: name)
/// }
/// let (next, model) = try merger.finished(provenance: provenance)
/// ```
///
/// The result is bit for bit that of ``LogisticFitState/merging(_:provenance:)`` over the same partials in the
/// same order (which is this merger fed from an array).
package struct LogisticPassMerger: Sendable {
    /// The state whose pass is merged.
    package let state: LogisticFitState
    /// Partials added so far.
    package private(set) var count = 0
    private var levels: DesignLevels?
    private var sum: LogisticPassSum?

    /// A merger of the pass `state` asks for.
    /// - Throws: ``ModelError/invalidFitState(_:)`` when the state is finished, is an uplift fit's component,
    ///   or claims more design columns than a model can have (``LogisticFitState/checkPassColumns(name:)``; the
    ///   memory budget is the caller's check, ``LogisticFitState/checkPassMemory(name:partials:limit:)``).
    package init(state: LogisticFitState) throws {
        guard state.status == LogisticFitState.running, let request = state.request else { throw ModelError.invalidFitState("the state is finished: there is nothing to merge") }
        guard state.designTerms == nil else { throw ModelError.invalidFitState("the state has design columns of its own: it is a component of an uplift fit, not a logistic fit (was it edited?)") }
        try state.checkPassColumns(name: "the state")
        self.state = state
        if request.kind != .levels { sum = try state.passSum() }
    }

    /// Checks `partial` (read from `name`) and adds it after the partials already added.
    /// - Throws: ``ModelError/invalidFitState(_:)`` naming `name` when it lacks the pass's sums, they are not of the
    ///   state's size, or its counts are out of range; the merger is then unchanged by it.
    package mutating func add(_ partial: LogisticPartial, name: String) throws {
        if var running = sum {
            sum = nil  // the running sum is uniquely referenced while it is added to
            defer { sum = running }
            try running.add(partial, name: name)
        } else {
            guard let part = partial.levels else { throw ModelError.invalidFitState("\(name) holds no levels") }
            try ModelError.checkCounts(part, in: name)
            var merged = levels ?? part
            if levels != nil { try merged.merge(part) }
            try ModelError.checkCounts(merged, in: name)
            levels = merged
        }
        count += 1
    }

    /// The next state and, when the fit is finished, the model file.
    /// - Parameter provenance: the manifest template (Glassbox version, BLAS, time); its command line and
    ///   data record are replaced by the state's ``LogisticFitState/source`` and the merged row counts.
    package func finished(provenance: Provenance) throws -> (state: LogisticFitState, model: LogisticModelFile?) {
        guard count > 0 else { throw ModelError.invalidFitState("no partials to merge") }
        var next: LogisticFitState
        if let sum {
            next = try state.adding(sum)
        } else {
            guard let levels else { throw ModelError.invalidFitState("no partials to merge") }
            next = state
            next.pass += 1
            let (encoding, warnings) = try levels.encoding(try Formula.parse(state.training.formula), extraColumns: state.training.extraColumns)
            next.levels = levels
            next.encoding = encoding
            next.designWarnings = warnings
        }
        return try next.replayed(provenance: provenance)
    }
}
