import GlassboxCore
import GlassboxTabular

/// What a distributed fit's state may claim (docs/scale.md §2, "What a state may claim"). States and partials
/// come from other machines, and the design columns a state claims size the p × p matrices every pass
/// allocates (XᵀWX, the meat, the X-learner's XᵀX sums), so the claims are bounded before any of them exists:
///
/// 1. **Columns.** A state's encoding has at most ``maximumDesignColumns`` design columns — the limit of
///    `glassbox train` itself (``DesignBuilder/maximumFitColumns``), which the levels merge applies to every
///    encoding it learns, so no state glassbox writes claims more; a component's own design (the S-learner's
///    [x, T·x]) has at most twice its encoding's columns.
/// 2. **Memory.** The matrices a pass holds at once must fit the memory budget (``MemoryLimit``, the one
///    `train` checks its design against): 8·(1 + N)·(Σ_c p_c² + E·p²) bytes for the sums — one p_c × p_c
///    matrix per component c making the pass, E = 2 per treated arm in the X-learner's effect pass, held by the
///    pass's own partial (a merge's running sums) and by the N partials held besides it (0 in a worker; 1 in a
///    merge, which adds its partials one at a time, ``partialsHeldByMerge``) — plus 8·R·p² for the R fitted models
///    a worker replays and holds while it computes (the X-learner's effect pass: its two outcome models; a class
///    transformation weighted by an estimated propensity, or a propensity check: that model), plus the working set
///    of the largest matrix, 8·((W + 3)·m² + W·4,096·m) for W worker threads and m = max p_c, as `train` estimates
///    its own. A worker also builds its partition's design and copies rows out of it: 8·n·p·c bytes more for n rows,
///    c = 1 for a logistic fit and c = 4 for an uplift fit (``UpliftFitState/partitionDesignCopies``), checked once
///    the partition is read (``LogisticFitState/checkPartitionMemory(name:rows:limit:)``,
///    ``UpliftFitState/checkPartitionMemory(name:rows:limit:)``). A merge's running sums of a cluster-robust meat
///    hold k scores per distinct cluster seen so far: they grow with the clusters, not the partitions (at most
///    the rows), and are not in the estimate.
package enum FitStateLimits {
    /// Most design columns a state's encoding may have: `train`'s (``DesignBuilder/maximumFitColumns``).
    package static var maximumDesignColumns: Int { DesignBuilder.maximumFitColumns }

    /// Partials a merge holds at once besides its running sums: the one being checked and added. A merge reads,
    /// checks and adds its partials one at a time (``LogisticPassMerger``, ``UpliftPassMerger``), so this does not
    /// grow with the number of partitions.
    package static let partialsHeldByMerge = 1

    /// Bytes the matrices of a pass need (rule 2 of ``FitStateLimits``).
    /// - Parameters:
    ///   - components: the design columns p_c of each component making the pass.
    ///   - effectMatrices: extra p × p sums of `effectColumns` columns (the X-learner's Gram matrices).
    ///   - replayedFits: fitted models of `effectColumns` columns a worker replays and holds while it computes
    ///     (each holds its p × p covariance matrix).
    ///   - partials: partials held at once besides the pass's own result (0 in a worker, ``partialsHeldByMerge``
    ///     in a merge).
    package static func passBytes(components: [Int], effectMatrices: Int = 0, effectColumns: Int = 0, replayedFits: Int = 0, partials: Int,
                                  workers: Int = Parallel.workerCount) -> Double {
        let p2 = Double(effectColumns) * Double(effectColumns)
        let squares = components.reduce(0.0) { $0 + Double($1) * Double($1) } + Double(effectMatrices) * p2
        let largest = Double(max(components.max() ?? 0, effectMatrices > 0 || replayedFits > 0 ? effectColumns : 0))
        let w = Double(workers)
        return 8 * (Double(1 + max(0, partials)) * squares + Double(max(0, replayedFits)) * p2 + (w + 3) * largest * largest + w * 4096 * largest)
    }

    /// Throws ``ModelError/invalidFitState(_:)`` when `columns` design columns, claimed by `name`, exceed
    /// ``maximumDesignColumns``.
    static func checkColumns(_ columns: Int, in name: String) throws {
        guard columns > maximumDesignColumns else { return }
        throw ModelError.invalidFitState("\(name): its design encoding claims \(columns) design columns, more than the \(maximumDesignColumns) a model can be fitted with "
                                         + "(the limit of glassbox train, which no state glassbox writes exceeds); use the state file the last merge wrote (was it edited?)")
    }

    /// Throws ``ModelError/invalidFitState(_:)`` when `bytes` (what a pass of `name` needs, rule 2) exceed `limit`.
    /// - Parameters:
    ///   - largest: the largest component's design columns, named in the message.
    ///   - components: how many components make the pass.
    ///   - partials: the partials a merge reads, one at a time (0: a worker computing its partial).
    static func checkMemory(_ bytes: Double, largest: Int, components: Int, partials: Int, in name: String,
                            limit: (bytes: UInt64, source: String)?) throws {
        guard let limit, bytes > Double(limit.bytes) else { return }
        let what = partials > 0 ? "merging \(partials) partial(s) of its pass" : "computing a partial of its pass"
        let matrices = components == 1 ? "a \(largest) × \(largest) matrix" : "\(components) component matrices of up to \(largest) × \(largest)"
        throw ModelError.invalidFitState("\(name): \(what) needs about \(shown(bytes)) for \(matrices) of doubles (and their sums), more than \(MemoryLimit.format(limit.bytes)), \(limit.source); "
                                         + "run it on a machine with more memory, or fit fewer design columns (group rare levels) or fewer treated values at once")
    }
}

