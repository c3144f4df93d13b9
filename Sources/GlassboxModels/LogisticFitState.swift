import Foundation
import GlassboxCore
import GlassboxLinearAlgebra
import GlassboxTabular

/// The state of a distributed logistic fit between two passes (docs/scale.md): the training options, the
/// design encoding once the levels are known, the merged answers of every pass made so far, and the pass
/// to make next. ``merging(_:provenance:)`` adds a pass's partials and replays the fit algorithm over the
/// recorded answers, which yields either the next request or the finished model.
package struct LogisticFitState: Sendable, Codable, Equatable {
    package static let formatName = "glassbox-logistic-fit-state"
    package static let currentVersion = 1
    package static let running = "running"
    package static let done = "done"
    /// Largest state or partial file read, in bytes.
    package static let maximumFileBytes = 512 << 20

    /// The options of `glassbox train logistic` the fit uses.
    package struct Training: Sendable, Codable, Equatable {
        package var formula: String
        package var weightsColumn: String?
        package var clusterColumn: String?
        /// "none", "l1" or "l2".
        package var penalty: String
        package var lambda: Double
        package var covariance: CovarianceType
        package var tolerance: Double
        package var maxIterations: Int

        package init(_ training: LogisticTraining) {
            formula = training.formula
            weightsColumn = training.weightsColumn
            clusterColumn = training.clusterColumn
            penalty = training.penalty.fileName
            lambda = training.penalty.lambda
            covariance = training.covariance
            tolerance = training.tolerance
            maxIterations = training.maxIterations
        }

        package var training: LogisticTraining {
            LogisticTraining(formula: formula, weightsColumn: weightsColumn, clusterColumn: clusterColumn,
                             penalty: Penalty(fileName: penalty, lambda: lambda), covariance: covariance,
                             tolerance: tolerance, maxIterations: maxIterations)
        }

        /// Weights and cluster columns, which also drop rows when missing.
        package var extraColumns: [String] { [weightsColumn, clusterColumn].compactMap { $0 } }
    }

    /// What the final model file's manifest says about the data (docs/scale.md, "Provenance").
    package struct Source: Sendable, Codable, Equatable {
        package var commandLine: [String]
        package var dataName: String
        package var dataSHA256: String
        package init(commandLine: [String], dataName: String, dataSHA256: String) {
            self.commandLine = commandLine
            self.dataName = dataName
            self.dataSHA256 = dataSHA256
        }
    }

    /// One pass made: what was asked and the merged answer.
    package struct Answer: Sendable, Codable, Equatable {
        package var request: LogisticPassRequest
        package var summary: LogisticPartial.Summary?
        package var evaluation: LogisticPartial.Evaluation?
        /// The meat (column-major k × k, symmetric) and, for clusters, G.
        package var meat: [Double]?
        package var clusterCount: Int?
    }

    package var format: String
    package var version: Int
    /// ``running`` or ``done``.
    package var status: String
    /// Passes made so far.
    package var pass: Int
    package var training: Training
    package var source: Source
    /// Merged level information (row counts) from the levels pass.
    package var levels: DesignLevels?
    package var encoding: DesignEncoding?
    /// The design's column names when they are not the encoding's: a component of another model fitted on
    /// a design built from the encoding's (the S-learner's [x, T·x], docs/scale.md §7); nil otherwise.
    package var designTerms: [String]?
    /// The design builder's warnings (single-level factors…).
    package var designWarnings: [String]
    package var history: [Answer]
    /// The next pass; nil when done.
    package var request: LogisticPassRequest?

    /// The first state: no data seen, the levels pass requested.
    package init(training: LogisticTraining, source: Source) throws {
        let parsed = try Formula.parse(training.formula)
        guard parsed.hasResponse else { throw ModelError.formulaWithoutOutcome(formula: training.formula) }
        format = Self.formatName
        version = Self.currentVersion
        status = Self.running
        pass = 0
        self.training = Training(training)
        self.source = source
        levels = nil
        encoding = nil
        designTerms = nil
        designWarnings = []
        history = []
        request = LogisticPassRequest(kind: .levels)
    }

    /// Reads a state file's bytes, checking its format, version and sizes; what it claims is bounded before
    /// anything is sized by it (``checkClaims(of:in:)``). The memory a pass needs is checked where the pass
    /// runs (``checkPassMemory(name:partials:limit:)``).
    package static func decode(_ bytes: [UInt8], name: String) throws -> LogisticFitState {
        guard bytes.count <= maximumFileBytes else { throw ModelError.invalidFitState("\(name): \(bytes.count) bytes, more than a state file can hold (\(maximumFileBytes))") }
        let state: LogisticFitState
        do { state = try JSONFormat.decoder().decode(LogisticFitState.self, from: Data(bytes)) } catch {
            throw ModelError.invalidFitState("\(name) is not a logistic fit state (\((error as? DecodingError).map(ModelFileHeader.describe) ?? "\(error)"))")
        }
        guard state.format == formatName else { throw ModelError.invalidFitState("\(name) is not a logistic fit state (format '\(state.format)', expected '\(formatName)')") }
        guard state.version == currentVersion else { throw ModelError.invalidFitState("\(name): state version \(state.version) is not supported (this glassbox reads version \(currentVersion))") }
        guard state.status == running || state.status == done else { throw ModelError.invalidFitState("\(name): unknown status '\(state.status)'") }
        guard state.pass >= 0, state.history.count <= state.pass else { throw ModelError.invalidFitState("\(name): pass \(state.pass) with \(state.history.count) answers") }
        if let levels = state.levels { try ModelError.checkCounts(levels, in: name) }
        try checkClaims(of: state, in: name)
        if let encoding = state.encoding {
            guard encoding.formula.source == state.training.formula else {
                throw ModelError.invalidFitState("\(name): its design encoding is not the one of its formula (was it edited?)")
            }
            do { try encoding.validate(fullCoding: nil) } catch let error as TabularError {
                throw ModelError.invalidFitState("\(name): \(error)")
            }
        }
        return state
    }

    /// Reads a partial file's bytes, checking its format, version and that it belongs to this state.
    package func decodePartial(_ bytes: [UInt8], name: String, stateSHA256: String) throws -> LogisticPartial {
        guard bytes.count <= Self.maximumFileBytes else { throw ModelError.invalidFitState("\(name): \(bytes.count) bytes, more than a partial file can hold (\(Self.maximumFileBytes))") }
        let partial: LogisticPartial
        do { partial = try JSONFormat.decoder().decode(LogisticPartial.self, from: Data(bytes)) } catch {
            throw ModelError.invalidFitState("\(name) is not a logistic partial (\((error as? DecodingError).map(ModelFileHeader.describe) ?? "\(error)"))")
        }
        guard partial.format == LogisticPartial.formatName else { throw ModelError.invalidFitState("\(name) is not a logistic partial (format '\(partial.format)')") }
        guard partial.version == LogisticPartial.currentVersion else { throw ModelError.invalidFitState("\(name): partial version \(partial.version) is not supported") }
        guard partial.stateSHA256 == stateSHA256, partial.pass == pass else {
            throw ModelError.invalidFitState("\(name) was computed from another state (pass \(partial.pass), state SHA-256 \(partial.stateSHA256.prefix(64))), not from this one (pass \(pass))")
        }
        guard partial.kind == request?.kind else { throw ModelError.invalidFitState("\(name) holds a \(partial.kind.rawValue) pass; the state asks for \(request?.kind.rawValue ?? "none")") }
        return partial
    }

    /// The state after adding `partials` (the pass the state asks for, in partition order), and the
    /// model file when the fit is finished: ``LogisticPassMerger`` fed the partials in order (a merge that reads
    /// partials from files adds each as it is read instead, holding one at a time).
    /// - Parameter provenance: the manifest template (Glassbox version, BLAS, time); its command line and
    ///   data record are replaced by the state's ``source`` and the merged row counts.
    package func merging(_ partials: [(name: String, partial: LogisticPartial)], provenance: Provenance) throws
        -> (state: LogisticFitState, model: LogisticModelFile?) {
        var merger = try LogisticPassMerger(state: self)
        for (name, partial) in partials { try merger.add(partial, name: name) }
        return try merger.finished(provenance: provenance)
    }

    /// An empty running sum of the data pass the state asks for (not the levels pass).
    func passSum() throws -> LogisticPassSum {
        guard status == Self.running, let request, request.kind != .levels else { throw ModelError.invalidFitState("the state asks for no data pass: there is nothing to merge") }
        guard let p = designTermNames?.count else { throw ModelError.invalidFitState("the state has no design encoding") }
        return LogisticPassSum(request: request, p: p)
    }

    /// The state after the data pass whose partials `sum` added (``passSum()``), before it is replayed.
    func adding(_ sum: LogisticPassSum) throws -> LogisticFitState {
        var next = self
        next.pass += 1
        next.history.append(try sum.answer(clusterColumn: training.clusterColumn))
        return next
    }

    /// Replays the fit over the recorded answers: the next request, or the finished model.
    func replayed(provenance: Provenance) throws -> (state: LogisticFitState, model: LogisticModelFile?) {
        guard let encoding, let levels else { throw ModelError.invalidFitState("the state has no design encoding") }
        let (next, fit) = try replayedFit()
        guard let fit else { return (next, nil) }
        var manifest = provenance
        manifest.commandLine = source.commandLine
        manifest.data = .init(path: source.dataName, sha256: source.dataSHA256, rowsRead: levels.rowsRead, rowsUsed: levels.rowsKept,
                              rowsDropped: levels.rowsRead - levels.rowsKept, missingByColumn: levels.missingByColumn)
        return (next, LogisticModelFile(encoding: encoding, model: regression, fit: fit, weights: training.weightsColumn,
                                        cluster: training.clusterColumn, manifest: manifest))
    }

    /// The regression the training options describe, on the state's design.
    private var regression: LogisticRegression {
        let options = training.training
        return LogisticRegression(penalty: options.penalty, covariance: options.clusterColumn != nil ? .cluster : options.covariance,
                                  tolerance: options.tolerance, maxIterations: options.maxIterations,
                                  hasIntercept: encoding?.interceptIndex == 0)
    }

    /// The design's column names: ``designTerms``, else the encoding's; nil before the levels pass.
    package var designTermNames: [String]? { designTerms ?? encoding?.termNames }

    /// Replays the fit algorithm over the recorded answers (the design encoding must be set): the state
    /// with its next request, or with status ``done`` and the fit. A fit that is one component of another
    /// model (an uplift model's outcome models, docs/scale.md §7) is driven through this and
    /// ``mergingPass(_:responseName:)``, without a levels pass or a model file of its own.
    /// - Parameter responseName: the outcome's name in the fit's messages (default: the encoding's).
    package func replayedFit(responseName: String? = nil) throws -> (state: LogisticFitState, fit: LogisticFit?) {
        guard let encoding else { throw ModelError.invalidFitState("the state has no design encoding") }
        let name = responseName ?? encoding.responseName ?? "outcome"
        var passes = LogisticReplayPasses(history: history, responseName: name, weightsName: training.weightsColumn)
        var next = self
        do {
            let fit = try regression.fit(passes: &passes, termNames: designTerms ?? encoding.termNames, responseName: name)
            next.status = Self.done
            next.request = nil
            return (next, fit)
        } catch let needed as LogisticPassNeeded {
            next.request = needed.request
            return (next, nil)
        }
    }

    /// The state after adding `partials` of a data pass (not the levels pass) in partition order, and
    /// the fit when it is finished (see ``replayedFit(responseName:)``).
    package func mergingPass(_ partials: [(name: String, partial: LogisticPartial)], responseName: String) throws
        -> (state: LogisticFitState, fit: LogisticFit?) {
        var sum = try passSum()
        for (name, partial) in partials { try sum.add(partial, name: name) }
        return try merging(sum, responseName: responseName)
    }

    /// The state after the data pass whose partials `sum` added, replayed: its next request, or its fit.
    func merging(_ sum: LogisticPassSum, responseName: String) throws -> (state: LogisticFitState, fit: LogisticFit?) {
        try adding(sum).replayedFit(responseName: responseName)
    }
}

extension LogisticFitState.Answer {
    init(request: LogisticPassRequest) {
        self.init(request: request, summary: nil, evaluation: nil, meat: nil, clusterCount: nil)
    }
}
