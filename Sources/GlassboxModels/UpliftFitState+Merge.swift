import GlassboxCore
import GlassboxTabular

extension UpliftFitState {
    /// The state after adding `partials` (the pass the state asks for, in partition order), and the model
    /// file — the one ``UpliftModel/fit(formula:on:treatment:manifest:onWarning:progress:)`` writes for the
    /// same rows — when every component is finished.
    /// - Parameter provenance: the manifest template (Glassbox version, BLAS, time); its command line and
    ///   data record are replaced by the state's ``source`` and the merged row counts.
    package func merging(_ partials: [(name: String, partial: UpliftPartial)], provenance: Provenance) throws
        -> (state: UpliftFitState, model: UpliftModelFile?) {
        guard status == LogisticFitState.running, let request else { throw ModelError.invalidFitState("the state is finished: there is nothing to merge") }
        guard !partials.isEmpty else { throw ModelError.invalidFitState("no partials to merge") }
        var next = self
        next.pass += 1
        switch request {
        case .levels:
            try next.mergeLevels(partials)
        case .components:
            try next.mergeComponents(partials)
        }
        guard next.components.allSatisfy({ $0.status == LogisticFitState.done }) else {
            next.request = .components
            return (next, nil)
        }
        next.status = LogisticFitState.done
        next.request = nil
        return (next, try next.modelFile(provenance: provenance))
    }

    /// The arms and levels of the experiment rows; then each component's first request.
    private mutating func mergeLevels(_ partials: [(name: String, partial: UpliftPartial)]) throws {
        let parsed = try Formula.parse(training.formula)
        let treatment = training.treatment
        var arms = UpliftChunkArms(treatment: treatment, formulaColumns: parsed.sourceColumns)
        var merged: DesignLevels?
        var rows = 0
        for (name, part) in partials {
            guard let tally = part.arms, let levels = part.levels, let read = part.rowsRead, read >= 0 else {
                throw ModelError.invalidFitState("\(name) holds no arms, levels and row count")
            }
            try arms.merge(tally, in: name)
            try ModelError.checkCounts(levels, in: name)
            if merged == nil { merged = levels } else { try merged!.merge(levels) }
            try ModelError.checkCounts(merged!, in: name)
            rows = try ModelError.addingRowCount(read, to: rows, in: name)
        }
        try arms.finish()
        guard let merged else { throw ModelError.noObservations }
        let (encoding, warnings) = try merged.encoding(parsed, extraColumns: [])
        rowsRead = rows
        self.arms = arms.tally
        levels = merged
        self.encoding = encoding
        designWarnings = warnings
        let options = training.componentTraining
        components = try (0...treatment.treated.count).map { k in
            var component = try LogisticFitState(training: options, source: .init(commandLine: [], dataName: "-", dataSHA256: ""))
            component.encoding = encoding
            return try component.replayedFit(responseName: componentLabel(k)).state
        }
    }

    /// Each running component's pass, merged and replayed on its own history.
    private mutating func mergeComponents(_ partials: [(name: String, partial: UpliftPartial)]) throws {
        for (name, part) in partials {
            guard let parts = part.components, parts.count == components.count else {
                throw ModelError.invalidFitState("\(name) holds no partials of the state's \(components.count) component fits")
            }
            for (k, component) in components.enumerated() where (parts[k] == nil) == (component.status == LogisticFitState.running) {
                throw ModelError.invalidFitState("\(name): component \(k) is \(component.status) but the partial \(parts[k] == nil ? "lacks" : "holds") its pass")
            }
        }
        for k in components.indices where components[k].status == LogisticFitState.running {
            let parts = partials.map { (name: "\($0.name), component \(k)", partial: $0.partial.components![k]!) }
            for part in parts {
                guard part.partial.kind == components[k].request?.kind, part.partial.pass == components[k].pass else {
                    throw ModelError.invalidFitState("\(part.name) holds a \(part.partial.kind.rawValue) pass \(part.partial.pass); the component asks for \(components[k].request?.kind.rawValue ?? "none") pass \(components[k].pass)")
                }
            }
            // An arm without complete rows fails as the single-machine fit does, control first.
            if components[k].request?.kind == .summary, parts.allSatisfy({ ($0.partial.summary?.rows ?? 0) == 0 }) {
                let value = k == 0 ? "control rows ('\(training.treatment.control)')" : "treated rows ('\(training.treatment.treated[k - 1])')"
                throw ModelError.unsupportedOption("no \(value) remain to fit the uplift model")
            }
            components[k] = try components[k].mergingPass(parts, responseName: componentLabel(k)).state
        }
    }

    /// The outcome's name in component `k`'s messages, as the single-machine fit names it.
    private func componentLabel(_ k: Int) -> String {
        let response = encoding?.responseName ?? "outcome"
        return k == 0 ? "\(response) (control)" : "\(response) (treated '\(training.treatment.treated[k - 1])')"
    }

    /// The model file of the finished components: each arm's treated outcome model and the control model.
    private func modelFile(provenance: Provenance) throws -> UpliftModelFile {
        guard let encoding, let levels, let rowsRead else { throw ModelError.invalidFitState("the state has no design encoding") }
        var fits = [LogisticFit]()
        var rows = [Int]()
        for k in components.indices {
            guard let fit = try components[k].replayedFit(responseName: componentLabel(k)).fit,
                  let summary = components[k].history.first?.summary else {
                throw ModelError.invalidFitState("component \(k) is not finished")
            }
            fits.append(fit)
            rows.append(summary.rows)
        }
        let control = UpliftComponent(role: .controlOutcome, logistic: fits[0])
        let arms = training.treatment.treated.enumerated().map { index, name in
            let k = index + 1
            return UpliftModel.armFit(treated: name, treatedRows: rows[k], controlRows: rows[0],
                                      components: [UpliftComponent(role: .treatedOutcome, logistic: fits[k]), control],
                                      warnings: UpliftModel.componentWarnings(.treatedOutcome, fits[k]) + UpliftModel.componentWarnings(.controlOutcome, fits[0]))
        }
        let model = training.model
        let fit = UpliftFit(learner: model.learner, propensity: model.propensity, control: training.treatment.control, arms: arms)
        var manifest = provenance
        manifest.commandLine = source.commandLine
        manifest.data = .init(path: source.dataName, sha256: source.dataSHA256, rowsRead: rowsRead, rowsUsed: levels.rowsKept,
                              rowsDropped: levels.rowsRead - levels.rowsKept, missingByColumn: levels.missingByColumn)
        return UpliftModelFile(encoding: encoding, treatment: training.treatment, model: model, fit: fit, manifest: manifest)
    }
}