extension LogisticFitState {
    /// The design columns of the components making the state's next pass: its own, unless it is finished
    /// or asks for the levels pass (no design yet).
    var passComponents: [Int] {
        guard status == Self.running, let request, request.kind != .levels, let p = designTermNames?.count else { return [] }
        return [p]
    }

    /// Checks the design columns the state's pass would size its matrices by (the encoding's at most
    /// ``FitStateLimits/maximumDesignColumns``, a component's own at most twice those), without reading the
    /// memory available: ``LogisticPartial/compute(state:stateSHA256:table:)`` and ``merging(_:provenance:)`` check
    /// this themselves; the memory budget is the caller's check (``checkPassMemory(name:partials:limit:)``), made
    /// once, before the rows or partials are read, so that reading them cannot change the answer.
    package func checkPassColumns(name: String) throws {
        guard let largest = passComponents.max() else { return }
        try FitStateLimits.checkColumns(encoding?.termNames.count ?? 0, in: name)
        guard largest <= 2 * FitStateLimits.maximumDesignColumns else {
            throw ModelError.invalidFitState("\(name): \(largest) design columns, more than twice the \(FitStateLimits.maximumDesignColumns) a model can be fitted with (was it edited?)")
        }
    }

    /// Checks that the matrices of the state's pass fit `limit` (docs/scale.md §2, "What a state may claim"):
    /// in a worker (`partials` 0) or a merge of `partials` partials, which holds one of them at a time besides its
    /// running sums (``FitStateLimits/partialsHeldByMerge``), so the count does not change the bytes. Call it before
    /// reading the partials.
    /// - Throws: ``ModelError/invalidFitState(_:)`` naming `name`, the bytes needed and the limit.
    package func checkPassMemory(name: String, partials: Int, limit: (bytes: UInt64, source: String)? = MemoryLimit.current()) throws {
        try checkPassColumns(name: name)
        let columns = passComponents
        guard let largest = columns.max() else { return }
        let held = min(max(0, partials), FitStateLimits.partialsHeldByMerge)
        try FitStateLimits.checkMemory(FitStateLimits.passBytes(components: columns, partials: held), largest: largest, components: 1,
                                       partials: partials, in: name, limit: limit)
    }

