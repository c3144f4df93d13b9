import GlassboxCore
import GlassboxModels
import GlassboxTabular

extension ExplanationReport {
    /// The explanation of a model on a table, as `glassbox explain` and the explanation section of
    /// `glassbox report` compute it: permutation importance on the model's outcome, partial dependence and
    /// ICE, exact SHAP (linear models) and proxy detection, as `options` asks, on the rows complete in every
    /// column used — for a tree ensemble on every row it scores with the outcome and weights present, missing
    /// inputs included (the trees route them as the maker does; its proxy models take the complete rows and
    /// report them in ``ProxyReport/rowsUsed``). For progress lines and phase timings, `started` receives what a phase begins to compute
    /// and `finished` the name of a phase that ended: `prepare`, `importance`, `pd+shap` or `proxies`.
    ///
    /// When importance is asked for but the data lack the model's outcome column, importance is skipped and
    /// ``importanceSkipped`` says why (every rendering shows it); the other sections are still computed.
    /// - Throws: ``ExplainError/sectionNotDefined(section:kind:reason:)`` for a section the model's kind does
    ///   not have (``checkSections(_:options:)``), before any work; ``ExplainError/protectedColumn(_:)`` for a
    ///   protected column missing from the data or used by the model; the explainers' errors.
    public static func explain(_ model: any ScoringModel, table: Table, manifest: Provenance, options: ExplanationOptions = .init(),
                               progress: ProgressObserver? = nil, started: (String) -> Void = { _ in },
                               finished: (String) -> Void = { _ in }) throws -> ExplanationReport {
        var omitted: String?
        return try explain(model, table: table, manifest: manifest, options: options, progress: progress, started: started,
                           finished: finished, shapOmitted: &omitted, omitRefusedSHAP: false)
    }

    /// ``explain(_:table:manifest:options:progress:started:finished:)``, except that with `omitRefusedSHAP` a
    /// model whose SHAP values are refused (``ExplainError/invalidData(_:)``: a tree too deep or too wide for
    /// TreeSHAP) gets no SHAP section and `shapOmitted` says why, instead of the whole explanation failing.
    package static func explain(_ model: any ScoringModel, table: Table, manifest: Provenance, options: ExplanationOptions,
                                progress: ProgressObserver?, started: (String) -> Void, finished: (String) -> Void,
                                shapOmitted: inout String?, omitRefusedSHAP: Bool) throws -> ExplanationReport {
        try checkSections(model, options: options)
        let scorer = ModelScorer.forModel(model)
        try checkProtected(options.protected, features: scorer.featureColumns, table: table)
        let encoding = model.encoding
        let hasOutcome = encoding.formula.response.map { r in r.columns.allSatisfy(table.hasColumn) } ?? false
        let importance = hasOutcome && options.importance
        let data = try ExplainData.forModel(model, table: table, weights: options.weights, withOutcome: importance,
                                            extraColumns: options.protected)
        finished("prepare")
        var report = ExplanationReport(rowsUsed: data.table.rowCount, rowsDropped: data.rowsDropped, manifest: manifest)
        if options.importance && !hasOutcome {
            report.importanceSkipped = "the data have no outcome column '\(encoding.responseName ?? "?")'; permutation importance skipped"
        }
        if importance {
            started("permutation importance: \(scorer.featureColumns.count) features × \(options.repeats) repeats on \(data.table.rowCount) rows")
            report.setImportance(try PermutationImportance.compute(scorer: scorer, data: data, options: options,
                                                                   progress: progress))
            finished("importance")
        }
        if !options.partialDependence.isEmpty {
            started("partial dependence for \(options.partialDependence.count) column(s)")
            report.partialDependence = try options.partialDependence.map {
                try PartialDependenceCalculator.compute(scorer: scorer, data: data, feature: $0, options: options,
                                                        progress: progress)
            }
        }
        if options.shap {
            do {
                report.shap = try LinearSHAP.compute(model: model, data: data, listRows: options.shapRows, seed: options.seed,
                                                     minGroupSize: options.minGroupSize, treeSHAP: options.treeSHAP)
            } catch ExplainError.invalidData(let reason) where omitRefusedSHAP {
                shapOmitted = reason
            }
        }
        finished("pd+shap")
        if !options.protected.isEmpty {
            started("proxy models for \(options.protected.joined(separator: ", "))")
            report.proxies = try ProxyDetection.run(model: model, data: data, protected: options.protected, options: options)
        }
        finished("proxies")
        return report
    }

    /// Protected attributes must be columns of the data and not features of the model (proxy detection asks
    /// whether the other features stand in for them): checked by every explanation with proxies, and
    /// callable first to fail before other work.
    /// - Throws: ``ExplainError/protectedColumn(_:)`` naming the column.
    public static func checkProtected(_ columns: [String], features: [String], table: Table) throws {
        for c in columns {
            guard table.hasColumn(c) else {
                throw ExplainError.protectedColumn("protected column '\(c)' is not in the data; columns are: \(table.columnNames.joined(separator: ", "))")
            }
            if features.contains(c) {
                throw ExplainError.protectedColumn("protected column '\(c)' is also a model feature; proxy detection asks whether the other features stand in for it, so it must not be one of them")
            }
        }
    }
}
