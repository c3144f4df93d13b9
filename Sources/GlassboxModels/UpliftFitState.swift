import Foundation
import GlassboxCore
import GlassboxTabular

/// The state of a distributed uplift fit between two passes (docs/scale.md §7): the training options,
/// the treatment arms and design encoding once the levels pass is merged, and one logistic fit state per
/// component (``LogisticFitState``, driven without a levels pass of its own; which components a learner
/// has is its ``plan``). The two-model learner's components are the control outcome model (component 0)
/// and each treated arm's outcome model (component k for `treated[k − 1]`); the S-learner's and class
/// transformation's are per arm, over the arm's rows and control's. Every pass after the levels pass
/// computes, in one read of a partition, the pass each active component asks for over its rows.
package struct UpliftFitState: Sendable, Codable, Equatable {
    package static let formatName = "glassbox-uplift-fit-state"
    /// The newest version written (``version(for:)``: 1 for two-model fits, whose layout is unchanged).
    package static let currentVersion = 2

    /// What a pass computes: the levels and arms of the experiment rows, or the components' passes.
    package enum Kind: String, Sendable, Codable { case levels, components }

    /// The options of `glassbox train uplift` the fit uses.
    package struct Training: Sendable, Codable, Equatable {
        package var formula: String
        package var treatment: UpliftTreatment
        package var learner: UpliftLearner
        package var propensity: UpliftPropensity
        /// "none", "l1" or "l2".
        package var penalty: String
        package var lambda: Double

        package init(formula: String, treatment: UpliftTreatment, model: UpliftModel) {
            self.formula = formula
            self.treatment = treatment
            learner = model.learner
            propensity = model.propensity
            penalty = model.penalty.fileName
            lambda = model.penalty.lambda
        }

        /// The uplift model these options describe.
        package var model: UpliftModel {
            UpliftModel(learner: learner, penalty: Penalty(fileName: penalty, lambda: lambda), propensity: propensity)
        }

        /// The logistic options of every component fit: the formula and the uplift model's penalty,
        /// tolerance and iterations, with no weights or clusters.
        package var componentTraining: LogisticTraining {
            let base = model.base
            return LogisticTraining(formula: formula, penalty: base.penalty, covariance: .nonrobust,
                                    tolerance: base.tolerance, maxIterations: base.maxIterations)
        }
    }

    package var format: String
    package var version: Int
    /// ``LogisticFitState/running`` or ``LogisticFitState/done``.
    package var status: String
    /// Passes made so far.
    package var pass: Int
    package var training: Training
    package var source: LogisticFitState.Source
    /// Rows read over every partition (all arms), from the levels pass.
    package var rowsRead: Int?
    /// The merged arms tally of the levels pass.
    package var arms: UpliftChunkArms.Tally?
    /// Merged level information of the experiment rows.
    package var levels: DesignLevels?
    package var encoding: DesignEncoding?
    /// The design builder's warnings (single-level factors…).
    package var designWarnings: [String]
    /// Complete experiment rows per arm (0 control, k treated k), from the levels pass; nil for the
    /// two-model learner, whose component summaries count them.
    package var keptPerArm: [Int]?
    /// Arms whose estimated propensity is fitted and has no row at 0 or 1 (class transformation, X-learner).
    package var checkedPropensities: [Int]?
    /// The X-learner's effect sums per treated arm, once merged.
    package var effectSums: [EffectSums]?
    /// One logistic fit per entry of ``plan`` (two-model: control outcome model, then one outcome model
    /// per treated value).
    package var components: [LogisticFitState]
    /// The next pass; nil when done.
    package var request: Kind?

    /// The first state: no data seen, the levels pass requested.
    /// - Throws: ``ModelError`` for a formula without outcome or with the treatment column, a learner not
    ///   fitted distributed (``distributedLearners``), or treatment values given twice.
    package init(formula: String, treatment: UpliftTreatment, model: UpliftModel, source: LogisticFitState.Source) throws {
        let parsed = try Formula.parse(formula)
        guard parsed.hasResponse else {
            throw ModelError.unsupportedOption("the formula \"\(formula)\" has no outcome: write it as \"outcome ~ predictors\"")
        }
        if parsed.sourceColumns.contains(treatment.column) {
            throw ModelError.unsupportedOption("the formula uses the treatment column '\(treatment.column)'; leave it out: the learner adds the treatment itself")
        }
        guard Self.distributedLearners.contains(model.learner) else { throw ModelError.unsupportedOption(Self.notDistributed(model.learner)) }
        if treatment.treated.isEmpty { throw ModelError.unsupportedOption("no treated value given") }
        if treatment.treated.count > Self.maximumTreatedValues {
            throw ModelError.unsupportedOption(Self.tooManyTreatedValues(treatment.treated.count))
        }
        if treatment.treated.contains(treatment.control) {
            throw ModelError.unsupportedOption("'\(treatment.control)' is given both as a treated and as the control value")
        }
        if Set(treatment.treated).count != treatment.treated.count {
            throw ModelError.unsupportedOption("a treated value is listed twice: \(treatment.treated.joined(separator: ", "))")
        }
        format = Self.formatName
        version = Self.version(for: model.learner)
        status = LogisticFitState.running
        pass = 0
        training = Training(formula: formula, treatment: treatment, model: model)
        self.source = source
        rowsRead = nil
        arms = nil
        levels = nil
        encoding = nil
        designWarnings = []
        keptPerArm = nil
        checkedPropensities = nil
        effectSums = nil
        components = []
        request = .levels
    }

    /// Most treated values (arms) a distributed uplift fit takes: each is one component fit per pass.
    package static let maximumTreatedValues = 1_000

    /// Why more than ``maximumTreatedValues`` treated values are refused.
    static func tooManyTreatedValues(_ count: Int) -> String {
        "\(count) treated values, more than the \(maximumTreatedValues) a distributed uplift fit takes"
    }

    /// Why a learner not in ``distributedLearners`` is refused.
    package static func notDistributed(_ learner: UpliftLearner) -> String {
        "a distributed uplift fit uses the \(distributedLearners.map(\.rawValue).joined(separator: ", ")) learners; the \(learner.rawValue) learner is fitted on one machine"
    }

    /// Reads a state file's bytes, checking its format, version, status and its components.
    package static func decode(_ bytes: [UInt8], name: String) throws -> UpliftFitState {
        guard bytes.count <= LogisticFitState.maximumFileBytes else {
            throw ModelError.invalidFitState("\(name): \(bytes.count) bytes, more than a state file can hold (\(LogisticFitState.maximumFileBytes))")
        }
        let state: UpliftFitState
        do { state = try JSONFormat.decoder().decode(UpliftFitState.self, from: Data(bytes)) } catch {
            throw ModelError.invalidFitState("\(name) is not an uplift fit state (\((error as? DecodingError).map(ModelFileHeader.describe) ?? "\(error)"))")
        }
        guard state.format == formatName else { throw ModelError.invalidFitState("\(name) is not an uplift fit state (format '\(state.format)', expected '\(formatName)')") }
        guard (1...currentVersion).contains(state.version) else {
            throw ModelError.invalidFitState("\(name): state version \(state.version) is not supported (this glassbox reads versions 1 to \(currentVersion))")
        }
        guard state.status == LogisticFitState.running || state.status == LogisticFitState.done else {
            throw ModelError.invalidFitState("\(name): unknown status '\(state.status)'")
        }
        guard distributedLearners.contains(state.training.learner) else { throw ModelError.invalidFitState("\(name): \(notDistributed(state.training.learner))") }
        guard state.version == version(for: state.training.learner) else {
            throw ModelError.invalidFitState("\(name): the state of a \(state.training.learner.rawValue) fit has version \(version(for: state.training.learner)), not \(state.version) (was it edited?)")
        }
        guard state.pass >= 0 else { throw ModelError.invalidFitState("\(name): pass \(state.pass)") }
        guard state.training.treatment.treated.count <= maximumTreatedValues else {
            throw ModelError.invalidFitState("\(name): \(tooManyTreatedValues(state.training.treatment.treated.count))")
        }
        try checkCounts(of: state, in: name)
        let armCount = state.training.treatment.treated.count + 1
        // Before the levels pass there are no components; after it, one per entry of the plan.
        let plan = state.plan
        let expected = state.request == .levels ? 0 : plan.count
        guard state.components.count == expected, expected == 0 || state.encoding != nil else {
            throw ModelError.invalidFitState("\(name): \(state.components.count) component fits for \(armCount) arms (was it edited?)")
        }
        // The design columns are bounded before anything is sized by them (docs/scale.md §2).
        if let encoding = state.encoding {
            try FitStateLimits.checkColumns(max(encoding.termNames.count, encoding.columns.count), in: name)
            guard encoding.formula.source == state.training.formula else {
                throw ModelError.invalidFitState("\(name): its design encoding is not the one of its formula (was it edited?)")
            }
        }
        try checkArms(of: state, in: name)
        for (k, component) in state.components.enumerated() {
            // Each component is checked as a logistic state file is, and must use the uplift fit's encoding.
            let bytes = try JSONFormat.encode(component)
            let checked = try LogisticFitState.decode(bytes, name: "\(name), component \(k)")
            guard checked.encoding == state.encoding, checked.training.formula == state.training.formula else {
                throw ModelError.invalidFitState("\(name), component \(k): its design encoding is not the uplift fit's (was it edited?)")
            }
            guard checked.training == LogisticFitState.Training(state.training.componentTraining) else {
                throw ModelError.invalidFitState("\(name), component \(k): its training options are not the uplift fit's (was it edited?)")
            }
            guard checked.designTerms == state.designTerms(plan[k], termNames: state.encoding?.termNames ?? []) else {
                throw ModelError.invalidFitState("\(name), component \(k): its design columns are not the \(plan[k].role.rawValue) model's (was it edited?)")
            }
        }
        return state
    }

    /// Checks the per-arm records of a state read from `name`: complete rows per arm (for the learners other
    /// than two-model, once the levels pass is merged) adding up to the rows kept, and checked propensities
    /// only of arms with an estimated propensity that is fitted.
    private static func checkArms(of state: UpliftFitState, in name: String) throws {
        let armCount = state.training.treatment.treated.count + 1
        if state.training.learner == .twoModel || state.levels == nil {
            guard state.keptPerArm == nil else { throw ModelError.invalidFitState("\(name): rows per arm where the fit keeps none (was it edited?)") }
        } else {
            let rowsKept = state.levels?.rowsKept ?? 0
            // Every arm keeps at least one row: the levels merge refuses an empty arm before any state holds counts.
            guard let kept = state.keptPerArm, kept.count == armCount, kept.allSatisfy({ $0 >= 1 && $0 <= rowsKept }),
                  kept.reduce((0, false), { ($0.0.addingReportingOverflow($1).partialValue, $0.1 || $0.0.addingReportingOverflow($1).overflow) }) == (rowsKept, false) else {
                throw ModelError.invalidFitState("\(name): its rows per arm are not \(armCount) counts adding up to the rows kept (was it edited?)")
            }
        }
        if let sums = state.effectSums {
            let p = state.encoding?.termNames.count ?? -1
            guard state.training.learner == .xLearner, sums.count == armCount - 1, sums.allSatisfy({ $0.hasColumns(p) && $0.isFinite }),
                  state.components.count == state.plan.count,
                  state.plan.indices.allSatisfy({ state.plan[$0].role == .propensity || state.components[$0].status == LogisticFitState.done }) else {
                throw ModelError.invalidFitState("\(name): effect sums that are not the x-learner's finite sums of \(armCount - 1) arms and \(p) design columns after its outcome models (was it edited?)")
            }
        }
        let checked = state.checkedPropensities ?? []
        guard Set(checked).count == checked.count,
              checked.allSatisfy({ arm in state.propensityComponent(arm: arm).map { state.components.indices.contains($0) && state.components[$0].status == LogisticFitState.done } ?? false }) else {
            throw ModelError.invalidFitState("\(name): a checked propensity that is not fitted (was it edited?)")
        }
    }

    /// Checks the row counts of a state read from `name`: they are added and subtracted when merged.
    private static func checkCounts(of state: UpliftFitState, in name: String) throws {
        if let rowsRead = state.rowsRead { _ = try ModelError.addingRowCount(rowsRead, to: 0, in: name) }
        if let levels = state.levels { try ModelError.checkCounts(levels, in: name) }
        for count in state.arms?.rowsPerArm ?? [] { _ = try ModelError.addingRowCount(count, to: 0, in: name) }
    }

    /// Reads a partial file's bytes, checking its format, version and that it belongs to this state.
    package func decodePartial(_ bytes: [UInt8], name: String, stateSHA256: String) throws -> UpliftPartial {
        guard bytes.count <= LogisticFitState.maximumFileBytes else {
            throw ModelError.invalidFitState("\(name): \(bytes.count) bytes, more than a partial file can hold (\(LogisticFitState.maximumFileBytes))")
        }
        let partial: UpliftPartial
        do { partial = try JSONFormat.decoder().decode(UpliftPartial.self, from: Data(bytes)) } catch {
            throw ModelError.invalidFitState("\(name) is not an uplift partial (\((error as? DecodingError).map(ModelFileHeader.describe) ?? "\(error)"))")
        }
        guard partial.format == UpliftPartial.formatName else { throw ModelError.invalidFitState("\(name) is not an uplift partial (format '\(partial.format)')") }
        guard partial.version == version else { throw ModelError.invalidFitState("\(name): partial version \(partial.version) is not supported") }
        guard partial.stateSHA256 == stateSHA256, partial.pass == pass else {
            throw ModelError.invalidFitState("\(name) was computed from another state (pass \(partial.pass), state SHA-256 \(partial.stateSHA256.prefix(64))), not from this one (pass \(pass))")
        }
        guard partial.kind == request else { throw ModelError.invalidFitState("\(name) holds a \(partial.kind.rawValue) pass; the state asks for \(request?.rawValue ?? "none")") }
        return partial
    }
}