    /// Checks what a state read from `name` claims before anything is sized by it: the encoding's design columns
    /// (at most ``FitStateLimits/maximumDesignColumns``, checked before the encoding is validated), a design of
    /// its own of at most twice those, and a request whose kept columns are ascending design column indices.
    static func checkClaims(of state: LogisticFitState, in name: String) throws {
        if let encoding = state.encoding {
            try FitStateLimits.checkColumns(max(encoding.termNames.count, encoding.columns.count), in: name)
        }
        if let terms = state.designTerms {
            let p = state.encoding?.termNames.count ?? 0
            guard state.encoding != nil, terms.count <= 2 * p else {
                throw ModelError.invalidFitState("\(name): \(terms.count) design columns of its own for an encoding of \(p), more than the \(2 * p) a component's design has (was it edited?)")
            }
        }
        if let kept = state.request?.kept {
            let p = state.designTermNames?.count ?? 0
            guard kept.allSatisfy({ $0 >= 0 && $0 < p }), zip(kept, kept.dropFirst()).allSatisfy({ $0 < $1 }) else {
                throw ModelError.invalidFitState("\(name): its request keeps \(kept.count) columns that are not ascending design columns of its \(p) (was it edited?)")
            }
        }
    }
}

extension UpliftFitState {
    /// The design columns of the components making the state's next pass (``isActive(_:)``), and the
    /// X-learner's effect sums it asks for (two p × p Gram matrices per treated arm).
    var passComponents: (columns: [Int], effectMatrices: Int, effectColumns: Int) {
        guard status == LogisticFitState.running, request == .components, components.count == plan.count else { return ([], 0, 0) }
        let columns = components.indices.filter(isActive).map { components[$0].designTermNames?.count ?? 0 }
        let p = encoding?.termNames.count ?? 0
        return (columns, needsEffects ? 2 * training.treatment.treated.count : 0, p)
    }

    /// Checks the encoding's design columns (at most ``FitStateLimits/maximumDesignColumns``) without reading the
    /// memory available; ``UpliftPartial/compute(state:stateSHA256:table:)`` and ``merging(_:provenance:)`` check
    /// this themselves, and the memory budget is the caller's check (``checkPassMemory(name:partials:limit:)``),
    /// made once before the rows or partials are read.
    package func checkPassColumns(name: String) throws {
        try FitStateLimits.checkColumns(encoding?.termNames.count ?? 0, in: name)
    }

    /// Checks that the matrices of the state's pass — every active component's, and the X-learner's effect sums —
    /// fit `limit` in a worker (`partials` 0) or a merge of `partials` partials, which holds one of them at a time
    /// besides its running sums (docs/scale.md §2, "What a state may claim"). A worker of the X-learner's effect
    /// pass also holds the two outcome models it replays. Call it before reading the rows or partials.
    /// - Throws: ``ModelError/invalidFitState(_:)`` naming `name`, the bytes needed and the limit.
    package func checkPassMemory(name: String, partials: Int, limit: (bytes: UInt64, source: String)? = MemoryLimit.current()) throws {
        let pass = passComponents
        try checkPassColumns(name: name)
        let largest = max(pass.columns.max() ?? 0, pass.effectMatrices > 0 ? pass.effectColumns : 0)
        guard largest > 0 else { return }
        try FitStateLimits.checkMemory(passBytes(partials: partials), largest: largest, components: pass.columns.count + pass.effectMatrices,
                                       partials: partials, in: name, limit: limit)
    }

    /// Bytes the matrices of the state's pass need in a worker (`partials` 0) or a merge of `partials` partials
    /// (``FitStateLimits/passBytes(components:effectMatrices:effectColumns:replayedFits:partials:workers:)``).
    func passBytes(partials: Int) -> Double {
        let pass = passComponents
        let worker = partials <= 0
        return FitStateLimits.passBytes(components: pass.columns, effectMatrices: pass.effectMatrices, effectColumns: pass.effectColumns,
                                        replayedFits: !worker ? 0 : pass.effectMatrices > 0 ? Self.effectPassReplayedFits : replaysPropensity ? 1 : 0,
                                        partials: worker ? 0 : FitStateLimits.partialsHeldByMerge)
    }

    /// Fitted outcome models a worker of the X-learner's effect pass holds at once: control's, and the arm's being summed.
    static let effectPassReplayedFits = 2

    /// Whether a worker of the pass replays a fitted propensity model: to weigh a class transformation's rows, or to
    /// check an arm's estimated propensities.
    var replaysPropensity: Bool {
        guard status == LogisticFitState.running, request == .components, components.count == plan.count else { return false }
        return !armsToCheck.isEmpty || components.indices.contains { k in
            isActive(k) && plan[k].role == .transformedOutcome && propensityComponent(arm: plan[k].arm) != nil
        }
    }

    /// Design-sized arrays (rows × p doubles) a worker of the state's pass holds at once, at most: the partition's
    /// design, plus one component's copy of its rows — with the S-learner's interaction columns, 3p wide — or the
    /// X-learner's effect pass's copies of control's and one arm's rows (together at most the partition's rows).
    static let partitionDesignCopies = 4

    /// Checks, once a partition's `rows` are read and before its pass builds the design and copies rows out of it,
    /// that those arrays (8·rows·p·``partitionDesignCopies`` bytes) fit `limit` besides the pass's matrices
    /// (``checkPassMemory(name:partials:limit:)``). Give the limit the worker read before reading the rows, so reading
    /// them does not lower it. The table read is the partition itself and is not counted.
    /// - Throws: ``ModelError/invalidFitState(_:)`` naming `name`, the rows, the bytes and the limit.
    package func checkPartitionMemory(name: String, rows: Int, limit: (bytes: UInt64, source: String)?) throws {
        let pass = passComponents
        guard !pass.columns.isEmpty || pass.effectMatrices > 0 else { return }
        try FitStateLimits.checkPartition(passBytes(partials: 0), rows: rows, columns: encoding?.termNames.count ?? 0, copies: Self.partitionDesignCopies,
                                          held: "its design and one component's copy of its rows (with the S-learner's interaction columns) or the X-learner's copies of control's and one arm's rows",
                                          in: name, limit: limit)
    }
}

extension LogisticFitState {
    /// Checks, once a partition's `rows` are read, that the design its pass builds (8·rows·p bytes) fits `limit` besides
    /// the pass's matrices (``checkPassMemory(name:partials:limit:)``); the levels pass builds none. Give the limit the
    /// worker read before reading the rows. The table read is the partition itself and is not counted.
    /// - Throws: ``ModelError/invalidFitState(_:)`` naming `name`, the rows, the bytes and the limit.
    package func checkPartitionMemory(name: String, rows: Int, limit: (bytes: UInt64, source: String)?) throws {
        let columns = passComponents
        guard let p = columns.max() else { return }
        try FitStateLimits.checkPartition(FitStateLimits.passBytes(components: columns, partials: 0), rows: rows, columns: p, copies: 1,
                                          held: "its design", in: name, limit: limit)
    }
}

extension FitStateLimits {
    /// Throws ``ModelError/invalidFitState(_:)`` when a worker's `passBytes` plus `copies` arrays of `rows` × `columns`
    /// doubles (`held` says which) exceed `limit`.
    static func checkPartition(_ passBytes: Double, rows: Int, columns: Int, copies: Int, held: String, in name: String,
                               limit: (bytes: UInt64, source: String)?) throws {
        guard let limit, rows > 0, columns > 0 else { return }
        let bytes = passBytes + 8 * Double(rows) * Double(columns) * Double(copies)
        guard bytes > Double(limit.bytes) else { return }
        throw ModelError.invalidFitState("\(name): this partition's \(rows) rows of \(columns) design columns make \(held) besides the pass's sums: "
                                         + "about \(shown(bytes)), more than \(MemoryLimit.format(limit.bytes)), \(limit.source); "
                                         + "split the data into more partitions, or run it on a machine with more memory")
    }

    /// `bytes` as the memory messages show it.
    static func shown(_ bytes: Double) -> String {
        bytes >= Double(UInt64.max) ? "more than \(MemoryLimit.format(.max))" : MemoryLimit.format(UInt64(bytes))
    }
}
